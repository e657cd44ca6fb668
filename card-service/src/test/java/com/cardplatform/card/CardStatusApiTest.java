package com.cardplatform.card;

import static com.cardplatform.card.Fixtures.ISSUER;
import static com.cardplatform.card.Fixtures.OTHER_ISSUER;
import static com.cardplatform.card.Fixtures.assertCiti;
import static com.cardplatform.card.Fixtures.card;
import static com.cardplatform.card.Fixtures.citi;
import static com.cardplatform.card.Fixtures.id;
import static com.cardplatform.card.Fixtures.internal;
import static com.cardplatform.card.Fixtures.provisioning;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.card.Fixtures.CardSpec;
import com.cardplatform.testing.TestDatabase;
import com.cardplatform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Citi Banamex update card status detail (seed 003): headers, body, code table, every error shape. */
@QuarkusTest
@WithTestResource(CardTestResource.class)
class CardStatusApiTest {

    private static final String PATH = "/v1/cards/status/detail";
    private static final String INVALID = "Missing or invalid Parameters";
    private static final String NOT_FOUND = "The requested resource was not found";
    private static final String NOT_FOUND_INFO = "Empty resource/resource not found";
    private static final String NOT_CONFIGURED = "The request operation is not configured to access this resource";
    private static final String NOT_CONFIGURED_INFO =
            "Channel/Country/Business provided in the request is not supported currently";
    private static final String UNAUTHORIZED = "Authorization credentials are missing or invalid";
    /** The seed's headers, in the order they are checked. */
    private static final List<String> HEADERS = List.of("Accept", "Content-Type", "uuid", "countryCode",
            "businessCode", "ChannelId", "sid");

    // ---- success -----------------------------------------------------------------------------------------

    @Test
    void blocksAndUnblocksEveryCardOfADebitAccount() {
        String account = id("acct");
        CardSpec first = card().account(account).create();
        CardSpec second = card().account(account).create();
        String digital = id("DC");
        first.addDigitalCard(digital);
        String uuid = UUID.randomUUID().toString();

        Response response = request(citi(ISSUER), uuid).body(body(account, null, "F", "Y1")).put(PATH);
        response.then().statusCode(204);
        assertEquals("", response.asString());
        for (CardSpec spec : List.of(first, second)) {
            assertEquals("BLOCKED", spec.status());
            Map<String, Object> change = lastChange(spec);
            assertEquals("ACTIVE", change.get("from_status"));
            assertEquals("BLOCKED", change.get("to_status"));
            assertEquals("F:Y1", change.get("reason_code"));
            assertEquals("CARD_STATUS_API", change.get("source"));
            assertEquals("citi-" + ISSUER, change.get("requested_by"));
            assertEquals(uuid, change.get("request_id"));
        }
        assertEquals("F:Y1", TestDatabase.query("SELECT status_reason FROM card.cards WHERE card_id = ?",
                first.cardId).get(0).get("status_reason"));
        assertEquals("SUSPENDED", digitalStatus(digital));

        request(citi(ISSUER), UUID.randomUUID().toString()).body(body(account, null, "Y", null)).put(PATH)
                .then().statusCode(204);
        assertEquals("ACTIVE", first.status());
        assertEquals("ACTIVE", second.status());
        assertEquals("ACTIVE", digitalStatus(digital));
        assertEquals("Y", lastChange(first).get("reason_code"));
    }

    @Test
    void repeatingTheSameRequestIsHarmless() {
        CardSpec spec = card().create();
        for (int i = 0; i < 3; i++) {
            request(citi(ISSUER), UUID.randomUUID().toString()).body(body(spec.accountId, null, "F", "Y1")).put(PATH)
                    .then().statusCode(204);
        }
        assertEquals("BLOCKED", spec.status());
        assertEquals(2, historyRows(spec), "provisioning + one block, no duplicates");
        // unblocking an active card is harmless too
        request(citi(ISSUER), UUID.randomUUID().toString()).body(body(spec.accountId, null, "Y", null)).put(PATH)
                .then().statusCode(204);
        request(citi(ISSUER), UUID.randomUUID().toString()).body(body(spec.accountId, null, "Y", null)).put(PATH)
                .then().statusCode(204);
        assertEquals(3, historyRows(spec));
    }

