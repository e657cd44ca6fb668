package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The front door over real HTTPS, with one stand-in HTTP server per service that answers with its own name:
 * every API path reaches the service the Ingress names, refusals are neutral JSON and reach no service,
 * body-size and rate limits are applied as the Ingress annotations say.
 */
class FrontDoorTest {

    static Vertx vertx;
    static FrontDoor frontDoor;
    static HttpClient http;
    static HttpClient http2;
    static int port;
    static final List<HttpServer> backends = new ArrayList<>();
    static final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Map<String, FrontDoor.Backend> ports = new LinkedHashMap<>();
        for (String service : StackSettings.DEFAULT_PORTS.keySet()) {
            HttpServer server = await(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
                seen.add(service + " " + req.uri());
                MultiMap h = req.headers();
                req.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                        .put("service", service)
                        .put("uri", req.uri())
                        .put("bodyLength", body.length())
                        .put("forwardedProto", h.get("X-Forwarded-Proto"))
                        .put("realIp", h.get("X-Real-IP"))
                        .put("requestId", h.get("X-Request-ID"))
                        .encode());
            })).listen(0, "127.0.0.1"));
            backends.add(server);
            ports.put(service, new FrontDoor.Backend("127.0.0.1", server.actualPort()));
        }
        Path dir = Files.createTempDirectory("front-door-test");
        LocalSecrets secrets = new LocalSecrets(dir);
        secrets.ensure(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        frontDoor = new FrontDoor(vertx, IngressRoutingTest.ROUTES, ports);
        port = await(frontDoor.listen("127.0.0.1", 0, secrets.keyStore(), secrets.keyStorePassword())).actualPort();
        // Clients trust the generated certificate (and check the host name) instead of trusting everything
        PemTrustOptions trust = new PemTrustOptions().addCertPath(secrets.certificate().toString());
        http = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustOptions(trust).setVerifyHost(true)
                .setDefaultHost("localhost").setDefaultPort(port));
        http2 = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustOptions(trust).setVerifyHost(true)
                .setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2).setDefaultHost("localhost").setDefaultPort(port));
    }

    @AfterAll
    static void stop() throws Exception {
        await(frontDoor.close());
        await(vertx.close());
    }

    @BeforeEach
    void clear() {
        seen.clear();
    }

    record Answer(int status, String contentType, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    static Answer send(HttpClient client, HttpMethod method, String uri, Buffer body, boolean chunked) throws Exception {
        return await(client.request(new RequestOptions().setMethod(method).setURI(uri)).compose(req -> {
            if (chunked) {
                req.setChunked(true);
            }
            Future<io.vertx.core.http.HttpClientResponse> sent = body == null ? req.send() : req.send(body);
            return sent.compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(),
                    resp.getHeader("Content-Type"), b.toString())));
        }));
    }

    static Answer get(String uri) throws Exception {
        return send(http, HttpMethod.GET, uri, null, false);
    }

    @Test
    void everyApiPathReachesItsServiceWithTheForwardingHeaders() throws Exception {
        for (Map.Entry<String, String> sample : IngressRoutingTest.SAMPLES.entrySet()) {
            Answer answer = get(sample.getKey() + "?q=1");
            assertEquals(200, answer.status(), sample.getKey());
            JsonObject json = answer.json();
            assertEquals(sample.getValue(), json.getString("service"), sample.getKey());
            assertEquals(sample.getKey() + "?q=1", json.getString("uri"), "the path and query are forwarded as sent");
            assertEquals("https", json.getString("forwardedProto"));
            assertEquals("127.0.0.1", json.getString("realIp"));
            assertEquals(32, json.getString("requestId").length());
        }
    }

    @Test
    void http2ClientsAreServedToo() throws Exception {
        Answer answer = send(http2, HttpMethod.GET, "/partner/publishers", null, false);
        assertEquals(200, answer.status());
        assertEquals("rewards-account-service", answer.json().getString("service"));
    }

    @Test
    void internalHealthAndUnknownPathsAreANeutral404ThatReachesNoService() throws Exception {
        for (String path : IngressRoutingTest.NOT_ROUTED) {
            Answer answer = get(path);
            assertEquals(404, answer.status(), path);
            assertEquals("application/json", answer.contentType());
            assertEquals("{\"status\":404,\"error\":\"not_found\",\"message\":\"No API is served at this path\"}",
                    answer.body(), path);
        }
        assertTrue(seen.isEmpty(), "no service was called: " + seen);
    }

    @Test
    void pathsNotInNormalFormAreA400ThatReachesNoService() throws Exception {
        for (String path : List.of("/issuers/I/consumers/../../internal/x", "/partner/../q/health",
                "/partner/%2e%2e/q/health", "/partner%2Fpublishers", "/partner//publishers")) {
            Answer answer = get(path);
            assertEquals(400, answer.status(), path);
            assertEquals("{\"status\":400,\"error\":\"bad_request\",\"message\":\"The request path is not in normal form\"}",
                    answer.body(), path);
        }
        assertTrue(seen.isEmpty(), "no service was called: " + seen);
    }

    @Test
    void bodiesAboveTheApiLimitAreA413ThatReachesNoService() throws Exception {
        Answer tooLarge = send(http, HttpMethod.POST, "/partner/card-account.by-ids", Buffer.buffer(new byte[16 * 1024 + 1]), false);
        assertEquals(413, tooLarge.status());
        assertEquals("{\"status\":413,\"error\":\"payload_too_large\",\"message\":\"The request body exceeds 16384 bytes, "
                + "the limit of this API\"}", tooLarge.body());
        Answer chunked = send(http, HttpMethod.POST, "/partner/card-account.by-ids", Buffer.buffer(new byte[20_000]), true);
        assertEquals(413, chunked.status());
        Answer http2TooLarge = send(http2, HttpMethod.POST, "/oauth2/token", Buffer.buffer(new byte[20_000]), false);
        assertEquals(413, http2TooLarge.status());
        assertTrue(seen.isEmpty(), "no service was called: " + seen);
    }

    @Test
    void bodiesWithinTheLimitAreForwardedWhole() throws Exception {
        // activation's limit is the largest: 2 MiB passes there, and is refused by the 64 KiB card-service API
        Answer activation = send(http, HttpMethod.POST, "/cards/v1/set-activation-codes",
                Buffer.buffer(new byte[2 * 1024 * 1024]), false);
        assertEquals(200, activation.status());
        assertEquals(2 * 1024 * 1024, activation.json().getInteger("bodyLength"));
        assertEquals(413, send(http, HttpMethod.PUT, "/v1/cards/status/detail", Buffer.buffer(new byte[64 * 1024 + 1]),
                false).status());
        Answer chunked = send(http, HttpMethod.POST, "/issuers/I/physicalCards/C/operations:track",
                Buffer.buffer(new byte[30_000]), true);
        assertEquals(200, chunked.status());
        assertEquals(30_000, chunked.json().getInteger("bodyLength"));
    }

    @Test
    void aClientAboveTheIngressRateLimitGets429() throws Exception {
        // auth-service's Ingress: limit-rps 10, burst 10 x 5 = 50. Other tests of this class send token requests
        // from the same address (one bucket): a second at 10/s refills what they may have taken just before
        Thread.sleep(1_000);
        int accepted = 0;
        int limited = 0;
        for (int i = 0; i < 80; i++) {
            Answer answer = send(http, HttpMethod.POST, "/oauth2/token", Buffer.buffer("grant_type=client_credentials"), false);
            if (answer.status() == 429) {
                limited++;
                assertEquals("too_many_requests", answer.json().getString("error"));
            } else {
                accepted++;
            }
        }
        assertTrue(accepted >= 50, "the burst is served: " + accepted);
        assertTrue(limited > 0, "requests above the burst are refused");
        // Another API has its own limit
        assertEquals(200, get("/partner/publishers").status());
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
