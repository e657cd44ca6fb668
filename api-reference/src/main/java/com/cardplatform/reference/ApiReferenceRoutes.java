package com.cardplatform.reference;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.quarkus.smallrye.openapi.runtime.OpenApiConstants;
import io.quarkus.smallrye.openapi.runtime.OpenApiDocumentService;
import io.smallrye.openapi.runtime.io.Format;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Serves the reference pages of the APIs this service publishes ({@code platform.api-reference.pages}, slugs of
 * {@link ApiPage#ALL}) and the index {@code /docs}:
 * <ul>
 * <li>{@code /docs/<slug>}: Swagger UI over the API's document;</li>
 * <li>{@code /docs/<slug>/openapi.json}: the API's part of the document {@code /q/openapi} serves
 * ({@link ReferenceDocument}), with this site as its server;</li>
 * <li>{@code /docs/<slug>/assets/<file>}: Swagger UI's files from its packaged distribution (the webjar) and the
 * page's own script and style sheet.</li>
 * </ul>
 * Each answer carries the pages' own Content-Security-Policy (this origin only, {@link ReferencePages#CSP}); the
 * APIs' answers are not touched. Nothing here needs a token: the pages describe the APIs, they grant nothing.
 */
@ApplicationScoped
public class ApiReferenceRoutes {

    static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    static final String OWN = "META-INF/api-reference/";
    /** The files a page loads, and where each comes from. */
    static final Map<String, String> ASSETS = Map.of(
            "swagger-ui-bundle.js", WEBJAR,
            "swagger-ui.css", WEBJAR,
            "favicon-32x32.png", WEBJAR,
            "reference.js", OWN,
            "reference.css", OWN);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ApiPage> pages;
    private final Map<String, Buffer> assets = new ConcurrentHashMap<>();
    private final Map<String, Buffer> documents = new ConcurrentHashMap<>();

    public ApiReferenceRoutes(@ConfigProperty(name = "platform.api-reference.pages") Optional<List<String>> slugs) {
        List<ApiPage> owned = new ArrayList<>();
        for (String slug : slugs.orElse(List.of())) {
            owned.add(ApiPage.bySlug(slug.trim()).orElseThrow(() -> new IllegalArgumentException(
                    "platform.api-reference.pages: no API page '" + slug + "'; known: "
                            + ApiPage.ALL.stream().map(ApiPage::slug).toList())));
        }
        this.pages = List.copyOf(owned);
    }

    void install(@Observes Router router) {
        if (pages.isEmpty()) {
            return;
        }
        Buffer index = Buffer.buffer(ReferencePages.index(ApiPage.ALL));
        router.get("/docs").handler(rc -> send(rc, "text/html; charset=utf-8", "no-cache", index));
        for (ApiPage page : pages) {
            Buffer html = Buffer.buffer(ReferencePages.page(page));
            router.get(page.path()).handler(rc -> send(rc, "text/html; charset=utf-8", "no-cache", html));
            router.get(page.path() + "/openapi.json").handler(rc -> document(rc, page));
            router.get(page.path() + "/assets/:file").handler(this::asset);
        }
    }

    private void document(RoutingContext rc, ApiPage page) {
        Buffer cached = documents.get(page.slug());
        if (cached != null) {
            send(rc, "application/json", "no-cache", cached);
            return;
        }
        rc.vertx().<Buffer>executeBlocking(() -> documents.computeIfAbsent(page.slug(), s -> render(page)), false)
                .onSuccess(doc -> send(rc, "application/json", "no-cache", doc))
                .onFailure(rc::fail);
    }

    /** The API's part of the service's published document (the bytes /q/openapi serves, as JSON). */
    private static Buffer render(ApiPage page) {
        OpenApiDocumentService service = Arc.container().instance(OpenApiDocumentService.class).get();
        byte[] published = service.getDocument(OpenApiConstants.DEFAULT_DOCUMENT_NAME, Format.JSON);
        try {
            return Buffer.buffer(JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(ReferenceDocument.of(JSON.readTree(published), page)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void asset(RoutingContext rc) {
        String file = rc.pathParam("file");
        String location = ASSETS.get(file);
        if (location == null) {
            rc.next();
            return;
        }
        Buffer content = assets.computeIfAbsent(file, f -> load(location, f));
        send(rc, contentType(file), "public, max-age=3600", content);
    }

    static Buffer load(String location, String file) {
        String resource = (location.equals(WEBJAR) ? WEBJAR + swaggerUiVersion() + "/" : location) + file;
        try (InputStream in = resourceStream(resource)) {
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    /** The version of the packaged Swagger UI (its webjar's Maven coordinates). */
    static String swaggerUiVersion() {
        Properties properties = new Properties();
        try (InputStream in = resourceStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    private static InputStream resourceStream(String resource) {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource);
        if (in == null) {
            in = ApiReferenceRoutes.class.getClassLoader().getResourceAsStream(resource);
        }
        if (in == null) {
            throw new IllegalStateException("Missing on the class path: " + resource);
        }
        return in;
    }

    static String contentType(String file) {
        if (file.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (file.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "image/png";
    }

    private static void send(RoutingContext rc, String contentType, String cacheControl, Buffer body) {
        HttpServerResponse response = rc.response();
        response.putHeader("Content-Type", contentType)
                .putHeader("Cache-Control", cacheControl)
                .putHeader("Content-Security-Policy", ReferencePages.CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Cross-Origin-Resource-Policy", "same-origin")
                .end(body);
    }
}
