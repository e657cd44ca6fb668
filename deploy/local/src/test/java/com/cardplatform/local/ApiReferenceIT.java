package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.cardplatform.reference.ApiPage;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The API reference as a partner sees it: each page of {@link ApiPage#ALL} loaded through the stack's HTTPS front
 * door in a real headless browser (Debian's {@code chromium}), its rendered DOM showing every operation (method
 * and path) of the API as the owning service publishes it ({@code /q/openapi}, operations of the page's tags) and
 * no other; the page's document sends "Try it out" to the page's own origin; and the browser contacted no other
 * origin than the front door while loading the page (every connection it opens goes through a recording proxy of
 * this test, which lets only the front door through).
 *
 * <p>chromium is required: a machine without it fails this test with the command that installs it. Where
 * {@code .ci/run} could not install it, it sets {@code PLATFORM_BROWSER_UNAVAILABLE} to the reason, and the test is
 * skipped with that reason.</p>
 */
@Order(3) // reads only; before the tests that stop and restart services
class ApiReferenceIT {

    private static final Pattern OPERATION = Pattern.compile(
            "class=\"opblock-summary-method\"[^>]*>([A-Za-z]+)</span>.*?data-path=\"([^\"]*)\"", Pattern.DOTALL);
    private static final Pattern REFERENCE = Pattern.compile("\\b(src|href)=\"([^\"]*)\"");
    /**
     * Hosts chromium contacts on its own (sign-in, component and variations services), whatever page it shows; the
     * proxy refuses them like any other host, and they are not counted as the page's. Exact names: a page resource
     * from any other host of the same companies (fonts, CDNs) still counts.
     */
    static final Set<String> BROWSER_SERVICES = Set.of("clients2.google.com:80", "clients2.google.com:443",
            "www.google.com:443", "accounts.google.com:443", "update.googleapis.com:443",
            "optimizationguide-pa.googleapis.com:443", "safebrowsingohttpgateway.googleapis.com:443",
            "content-autofill.googleapis.com:443", "redirector.gvt1.com:443");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private static SharedStack shared;
    private static Path chromium;
    private static OriginRecorder proxy;

    @BeforeAll
    static void browserAndStack() throws Exception {
        String unavailable = System.getenv("PLATFORM_BROWSER_UNAVAILABLE");
        Assumptions.assumeTrue(unavailable == null || unavailable.isBlank(),
                "no headless browser on this machine: " + unavailable);
        chromium = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElseGet(() -> fail(
                        "the API reference test needs Debian's chromium at /usr/bin/chromium: apt-get install -y chromium "
                                + "(.ci/run installs it)"));
        shared = SharedStack.get();
        proxy = new OriginRecorder(shared.settings().frontDoorPort());
    }

    @AfterAll
    static void stopProxy() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
    }

    static Stream<String> pages() {
        return ApiPage.ALL.stream().map(ApiPage::slug);
    }

    @ParameterizedTest
    @MethodSource("pages")
    void eachPageShowsEveryOperationOfItsApiAndNothingFromAnotherOrigin(String slug) throws Exception {
        ApiPage page = ApiPage.bySlug(slug).orElseThrow();
        JsonNode published = SharedStack.JSON.readTree(shared.direct(page.service(), "/q/openapi?format=json"));
        Set<String> expected = operations(published, page.tags(), true);
        Set<String> others = operations(published, page.tags(), false);
        assertFalse(expected.isEmpty(), page.service() + " publishes no operation of " + page.tags());

        // the document the page shows: the same operations, and "Try it out" goes to the page's own origin
        HttpResponse<String> document = get(page.path() + "/openapi.json");
        assertEquals(200, document.statusCode(), document.body());
        JsonNode shown = SharedStack.JSON.readTree(document.body());
        assertEquals(expected, operations(shown, page.tags(), true));
        assertEquals(Set.of(), operations(shown, page.tags(), false), "only the API's operations");
        assertEquals(1, shown.path("servers").size());
        assertEquals("/", shown.path("servers").get(0).path("url").asText());

        HttpResponse<String> html = get(page.path());
        assertEquals(200, html.statusCode());
        String csp = html.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'") && csp.contains("connect-src 'self'"), csp);

        String origin = "localhost:" + shared.settings().frontDoorPort();
        proxy.clear();
        String dom = render(shared.baseUrl() + page.path());
        assertFalse(dom.contains("Failed to load API definition"), dom);
        Set<String> rendered = new TreeSet<>();
        Matcher m = OPERATION.matcher(dom);
        while (m.find()) {
            rendered.add(m.group(1).toUpperCase() + " " + m.group(2).replace("&amp;", "&"));
        }
        assertEquals(expected, rendered, "operations rendered on " + page.path());
        for (String other : others) {
            assertFalse(rendered.contains(other), other + " belongs to another API than " + page.title());
        }
        assertEquals(Set.of(origin), proxy.pageOrigins(), "the page loads from the front door only");
        assertSameOriginReferences(dom);
    }

    @Test
    void theIndexLinksEveryPage() throws Exception {
        proxy.clear();
        String dom = render(shared.baseUrl() + "/docs");
        for (ApiPage page : ApiPage.ALL) {
            assertTrue(dom.contains("href=\"" + page.path() + "\""), page.path() + " on the index:\n" + dom);
            assertTrue(dom.contains(page.title()), page.title());
        }
        assertEquals(Set.of("localhost:" + shared.settings().frontDoorPort()), proxy.pageOrigins());
        assertSameOriginReferences(dom);
    }

    /** Every src and href of the rendered page names a path of this origin (no scheme, no host). */
    static void assertSameOriginReferences(String dom) {
        Matcher m = REFERENCE.matcher(dom);
        while (m.find()) {
            String ref = m.group(2);
            assertTrue(ref.startsWith("/") && !ref.startsWith("//") || ref.startsWith("#") || ref.startsWith("data:")
                    || ref.startsWith("blob:"), m.group() + " refers to another origin");
        }
    }

    /** "METHOD path" of the document's operations with one of the tags ({@code tagged}) or none of them. */
    static Set<String> operations(JsonNode doc, Set<String> tags, boolean tagged) {
        Set<String> found = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                boolean has = false;
                for (JsonNode tag : op.getValue().path("tags")) {
                    has |= tags.contains(tag.asText());
                }
                if (has == tagged) {
                    found.add(op.getKey().toUpperCase() + " " + path.getKey());
                }
            }
        }
        return found;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return shared.http().send(HttpRequest.newBuilder(URI.create(shared.baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The DOM of a page after headless chromium ran its scripts. The browser trusts the front door's certificate by
     * its public key only, and every connection it makes goes through the recording proxy (loopback included).
     */
    static String render(String url) throws Exception {
        Path profile = Files.createTempDirectory("api-reference-chromium");
        Path out = profile.resolve("dom.html");
        Path err = profile.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage",
                "--no-pings", "--no-default-browser-check", "--disable-default-apps", "--disable-domain-reliability",
                "--disable-client-side-phishing-detection",
                "--user-data-dir=" + profile.resolve("profile"),
                "--proxy-server=http://127.0.0.1:" + proxy.port(), "--proxy-bypass-list=<-loopback>",
                "--ignore-certificate-errors-spki-list=" + spki(shared.stack().secrets().certificate()),
                "--virtual-time-budget=20000", "--dump-dom", url));
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("chromium did not finish loading " + url + " in 120 s: " + Files.readString(err));
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "chromium on " + url + ": " + Files.readString(err));
        assertTrue(dom.contains("</html>"), "no page from chromium for " + url + ": " + Files.readString(err));
        return dom;
    }

    /** base64(SHA-256(SubjectPublicKeyInfo)) of a certificate: what chromium's SPKI allow-list takes. */
    static String spki(Path certificate) throws Exception {
        try (InputStream in = Files.newInputStream(certificate)) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
        }
    }

    /**
     * An HTTP proxy that records the origin (host:port) of every connection the browser asks for, tunnels those to
     * the front door and refuses every other one (403): nothing reaches another host, and the test sees each try.
     */
    static final class OriginRecorder implements AutoCloseable {
        private final ServerSocket server;
        private final int frontDoorPort;
        private final Set<String> origins = ConcurrentHashMap.newKeySet();

        OriginRecorder(int frontDoorPort) throws IOException {
            this.frontDoorPort = frontDoorPort;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(this::accept, "origin-recorder");
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return server.getLocalPort();
        }

        /** The origins the browser asked for, less its own services ({@link #BROWSER_SERVICES}). */
        Set<String> pageOrigins() {
            Set<String> page = new TreeSet<>(origins);
            page.removeAll(BROWSER_SERVICES);
            return page;
        }

        void clear() {
            origins.clear();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Thread t = new Thread(() -> serve(client), "origin-recorder-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket client) {
            try (client) {
                InputStream in = client.getInputStream();
                String head = readHead(in);
                String[] request = head.split("\r\n", 2)[0].split(" ");
                if (request.length < 2) {
                    return;
                }
                String target = request[1];
                if (!"CONNECT".equals(request[0])) {
                    URI uri = URI.create(target);
                    target = uri.getHost() + ":" + (uri.getPort() < 0 ? 80 : uri.getPort());
                }
                origins.add(target);
                OutputStream toClient = client.getOutputStream();
                boolean frontDoor = "CONNECT".equals(request[0])
                        && (target.equals("localhost:" + frontDoorPort) || target.equals("127.0.0.1:" + frontDoorPort));
                if (!frontDoor) {
                    toClient.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), frontDoorPort)) {
                    toClient.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    toClient.flush();
                    Thread up = new Thread(() -> pipe(in, upstream), "origin-recorder-up");
                    up.setDaemon(true);
                    up.start();
                    pipe(upstream.getInputStream(), client);
                    up.join(5_000);
                }
            } catch (IOException | InterruptedException e) {
                // the browser or the front door closed the connection
            }
        }

        private static void pipe(InputStream from, Socket to) {
            try {
                from.transferTo(to.getOutputStream());
                to.shutdownOutput();
            } catch (IOException e) {
                // closed
            }
        }

        private static String readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                head.append((char) c);
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    break;
                }
                if (head.length() > 16_384) {
                    break;
                }
            }
            return head.toString();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
