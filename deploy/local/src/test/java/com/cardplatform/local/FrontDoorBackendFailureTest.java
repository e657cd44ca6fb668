package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.PemTrustOptions;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A service that dies under a request (SIGKILL: the connection closes without an answer) or is not running at all
 * (connection refused): the front door answers 502 at once, in its neutral JSON, over HTTP/1.1 and HTTP/2, instead of
 * leaving the partner's request hanging.
 */
class FrontDoorBackendFailureTest {

    static Vertx vertx;
    static FrontDoor frontDoor;
    static int port;
    static Path certificate;
    static HttpClient http1;
    static HttpClient http2;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        // rewards-account-service: reads the request, then drops the connection without a word (a killed process)
        NetServer dying = vertx.createNetServer().connectHandler(socket -> socket.handler(data -> socket.close()));
        int dyingPort = dying.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Map<String, FrontDoor.Backend> backends = new LinkedHashMap<>();
        for (String service : StackSettings.DEFAULT_PORTS.keySet()) {
            backends.put(service, new FrontDoor.Backend("127.0.0.1",
                    service.equals("rewards-account-service") || service.equals("activation-service") ? dyingPort : closedPort));
        }
        Path dir = Files.createTempDirectory("front-door-failure-test");
        LocalSecrets secrets = new LocalSecrets(dir);
        secrets.ensure(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        frontDoor = new FrontDoor(vertx, IngressRoutingTest.ROUTES, backends, false);
        certificate = secrets.certificate();
        port = frontDoor.listen("127.0.0.1", 0, secrets.keyStore(), secrets.keyStorePassword())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        PemTrustOptions trust = new PemTrustOptions().addCertPath(secrets.certificate().toString());
        http1 = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustOptions(trust)
                .setDefaultHost("localhost").setDefaultPort(port));
        http2 = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustOptions(trust).setUseAlpn(true)
                .setProtocolVersion(HttpVersion.HTTP_2).setDefaultHost("localhost").setDefaultPort(port));
    }

    @AfterAll
    static void stop() throws Exception {
        frontDoor.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    record Answer(int status, String body, long millis) {
    }

    static Answer send(HttpClient client, HttpMethod method, String uri, String body) throws Exception {
        long started = System.nanoTime();
        Future<Answer> answer = client.request(new RequestOptions().setMethod(method).setURI(uri)
                        .putHeader("Content-Type", "application/json"))
                .compose(req -> (body == null ? req.send() : req.send(Buffer.buffer(body)))
                        .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), b.toString(),
                                (System.nanoTime() - started) / 1_000_000))));
        return answer.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void aServiceThatDiesUnderTheRequestIsA502AtOnce() throws Exception {
        for (HttpClient client : new HttpClient[] {http1, http2}) {
            for (int i = 0; i < 3; i++) {
                Answer post = send(client, HttpMethod.POST, "/partner/publishers", "{\"external_id\":\"x\",\"name\":\"y\"}");
                assertEquals(502, post.status(), post.body());
                assertTrue(post.millis() < 5_000, post.millis() + " ms");
                assertEquals("{\"status\":502,\"error\":\"bad_gateway\",\"message\":\"The service of this API did not answer\"}",
                        post.body());
                Answer get = send(client, HttpMethod.GET, "/partner/card-accounts/triple-x", null);
                assertEquals(502, get.status(), get.body());
            }
        }
    }

    /** The JDK's client (HTTP/2 over ALPN, as the ITs and many partners use) gets the 502 too, without waiting. */
    @Test
    void aJdkHttp2ClientGetsThe502AtOnce() throws Exception {
        java.net.http.HttpClient jdk = SharedStack.client(certificate);
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            java.net.http.HttpResponse<String> r = jdk.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("https://localhost:" + port + "/partner/publishers"))
                    .timeout(java.time.Duration.ofSeconds(20)).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"external_id\":\"x\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(502, r.statusCode(), r.body());
            assertEquals(java.net.http.HttpClient.Version.HTTP_2, r.version());
            assertTrue((System.nanoTime() - started) / 1_000_000 < 5_000);
        }
    }

    /** A large body that the dying service stops reading half way: still a 502 at once. */
    @Test
    void aServiceThatDiesWhileReadingALargeBodyIsA502AtOnce() throws Exception {
        String large = "[" + "{\"quoteNumber\":\"1\",\"proxyNumber\":\"2\",\"activationCode\":\"abcd\"},".repeat(9000) + "{}]";
        java.net.http.HttpClient jdk = SharedStack.client(certificate);
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            java.net.http.HttpResponse<String> r = jdk.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("https://localhost:" + port + "/cards/v1/set-activation-codes"))
                    .timeout(java.time.Duration.ofSeconds(20)).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(large)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(502, r.statusCode(), r.body());
            assertTrue((System.nanoTime() - started) / 1_000_000 < 5_000);
            Answer h1 = send(http1, HttpMethod.POST, "/cards/v1/set-activation-codes", large);
            assertEquals(502, h1.status(), h1.body());
            assertTrue(h1.millis() < 5_000, h1.millis() + " ms");
        }
    }

    @Test
    void aServiceThatIsNotListeningIsA502AtOnce() throws Exception {
        for (HttpClient client : new HttpClient[] {http1, http2}) {
            Answer answer = send(client, HttpMethod.POST, "/issuers/LOCAL00001/cards", "{}");
            assertEquals(502, answer.status(), answer.body());
            assertTrue(answer.millis() < 5_000, answer.millis() + " ms");
            assertEquals("{\"status\":502,\"error\":\"bad_gateway\",\"message\":\"The service of this API did not answer\"}",
                    answer.body());
        }
    }
}
