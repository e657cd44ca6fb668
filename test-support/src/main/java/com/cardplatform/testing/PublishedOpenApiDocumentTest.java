package com.cardplatform.testing;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A service's published OpenAPI document (GET /q/openapi, what a partner feeds its code generator), checked with
 * {@link OpenApiDocuments}: read by swagger-parser without any message, the security schemes the service is meant
 * to publish, no two paths that resolve the same request, and, where the service keeps one, everything its
 * reference document says. A copy of the document is left in {@code target/published-openapi.json} for review.
 *
 * <p>Each service's {@code OpenApiDocumentTest} extends this under {@code @QuarkusTest} with its own test resource
 * and states only what is its own: its {@link Security} and its reference document; it may add tests of its own
 * on {@link #published()}.
 */
public abstract class PublishedOpenApiDocumentTest {

    /** The security a service's document declares. */
    protected enum Security {
        /** The platform's one bearer scheme ({@value OpenApiDocuments#SECURITY_SCHEME}), and only it, everywhere. */
        PLATFORM_BEARER(OpenApiDocuments::assertBearerSchemeNamedConsistently),
        /** No security scheme at all: an API that takes no bearer token (the token service itself). */
        NONE(OpenApiDocuments::assertNoSecurityScheme);

        private final Consumer<String> check;

        Security(Consumer<String> check) {
            this.check = check;
        }
    }

    private final Security security;
    private final String reference;

    /** A document checked without a reference document. */
    protected PublishedOpenApiDocumentTest(Security security) {
        this(security, null);
    }

    /**
     * A document that must still say all that {@code reference} (a classpath resource, such as
     * {@code /openapi-reference.json}) says.
     */
    protected PublishedOpenApiDocumentTest(Security security, String reference) {
        this.security = security;
        this.reference = reference;
    }

    /** The document as published now (JSON); each call fetches it again and refreshes the copy in target/. */
    protected static String published() throws IOException {
        String document = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString();
        Files.writeString(Path.of("target", "published-openapi.json"), document);
        return document;
    }

    @Test
    void thePublishedDocumentIsValidOpenApi() throws IOException {
        OpenApiDocuments.assertValid(published());
    }

    @Test
    void theSecuritySchemesAreTheOnesTheServiceTakes() throws IOException {
        security.check.accept(published());
    }

    @Test
    void noTwoPathsResolveTheSameRequest() throws IOException {
        OpenApiDocuments.assertPathsResolveUnambiguously(published());
    }

    @Test
    void thePublishedDocumentSaysAllTheReferenceSays() throws IOException {
        Assumptions.assumeTrue(reference != null, "this service keeps no reference document");
        try (InputStream in = getClass().getResourceAsStream(reference)) {
            if (in == null) {
                throw new AssertionError("No reference document " + reference + " on the test classpath");
            }
            OpenApiDocuments.assertCovers(published(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
