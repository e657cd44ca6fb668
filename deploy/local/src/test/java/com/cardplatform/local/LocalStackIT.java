package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole platform, end to end, as a partner uses it: the local stack (embedded PostgreSQL, the six packaged
 * services, the HTTPS front door) on free ports with its own data directory, and every call made ONLY through
 * the front door with tokens ONLY from the token endpoint. A consumer and its cards are registered, a card is
 * tracked with a JWE encrypted to the published key, blocked through the Citi API, 1,000 activation codes are
 * set, a Triple card account is created and looked up, the consumer is deleted and the cascade watched until
 * the operation is SUCCESSFUL and the cards are DELETED; /internal and /q are not reachable from outside.
 * Finally the stack is restarted on the same data directory: keys, clients and data are still there.
 *
 * <p>The stack is the JVM's {@link SharedStack}, which the hardening ITs use after this class.</p>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.Order(1)
class LocalStackIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ISSUER = LocalSecrets.DEMO_ISSUER;
    static final String RUN = Long.toString(System.currentTimeMillis(), 36).toUpperCase();
    static final String CONSUMER = "e2e-consumer-" + RUN;
    static final String ACCOUNT = "E2E-ACC-" + RUN;
    static final String DEBIT_CARD = "E2E-DEBIT-" + RUN;
    static final String CREDIT_CARD = "E2E-CREDIT-" + RUN;

    static SharedStack shared;
    static StackSettings settings;
    static LocalStack stack;
    static HttpClient http;
    static String deleteOperation;

    @BeforeAll
    static void startTheStack() {
        shared = SharedStack.get();
        settings = shared.settings();
        stack = shared.stack();
        http = shared.http();
    }

    @Test
    @Order(1)
    void registersAConsumerAndItsCards() throws Exception {
        String token = token("local-d1-issuer");
        Response registered = call("POST", "/issuers/" + ISSUER + "/consumers", token,
                Map.of("consumerId", CONSUMER, "accounts", List.of(Map.of("accountId", ACCOUNT))));
        assertEquals(201, registered.status(), registered.body());
        assertEquals("SUCCESSFUL", registered.json().path("status").asText(), registered.body());

        for (String[] card : List.of(new String[] {DEBIT_CARD, "DEBIT", "4111111111111111"},
                new String[] {CREDIT_CARD, "CREDIT", "5555555555554444"})) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("cardId", card[0]);
            body.put("consumerId", CONSUMER);
            body.put("accountId", ACCOUNT);
            body.put("productType", card[1]);
            body.put("pan", card[2]);
            Response provisioned = call("POST", "/issuers/" + ISSUER + "/cards", token, body);
            assertEquals(201, provisioned.status(), provisioned.body());
            assertEquals("ACTIVE", provisioned.json().path("status").asText());
            assertEquals(card[2].substring(12), provisioned.json().path("panLastDigits").asText());
        }
        // .../consumers/{id}/cards is card-service's (the longer Ingress path wins over consumer-service's)
        Response cards = call("GET", "/issuers/" + ISSUER + "/consumers/" + CONSUMER + "/cards", token, null);
        assertEquals(200, cards.status(), cards.body());
        assertEquals(Set.of(DEBIT_CARD, CREDIT_CARD), cardIds(cards.json()));
    }

    @Test
    @Order(2)
    void tracksACardWithAJweEncryptedToThePublishedKey() throws Exception {
        Response jwks = call("GET", "/.well-known/tracking-jwks.json", null, null);
        assertEquals(200, jwks.status(), jwks.body());
        assertFalse(jwks.body().contains("\"d\""), "the published key set holds public keys only");
        PublicJsonWebKey key = (PublicJsonWebKey) new JsonWebKeySet(jwks.body()).getJsonWebKeys().get(0);

        JsonWebEncryption jwe = new JsonWebEncryption();
        jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.ECDH_ES);
        jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
        jwe.setKeyIdHeaderValue(key.getKeyId());
        jwe.setKey(key.getPublicKey());
        jwe.setPayload("{\"pan\":\"4111111111111111\",\"exp\":\"1230\",\"carrier\":\"dhl\",\"trackingNumber\":\"JD014600006281230704\"}");

        String token = token("local-d1-issuer");
        Response tracked = call("POST", "/issuers/" + ISSUER + "/physicalCards/" + DEBIT_CARD + "/operations:track",
                token, Map.of("trackingType", "SHIPMENT", "encryptedData", jwe.getCompactSerialization()));
        assertEquals(200, tracked.status(), tracked.body());
        String operationId = tracked.json().path("operationId").asText();
        assertFalse(operationId.isEmpty(), tracked.body());

        Response operation;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        do {
            operation = call("GET", "/issuers/" + ISSUER + "/physicalCards/" + DEBIT_CARD + "/operations/"
                    + operationId, token, null);
            assertEquals(200, operation.status(), operation.body());
        } while ("PENDING".equals(operation.json().path("status").asText()) && Instant.now().isBefore(deadline)
                && sleep(300));
        assertTrue(operation.body().contains("JD014600006281230704"), "the shipment is recorded: " + operation.body());
        assertFalse(operation.body().contains("4111111111111111"), "the PAN never comes back");

        // A JWE encrypted to another key is a CRYPTO_ERROR, in the D1 dialect, through the front door
        JsonWebEncryption wrongKey = new JsonWebEncryption();
        wrongKey.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.ECDH_ES);
        wrongKey.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
        wrongKey.setKeyIdHeaderValue(key.getKeyId());
        wrongKey.setKey(EcJwkGenerator.generateJwk(EllipticCurves.P256).getPublicKey());
        wrongKey.setPayload("{\"pan\":\"4111111111111111\",\"exp\":\"1230\"}");
        Response refused = call("POST", "/issuers/" + ISSUER + "/physicalCards/" + DEBIT_CARD + "/operations:track",
                token, Map.of("trackingType", "PRODUCTION", "encryptedData", wrongKey.getCompactSerialization()));
        assertEquals(400, refused.status(), refused.body());
        assertEquals("CRYPTO_ERROR", refused.json().path("errorCode").asText(), refused.body());
    }

    @Test
    @Order(3)
    void blocksTheAccountsCardsThroughTheCitiApi() throws Exception {
        String token = token("local-citi");
        HttpRequest.Builder request = request("/v1/cards/status/detail", token)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .header("uuid", UUID.randomUUID().toString())
                .header("countryCode", "MX")
                .header("businessCode", "BNMX")
                .header("ChannelId", "MOBILE")
                .header("sid", "e2e-session-" + RUN)
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("accountId", ACCOUNT, "cardStatusCode", "F", "blockReasonCode", "Y1"))));
        Response blocked = send(request.build());
        assertEquals(204, blocked.status(), blocked.body());

        String d1 = token("local-d1-issuer");
        // F: a temporary block for a debit card, a final (stolen) one for a credit card (card-service's table)
        assertEquals("BLOCKED", call("GET", "/issuers/" + ISSUER + "/cards/" + DEBIT_CARD, d1, null).json()
                .path("status").asText());
        assertEquals("STOLEN", call("GET", "/issuers/" + ISSUER + "/cards/" + CREDIT_CARD, d1, null).json()
                .path("status").asText());
    }

    @Test
    @Order(4)
    void setsOneThousandActivationCodesInOneRequest() throws Exception {
        String token = token("local-blackhawk");
        ArrayNode records = JSON.createArrayNode();
        String prefix = String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L));
        for (int i = 0; i < 1000; i++) {
            ObjectNode record = records.addObject();
            record.put("quoteNumber", prefix + String.format("%04d", i));
            record.put("proxyNumber", "60395" + prefix + String.format("%04d", i));
            record.put("activationCode", "Code" + Integer.toString(100_000 + i, 36) + "X");
        }
        Response saved = call("POST", "/cards/v1/set-activation-codes", token, records);
        assertEquals(200, saved.status(), saved.body());
        assertEquals("{\"status\":200,\"success\":true,\"message\":\"All records have been saved successfully\"}",
                saved.body());
        assertTrue(JSON.writeValueAsBytes(records).length > 64 * 1024,
                "the request is larger than any other API's limit: activation's own limit applies");

        JsonNode first = records.get(0);
        Response verified = call("POST", "/cards/v1/verify-activation-code", token, first);
        assertEquals(200, verified.status(), verified.body());
        ObjectNode wrong = first.deepCopy();
        wrong.put("activationCode", "Wrong0000");
        Response rejected = call("POST", "/cards/v1/verify-activation-code", token, wrong);
        assertTrue(rejected.status() >= 400 && rejected.status() < 500, rejected.body());
    }

    @Test
    @Order(5)
    void createsAndLooksUpATripleCardAccount() throws Exception {
        String token = token("local-triple");
        Response publisher = call("POST", "/partner/publishers", token,
                Map.of("external_id", "e2e-publisher-" + RUN, "name", "E2E publisher"));
        assertEquals(201, publisher.status(), publisher.body());
        Map<String, Object> program = new LinkedHashMap<>();
        program.put("publisher_id", publisher.json().path("id").asText());
        program.put("external_id", "e2e-program-" + RUN);
        program.put("name", "E2E program");
        program.put("currency", "USD");
        program.put("default_country_code", "US");
        program.put("default_postal_code", "10001");
        Response cardProgram = call("POST", "/partner/card-programs", token, program);
        assertEquals(201, cardProgram.status(), cardProgram.body());
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("card_program_id", cardProgram.json().path("id").asText());
        account.put("external_id", "e2e-account-" + RUN);
        account.put("default_country_code", "US");
        account.put("default_postal_code", "10001");
        account.put("status", "ENROLLED");
        Response created = call("POST", "/partner/card-accounts", token, account);
        assertEquals(201, created.status(), created.body());
        String id = created.json().path("id").asText();
        assertTrue(id.startsWith("triple-"), id);

        Response found = call("POST", "/partner/card-account.by-ids", token, Map.of(
                "card_account_external_id", "e2e-account-" + RUN,
                "card_program_external_id", "e2e-program-" + RUN,
                "publisher_external_id", "e2e-publisher-" + RUN));
        assertEquals(200, found.status(), found.body());
        Response read = call("GET", "/partner/card-accounts/" + id, token, null);
        assertEquals(200, read.status(), read.body());
        assertEquals(read.json(), found.json(), "the lookup returns exactly what GET returns");
        assertEquals("ENROLLED", found.json().path("status").asText());
    }

    @Test
    @Order(6)
    void deletesTheConsumerAndWatchesTheCascadeComplete() throws Exception {
        String token = token("local-d1-issuer");
        Response deleted = call("POST", "/issuers/" + ISSUER + "/consumers/" + CONSUMER + "/operations:delete", token,
                Map.of("reason", "end to end test", "reasonCode", "ISSUER_DECISION"));
        assertEquals(200, deleted.status(), deleted.body());
        deleteOperation = deleted.json().path("operationId").asText();
        assertFalse(deleteOperation.isEmpty(), deleted.body());

        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        JsonNode operation;
        do {
            Response read = call("GET", "/issuers/" + ISSUER + "/consumers/" + CONSUMER + "/operations/"
                    + deleteOperation, token, null);
            assertEquals(200, read.status(), read.body());
            operation = read.json();
            assertFalse("FAILED".equals(operation.path("status").asText()), read.body());
            if ("SUCCESSFUL".equals(operation.path("status").asText())) {
                break;
            }
            Thread.sleep(500);
        } while (Instant.now().isBefore(deadline));
        assertEquals("SUCCESSFUL", operation.path("status").asText(), operation.toString());
        assertFalse(operation.path("endTime").asText().isEmpty(), operation.toString());

        Response cards = call("GET", "/issuers/" + ISSUER + "/consumers/" + CONSUMER + "/cards", token, null);
        if (cards.status() == 200) {
            for (JsonNode card : cards.json().path("cards")) {
                assertEquals("DELETED", card.path("status").asText(), cards.body());
            }
        } else {
            assertEquals(404, cards.status(), cards.body());
        }
    }

    @Test
    @Order(7)
    void internalAndManagementPathsAreNotReachableThroughTheFrontDoor() throws Exception {
        String internal = token("consumer-service");
        for (String method : List.of("GET", "DELETE")) {
            Response r = call(method, "/internal/issuers/" + ISSUER + "/consumers/" + CONSUMER + "/cards", internal, null);
            assertEquals(404, r.status(), method + " " + r.body());
            assertEquals("{\"status\":404,\"error\":\"not_found\",\"message\":\"No API is served at this path\"}", r.body());
        }
        for (String path : List.of("/q/health", "/q/health/ready", "/q/metrics", "/q/openapi", "/internal/carrier-events",
                "/issuers/" + ISSUER + "/consumers/../../q/health")) {
            Response r = call("GET", path, null, null);
            assertTrue(r.status() == 404 || r.status() == 400, path + " " + r.status());
        }
        // ...while the services do serve them, inside (probes, metrics, the cascade)
        HttpClient plain = Api.PLAIN;
        int card = settings.port("card-service");
        assertEquals(200, plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + card + "/q/health/ready"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    @Test
    @Order(8)
    void aSecondStartReusesKeysClientsAndData() throws Exception {
        String secretBefore = stack.secrets().client("local-d1-issuer").clientSecret();
        String certificateBefore = Files.readString(stack.secrets().certificate());
        shared.restart();
        stack = shared.stack();
        http = shared.http();
        assertEquals(secretBefore, stack.secrets().client("local-d1-issuer").clientSecret());
        assertEquals(certificateBefore, Files.readString(stack.secrets().certificate()));
        Response operation = call("GET", "/issuers/" + ISSUER + "/consumers/" + CONSUMER + "/operations/"
                + deleteOperation, token("local-d1-issuer"), null);
        assertEquals(200, operation.status(), operation.body());
        assertEquals("SUCCESSFUL", operation.json().path("status").asText());
    }

    // ---------------------------------------------------------------------------------------------------------

    record Response(int status, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    /** A token from the token endpoint, through the front door, as a partner gets it (client_credentials). */
    static String token(String clientId) throws Exception {
        LocalSecrets.Client client = stack.secrets().client(clientId);
        String basic = Base64.getEncoder().encodeToString((client.clientId() + ":" + client.clientSecret())
                .getBytes(StandardCharsets.UTF_8));
        Response response = send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build());
        assertEquals(200, response.status(), "token for " + clientId + ": " + response.body());
        String token = response.json().path("access_token").asText();
        assertNotNull(token);
        return token;
    }

    static HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("x-correlation-id", "e2e-" + RUN);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    static Response call(String method, String path, String token, Object body) throws Exception {
        HttpRequest.Builder builder = request(path, token).header("Accept", "application/json");
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        }
        return send(builder.build());
    }

    static Response send(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }

    static Set<String> cardIds(JsonNode list) {
        Set<String> ids = new HashSet<>();
        list.path("cards").forEach(c -> ids.add(c.path("cardId").asText()));
        return ids;
    }
}