    @Test
    void concurrentIdenticalRequestsChangeTheCardOnce() throws Exception {
        CardSpec spec = card().create();
        String token = citi(ISSUER);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(threads.submit(() -> request(token, UUID.randomUUID().toString())
                        .body(body(spec.accountId, null, "F", "Y1")).put(PATH).statusCode()));
            }
            for (java.util.concurrent.Future<Integer> result : results) {
                assertEquals(204, result.get());
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals("BLOCKED", spec.status());
        assertEquals(2, historyRows(spec), "provisioning + exactly one block");
    }

    @Test
    void classifiesTheCardAsDebitOrCreditToApplyTheCodeTable() {
        CardSpec debit = card().create();
        CardSpec credit = card().credit().create();
        for (CardSpec spec : List.of(debit, credit)) {
            request(citi(ISSUER), UUID.randomUUID().toString()).body(body(spec.accountId, null, "F", "U1")).put(PATH)
                    .then().statusCode(204);
        }
        assertEquals("BLOCKED", debit.status(), "debit F: temporary block");
        assertEquals("STOLEN", credit.status(), "credit F: final, like stolen");
        for (String code : List.of("L", "S")) {
            CardSpec spec = card().credit().create();
            request(citi(ISSUER), UUID.randomUUID().toString()).body(body(spec.accountId, null, code, "01")).put(PATH)
                    .then().statusCode(204);
            assertEquals("L".equals(code) ? "LOST" : "STOLEN", spec.status());
        }
    }

    @Test
    void aLostOrStolenCardCannotBeUnblocked() {
        for (String code : List.of("L", "S")) {
            CardSpec spec = card().create();
            String uuid = UUID.randomUUID().toString();
            request(citi(ISSUER), uuid).body(body(spec.accountId, null, code, "Y2")).put(PATH).then().statusCode(204);
            String finalStatus = spec.status();
            long rows = historyRows(spec);
            for (String forbidden : List.of("Y", "F", "L".equals(code) ? "S" : "L")) {
                String second = UUID.randomUUID().toString();
                assertCiti(request(citi(ISSUER), second).body(body(spec.accountId, null, forbidden, null)).put(PATH),
                        422, "error", "resourceNotFound", NOT_FOUND, null, NOT_FOUND_INFO, second);
            }
            // the same final code again is harmless
            request(citi(ISSUER), uuid).body(body(spec.accountId, null, code, "Y2")).put(PATH).then().statusCode(204);
            assertEquals(finalStatus, spec.status());
            assertEquals(rows, historyRows(spec));
        }
    }

    @Test
    void oneForbiddenCardRefusesTheWholeAccount() {
        String account = id("acct");
        CardSpec active = card().account(account).create();
        CardSpec lost = card().account(account).create();
        lost.changeStatus("LOST", null);
        String uuid = UUID.randomUUID().toString();
        assertCiti(request(citi(ISSUER), uuid).body(body(account, null, "F", null)).put(PATH),
                422, "error", "resourceNotFound", NOT_FOUND, null, NOT_FOUND_INFO, uuid);
        assertEquals("ACTIVE", active.status());
        assertEquals("LOST", lost.status());
    }

    @Test
    void findsTheAccountOnlyForTheTokensIssuerAndCustomer() {
        CardSpec spec = card().create();
        String uuid = UUID.randomUUID().toString();
        assertCiti(request(citi(ISSUER), uuid).body(body(id("acct"), null, "F", null)).put(PATH),
                404, "error", "resourceNotFound", NOT_FOUND, null, NOT_FOUND_INFO, uuid);
        assertCiti(request(citi(OTHER_ISSUER), uuid).body(body(spec.accountId, null, "F", null)).put(PATH),
                404, "error", "resourceNotFound", NOT_FOUND, null, NOT_FOUND_INFO, uuid);
        assertCiti(request(citi(ISSUER), uuid).body(body(spec.accountId, "999999999999", "F", null)).put(PATH),
                404, "error", "resourceNotFound", NOT_FOUND, null, NOT_FOUND_INFO, uuid);
        assertEquals("ACTIVE", spec.status());
        request(citi(ISSUER), uuid).body(body(spec.accountId, spec.customerNumber, "F", null)).put(PATH)
                .then().statusCode(204);
        assertEquals("BLOCKED", spec.status());
        request(citi(ISSUER), uuid).body(body(spec.accountId, "", "Y", null)).put(PATH).then().statusCode(204);
        assertEquals("ACTIVE", spec.status());
    }

    @Test
    void anAccountWhoseCardsAreDeletedIsNotFound() {
        CardSpec spec = card().create();
        given().header("Authorization", TestTokens.bearer(internal()))
                .delete("/internal/issuers/{issuerId}/consumers/{consumerId}/cards", ISSUER, spec.consumerId)
                .then().statusCode(200);
        String uuid = UUID.randomUUID().toString();
        assertCiti(request(citi(ISSUER), uuid).body(body(spec.accountId, null, "Y", null)).put(PATH),
                404, "error", "resourceNotFound", NOT_FOUND, null, NOT_FOUND_INFO, uuid);
        assertEquals("DELETED", spec.status());
    }

    // ---- headers -----------------------------------------------------------------------------------------

    @Test
    void checksEachRequiredHeaderInTheDocumentedOrder() {
        CardSpec spec = card().create();
        for (int i = 0; i < HEADERS.size(); i++) {
            String uuid = UUID.randomUUID().toString();
            Map<String, String> headers = headers(uuid);
            // this header and every later one missing: this one is named
            for (String later : HEADERS.subList(i, HEADERS.size())) {
                headers.remove(later);
            }
            Response response = send(citi(ISSUER), headers, body(spec.accountId, null, "F", null));
            boolean uuidSent = headers.containsKey("uuid");
            assertCiti(response, 400, "error", "invalidRequest", INVALID, HEADERS.get(i), null, uuidSent ? uuid : null);
            // only this one missing
            headers = headers(uuid);
            headers.remove(HEADERS.get(i));
            response = send(citi(ISSUER), headers, body(spec.accountId, null, "F", null));
            assertCiti(response, 400, "error", "invalidRequest", INVALID, HEADERS.get(i), null,
                    "uuid".equals(HEADERS.get(i)) ? null : uuid);
        }
        assertEquals("ACTIVE", spec.status());
    }

    @Test
    void refusesEachMalformedHeaderNamingIt() {
        CardSpec spec = card().create();
        assertBadHeader(spec, "Accept", "text/html", true);
        assertBadHeader(spec, "uuid", "123", false);
        assertBadHeader(spec, "uuid", "0b6f0c7e4f574a449d0e2c1f2e8d9a10", false);
        assertBadHeader(spec, "countryCode", "mx", true);
        assertBadHeader(spec, "countryCode", "MEX", true);
        assertBadHeader(spec, "countryCode", "XX", true);
        assertBadHeader(spec, "businessCode", "BN MX", true);
        assertBadHeader(spec, "businessCode", "B".repeat(33), true);
        assertBadHeader(spec, "ChannelId", "MOBILE!", true);
        assertBadHeader(spec, "sid", "session id", true);
        assertBadHeader(spec, "sid", "s".repeat(129), true);
        assertBadHeader(spec, "client_id", "bad client", true);
        assertBadHeader(spec, "Accept-Language", "<es-MX>", true);
        assertEquals("ACTIVE", spec.status());
        // the optional ones, well-formed, are accepted; Accept may be a list or a wildcard
        Map<String, String> headers = headers(UUID.randomUUID().toString());
        headers.put("client_id", "citi-app-01");
        headers.put("Accept-Language", "es-MX,es;q=0.9,en;q=0.8");
        headers.put("Accept", "text/html, application/json;q=0.9");
        send(citi(ISSUER), headers, body(spec.accountId, null, "F", null)).then().statusCode(204);
        headers.put("Accept", "*/*");
        headers.put("Content-Type", "application/json; charset=UTF-8");
        send(citi(ISSUER), headers, body(spec.accountId, null, "Y", null)).then().statusCode(204);
    }

    @Test
    void refusesARequestWithoutContentTypeNamingIt() throws Exception {
        CardSpec spec = card().create();
        String uuid = UUID.randomUUID().toString();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + PATH))
                .method("PUT", HttpRequest.BodyPublishers.ofString(body(spec.accountId, null, "F", null)))
                .header("Authorization", TestTokens.bearer(citi(ISSUER)));
        headers(uuid).forEach((name, value) -> {
            if (!"Content-Type".equals(name)) {
                builder.header(name, value);
            }
        });
        HttpResponse<String> response = HttpClient.newHttpClient().send(builder.build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"location\":\"Content-Type\""), response.body());
        assertTrue(response.body().contains("\"uuid\":\"" + uuid + "\""), response.body());
        assertEquals("ACTIVE", spec.status());
    }

    @Test
    void refusesACombinationThatIsNotConfigured() {
        CardSpec spec = card().create();
        for (String[] combination : List.of(new String[] {"US", "BNMX", "MOBILE"},
                new String[] {"MX", "OTHER", "MOBILE"}, new String[] {"MX", "BNMX", "ATM"})) {
            String uuid = UUID.randomUUID().toString();
            Map<String, String> headers = headers(uuid);
            headers.put("countryCode", combination[0]);
            headers.put("businessCode", combination[1]);
            headers.put("ChannelId", combination[2]);
            assertCiti(send(citi(ISSUER), headers, body(spec.accountId, null, "F", null)),
                    403, "error", "accessNotConfigured", NOT_CONFIGURED, null, NOT_CONFIGURED_INFO, uuid);
        }
        assertEquals("ACTIVE", spec.status());
    }

    // ---- body --------------------------------------------------------------------------------------------

    @Test
    void namesTheFirstInvalidFieldOfTheBody() {
        CardSpec spec = card().create();
        String account = spec.accountId;
        assertBadBody("{\"cardStatusCode\":\"F\"}", "accountId");
        assertBadBody(body("", null, "F", null), "accountId");
        assertBadBody("{\"accountId\":123456,\"cardStatusCode\":\"F\"}", "accountId");
        assertBadBody(body(account, "12a", "F", null), "customerId");
        assertBadBody(body(account, "1234567890123", "F", null), "customerId");
        assertBadBody(body(account, null, null, null), "cardStatusCode");
        assertBadBody(body(account, null, "X", null), "cardStatusCode");
        assertBadBody(body(account, null, "LL", null), "cardStatusCode");
        assertBadBody(body(account, null, "l", null), "cardStatusCode");
        assertBadBody(body(account, null, "F", "Y"), "blockReasonCode");
        assertBadBody(body(account, null, "F", "A1"), "blockReasonCode");
        assertBadBody(body(account, null, "F", "Y12"), "blockReasonCode");
        assertBadBody(body("a\\tb", "x", "X", "A1"), "accountId");
        assertBadBody(body(account, "x", "X", "A1"), "customerId");
        assertBadBody("{\"accountId\":", null);
        assertBadBody("[]", null);
        assertEquals("ACTIVE", spec.status());
    }

    /** The seed gives accountId no pattern: any non-blank text up to 64 characters, without control characters. */
    @Test
    void acceptsAnyAccountIdTextAsItWasProvisioned() {
        List<String> accounts = List.of("0012 3456/789-" + System.nanoTime(), "Cuenta N\u00ba 12.345-\u00e9 " + id("x"),
                "ACC:1#2@3+" + id("x"), " padded " + id("x"), "\u00e9".repeat(40) + id("x"),
                "\ud83d\udcb3" + "9".repeat(40) + id("x"));
        for (String account : accounts) {
            assertTrue(account.codePointCount(0, account.length()) <= 64, account);
            CardSpec spec = card().account(account).create();
            String uuid = UUID.randomUUID().toString();
            Response response = send(citi(ISSUER), headers(uuid), "{\"accountId\":" + json(account)
                    + ",\"cardStatusCode\":\"F\",\"blockReasonCode\":\"Y1\"}");
            assertEquals(204, response.statusCode(), account + ": " + response.asString());
            assertEquals("BLOCKED", spec.status(), account);
            assertEquals(account, TestDatabase.query("SELECT account_id FROM card.cards WHERE card_id = ?",
                    spec.cardId).get(0).get("account_id"));
        }
        // matched exactly as sent: another spacing or case is another account
        CardSpec spec = card().account("Acct 77 " + id("x")).create();
        String uuid = UUID.randomUUID().toString();
        assertCiti(send(citi(ISSUER), headers(uuid), body(spec.accountId.toLowerCase(), null, "F", null)),
                404, "error", "resourceNotFound", NOT_FOUND, null, NOT_FOUND_INFO, uuid);
        assertEquals("ACTIVE", spec.status());
    }

    @Test
    void refusesABlankTooLongOrControlCharacterAccountId() {
        CardSpec spec = card().create();
        List<String> refused = List.of("", " ", "   ", "\t", "\u00a0\u3000", "x".repeat(65), "\u00e9".repeat(65),
                "a\tb", "a\nb", "a\rb", "a\u0000b", "a\u0007b", "a\u007fb", "a\u0085b", "a\u200bb", "a\u202eb",
                "a\ufeffb", "a\u2028b", "a\ud800b");
        for (String account : refused) {
            String uuid = UUID.randomUUID().toString();
            Response response = send(citi(ISSUER), headers(uuid), "{\"accountId\":" + json(account)
                    + ",\"cardStatusCode\":\"F\"}");
            assertEquals(400, response.statusCode(), json(account) + ": " + response.asString());
            assertCiti(response, 400, "error", "invalidRequest", INVALID, "accountId", null, uuid);
        }
        assertEquals("ACTIVE", spec.status());
    }

    // ---- access ------------------------------------------------------------------------------------------

    @Test
    void refusesEveryInvalidTokenWith401() {
        CardSpec spec = card().create();
        String uuid = UUID.randomUUID().toString();
        assertCiti(send(null, headers(uuid), body(spec.accountId, null, "F", null)),
                401, "error", "unAuthorized", UNAUTHORIZED, null, null, uuid);
        // the token is checked before the headers
        assertCiti(send(null, Map.of("uuid", uuid), body(spec.accountId, null, "F", null)),
                401, "error", "unAuthorized", UNAUTHORIZED, null, null, uuid);
        for (Map.Entry<String, String> invalid : TestTokens.invalidTokens("citi-" + ISSUER, ISSUER, "cards:status")
                .entrySet()) {
            Response response = send(invalid.getValue(), headers(uuid), body(spec.accountId, null, "F", null));
            assertEquals(401, response.statusCode(), invalid.getKey());
            assertCiti(response, 401, "error", "unAuthorized", UNAUTHORIZED, null, null, uuid);
        }
        assertEquals("ACTIVE", spec.status());
    }

    @Test
    void refusesATokenWithoutTheScopeOrWithoutAnIssuer() {
        CardSpec spec = card().create();
        String uuid = UUID.randomUUID().toString();
        assertCiti(send(provisioning(ISSUER), headers(uuid), body(spec.accountId, null, "F", null)),
                403, "error", "accessNotConfigured", NOT_CONFIGURED, null,
                "The access token does not grant access to this operation", uuid);
        assertCiti(send(TestTokens.partnerToken("unbound", "cards:status"), headers(uuid),
                        body(spec.accountId, null, "F", null)),
                403, "error", "accessNotConfigured", NOT_CONFIGURED, null,
                "The access token is not bound to a card issuer", uuid);
        assertEquals("ACTIVE", spec.status());
    }

    // ---- the HTTP edge in the Citi dialect ---------------------------------------------------------------

    @Test
    void answersEdgeFailuresInTheCitiDialect() {
        String uuid = UUID.randomUUID().toString();
        assertCiti(request(citi(ISSUER), uuid).get(PATH), 405, "error", "invalidRequest", INVALID, null, null, uuid);
        assertCiti(request(citi(ISSUER), uuid).body("{}").post(PATH), 405, "error", "invalidRequest", INVALID,
                null, null, uuid);
        assertCiti(request(citi(ISSUER), uuid).put("/v1/cards/unknown"), 404, "error", "resourceNotFound",
                NOT_FOUND, null, null, uuid);
        assertCiti(request(citi(ISSUER), uuid).contentType(ContentType.TEXT).body("accountId=1").put(PATH),
                415, "error", "invalidRequest", INVALID, "Content-Type", null, uuid);
        assertCiti(request(citi(ISSUER), uuid).body("{\"accountId\":\"" + "1".repeat(70_000) + "\"}").put(PATH),
                413, "error", "invalidRequest", INVALID, null, null, uuid);
        assertCiti(request(citi(ISSUER), uuid).header("x-correlation-id", "bad id!").body(body("1", null, "F", null))
                .put(PATH), 400, "error", "invalidRequest", INVALID, "x-correlation-id", null, uuid);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    static Map<String, String> headers(String uuid) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        headers.put("Content-Type", "application/json");
        headers.put("uuid", uuid);
        headers.put("countryCode", "MX");
        headers.put("businessCode", "BNMX");
        headers.put("ChannelId", "MOBILE");
        headers.put("sid", "session-0001");
        return headers;
    }

    static RequestSpecification request(String token, String uuid) {
        RequestSpecification spec = given().header("Authorization", TestTokens.bearer(token));
        headers(uuid).forEach((name, value) -> {
            if ("Content-Type".equals(name)) {
                spec.contentType(value);
            } else {
                spec.header(name, value);
            }
        });
        return spec;
    }

    static Response send(String token, Map<String, String> headers, String body) {
        RequestSpecification spec = given().body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (token != null) {
            spec.header("Authorization", TestTokens.bearer(token));
        }
        spec.accept("");
        headers.forEach((name, value) -> {
            if ("Content-Type".equals(name)) {
                spec.contentType(value);
            } else {
                spec.header(name, value);
            }
        });
        if (!headers.containsKey("Content-Type")) {
            // RestAssured would add text/plain: send none at all, as a client that forgot it
            spec.noContentType();
        }
        return spec.put(PATH);
    }

    /** A JSON string with every character outside printable ASCII escaped, so that any text can be sent as is. */
    static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    static String body(String accountId, String customerId, String code, String reason) {
        StringBuilder json = new StringBuilder("{");
        if (accountId != null) {
            json.append("\"accountId\":\"").append(accountId).append("\",");
        }
        if (customerId != null) {
            json.append("\"customerId\":\"").append(customerId).append("\",");
        }
        if (code != null) {
            json.append("\"cardStatusCode\":\"").append(code).append("\",");
        }
        if (reason != null) {
            json.append("\"blockReasonCode\":\"").append(reason).append("\",");
        }
        if (json.length() > 1) {
            json.setLength(json.length() - 1);
        }
        return json.append('}').toString();
    }

    private static void assertBadHeader(CardSpec spec, String name, String value, boolean echoesUuid) {
        String uuid = UUID.randomUUID().toString();
        Map<String, String> headers = headers(uuid);
        headers.put(name, value);
        assertCiti(send(citi(ISSUER), headers, body(spec.accountId, null, "F", null)), 400, "error", "invalidRequest",
                INVALID, name, null, echoesUuid ? uuid : null);
    }

    private static void assertBadBody(String body, String location) {
        String uuid = UUID.randomUUID().toString();
        assertCiti(send(citi(ISSUER), headers(uuid), body), 400, "error", "invalidRequest", INVALID, location, null,
                uuid);
    }

    private static Map<String, Object> lastChange(CardSpec spec) {
        return TestDatabase.query("SELECT * FROM card.card_status_history WHERE issuer_id = ? AND card_id = ? "
                + "ORDER BY id DESC LIMIT 1", spec.issuer, spec.cardId).get(0);
    }

    private static long historyRows(CardSpec spec) {
        return TestDatabase.count("SELECT count(*) FROM card.card_status_history WHERE issuer_id = ? AND card_id = ?",
                spec.issuer, spec.cardId);
    }

    private static String digitalStatus(String digitalCardId) {
        return (String) TestDatabase.query("SELECT status FROM card.digital_cards WHERE digital_card_id = ?",
                digitalCardId).get(0).get("status");
    }
}
