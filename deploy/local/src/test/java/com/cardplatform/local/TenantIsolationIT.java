package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.local.Endpoints.Dialect;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation across the platform: two card issuers (LOCAL00001 through its D1, Citi and Blackhawk clients;
 * LOCAL00002 through {@code local-issuer-b}) and two Triple partners ({@code local-triple}, {@code local-triple-b}),
 * each with real data made through the front door with tokens from the token endpoint. Every read and write of A's
 * objects is tried with B's token and must fail WITHOUT revealing whether the object exists: the answer is compared,
 * status and body, with the answer for an object that truly does not exist; and A's rows are unchanged afterwards.
 */
@Order(3)
class TenantIsolationIT {

    static final String RUN = Long.toString(System.currentTimeMillis(), 36).toUpperCase();
    static final String A = LocalSecrets.DEMO_ISSUER;
    static final String B = LocalSecrets.SECOND_ISSUER;
    static final String CONSUMER_A = "ti-a-" + RUN;
    static final String ACCOUNT_A = "TIACC-A-" + RUN;
    static final String CARD_A = "TI-A-" + RUN;
    static final String DIGITAL_A = "TIDC-A-" + RUN;
    static final String PAN_A = "4000002760003184";
    static final String QUOTE_A = String.valueOf(700_000_000L + System.currentTimeMillis() % 100_000_000L);
    static final String PROXY_A = "6039530" + (System.currentTimeMillis() % 1_000_000L);
    static final String CODE_A = "TiCodeA" + RUN.substring(RUN.length() - 5);

    static SharedStack shared;
    static String registerOperationA;
    static String trackingOperationA;
    static String publisherA;
    static String programA;
    static String accountA;
    static String jwe;

    @BeforeAll
    static void twoTenantsWithData() throws Exception {
        shared = SharedStack.get();
        shared.sensitive(PAN_A);
        shared.sensitive(CODE_A);
        String d1 = shared.token("local-d1-issuer");
        Api.Response registered = Api.call("POST", "/issuers/" + A + "/consumers", d1,
                Map.of("consumerId", CONSUMER_A, "accounts", List.of(Map.of("accountId", ACCOUNT_A))));
        assertEquals(201, registered.status(), registered.body());
        registerOperationA = registered.json().path("operationId").asText();
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("cardId", CARD_A);
        card.put("consumerId", CONSUMER_A);
        card.put("accountId", ACCOUNT_A);
        card.put("productType", "DEBIT");
        card.put("pan", PAN_A);
        Api.Response provisioned = Api.call("POST", "/issuers/" + A + "/cards", d1, card);
        assertEquals(201, provisioned.status(), provisioned.body());
        Api.Response digital = Api.call("POST", "/issuers/" + A + "/cards/" + CARD_A + "/digitalCards", d1,
                Map.of("digitalCardId", DIGITAL_A, "walletProvider", "GOOGLE_PAY"));
        assertEquals(201, digital.status(), digital.body());
        jwe = encryptForTracking("{\"pan\":\"" + PAN_A + "\",\"exp\":\"0729\"}");
        shared.sensitive("\"exp\":\"0729\"");
        Api.Response tracked = Api.call("POST", "/issuers/" + A + "/physicalCards/" + CARD_A + "/operations:track", d1,
                Map.of("trackingType", "PRODUCTION", "encryptedData", jwe));
        assertEquals(200, tracked.status(), tracked.body());
        trackingOperationA = tracked.json().path("operationId").asText();

        Api.Response codes = Api.call("POST", "/cards/v1/set-activation-codes", shared.token("local-blackhawk"),
                List.of(Map.of("quoteNumber", QUOTE_A, "proxyNumber", PROXY_A, "activationCode", CODE_A)));
        assertEquals(200, codes.status(), codes.body());

        String triple = shared.token("local-triple");
        Api.Response publisher = Api.call("POST", "/partner/publishers", triple,
                Map.of("external_id", "ti-pub-" + RUN, "name", "Tenant A publisher"));
        assertEquals(201, publisher.status(), publisher.body());
        publisherA = publisher.json().path("id").asText();
        Map<String, Object> program = new LinkedHashMap<>();
        program.put("publisher_id", publisherA);
        program.put("external_id", "ti-prog-" + RUN);
        program.put("name", "Tenant A program");
        program.put("currency", "USD");
        program.put("default_country_code", "US");
        program.put("default_postal_code", "10001");
        Api.Response createdProgram = Api.call("POST", "/partner/card-programs", triple, program);
        assertEquals(201, createdProgram.status(), createdProgram.body());
        programA = createdProgram.json().path("id").asText();
        Api.Response account = Api.call("POST", "/partner/card-accounts", triple,
                Map.of("card_program_id", programA, "external_id", "ti-acc-" + RUN));
        assertEquals(201, account.status(), account.body());
        accountA = account.json().path("id").asText();
    }

    /** D1 names the issuer in the path: B's token on A's path is 403, for A's objects and for missing ones alike. */
    @Test
    void anotherIssuersTokenOnTheIssuersPathsIsForbiddenWhetherTheObjectExistsOrNot() {
        String tokenB = shared.token("local-issuer-b");
        String missing = "ti-missing-" + RUN;
        List<String[]> existingCalls = d1Calls(A, CONSUMER_A, CARD_A, registerOperationA, trackingOperationA);
        List<String[]> absentCalls = d1Calls(A, missing, missing.toUpperCase(), "01J0ZK3V9W6Q8RXN2T5B7M4CDE",
                UUID.randomUUID().toString());
        for (int i = 0; i < existingCalls.size(); i++) {
            String[] call = existingCalls.get(i);
            Api.Response existing = Api.call(call[0], call[1], tokenB, body(call));
            Dialects.assertForbidden(Dialect.D1, existing, "B on " + call[0] + " " + call[1]);
            String[] absent = absentCalls.get(i);
            Api.Response nothing = Api.call(absent[0], absent[1], tokenB, body(absent));
            assertEquals(existing.status(), nothing.status(), absent[1]);
            assertEquals(existing.body(), nothing.body(), absent[1]);
        }
        assertAUnchanged();
    }

    /** B on its own paths with A's ids: answered exactly like ids that exist nowhere; A's data untouched. */
    @Test
    void aIdsUnderBsOwnPathsAreAnsweredLikeMissingOnes() {
        String tokenB = shared.token("local-issuer-b");
        String missing = "ti-missing-" + RUN;
        List<String[]> withAIds = d1Calls(B, CONSUMER_A, CARD_A, registerOperationA, trackingOperationA);
        List<String[]> withMissing = d1Calls(B, missing, missing.toUpperCase(), "01J0ZK3V9W6Q8RXN2T5B7M4CDE",
                trackingOperationA.isEmpty() ? "x" : "0" + trackingOperationA.substring(1));
        for (int i = 0; i < withAIds.size(); i++) {
            String[] a = withAIds.get(i);
            if (a[1].endsWith("/cards") && a[0].equals("POST")) {
                continue; // creation: see below
            }
            Api.Response forA = Api.call(a[0], a[1], tokenB, body(a));
            Api.Response forMissing = Api.call(withMissing.get(i)[0], withMissing.get(i)[1], tokenB, body(withMissing.get(i)));
            assertEquals(forMissing.status(), forA.status(), a[0] + " " + a[1] + ": " + forA.body() + " vs " + forMissing.body());
            assertEquals(forMissing.body(), forA.body(), a[0] + " " + a[1]);
            assertTrue(forA.status() >= 400 || a[0].equals("GET") && forA.body().matches(".*\\[\\s*].*"),
                    "B must not see A's " + a[1] + ": " + forA);
        }
        // Creating with A's ids is B's own business (ids are per issuer): no 409 that would reveal A's
        Api.Response consumer = Api.call("POST", "/issuers/" + B + "/consumers", tokenB,
                Map.of("consumerId", CONSUMER_A, "accounts", List.of(Map.of("accountId", ACCOUNT_A))));
        assertEquals(201, consumer.status(), consumer.body());
        Api.Response card = Api.call("POST", "/issuers/" + B + "/cards", tokenB, Map.of("cardId", CARD_A,
                "consumerId", CONSUMER_A, "accountId", "TIACC-B-" + RUN, "productType", "CREDIT"));
        assertEquals(201, card.status(), card.body());
        assertAUnchanged();
    }

    /** Citi acts on the token's issuer: B blocking A's account is answered like an account that exists nowhere. */
    @Test
    void citiStatusChangesOfAnotherIssuersAccountAreAnsweredLikeAMissingAccount() {
        String tokenB = shared.token("local-issuer-b");
        String uuid = UUID.randomUUID().toString();
        Api.Response forA = citi(tokenB, uuid, ACCOUNT_A);
        Api.Response forMissing = citi(tokenB, uuid, "TI-NOWHERE-" + RUN);
        assertEquals(404, forMissing.status(), forMissing.body());
        assertEquals(forMissing.status(), forA.status(), forA.body());
        assertEquals(withoutTimestamp(forMissing), withoutTimestamp(forA));
        assertAUnchanged();
    }

    /** Blackhawk: codes are per issuer; B can neither verify nor overwrite nor lock A's code. */
    @Test
    void activationCodesOfAnotherIssuerCanNeitherBeVerifiedNorOverwrittenNorLocked() {
        String tokenB = shared.token("local-issuer-b");
        Map<String, String> aCard = Map.of("quoteNumber", QUOTE_A, "proxyNumber", PROXY_A, "activationCode", CODE_A);
        Map<String, String> nowhere = Map.of("quoteNumber", "1" + QUOTE_A.substring(1), "proxyNumber", "9" + PROXY_A,
                "activationCode", CODE_A);
        String hmacBefore = shared.rows("select encode(code_hmac, 'hex') from activation.activation_codes "
                + "where issuer_id = ? and quote_number = ? and proxy_number = ?", A, QUOTE_A, PROXY_A).get(0).get(0);
        for (int attempt = 1; attempt <= 6; attempt++) {
            Api.Response forA = Api.call("POST", "/cards/v1/verify-activation-code", tokenB, aCard);
            Api.Response forMissing = Api.call("POST", "/cards/v1/verify-activation-code", tokenB, nowhere);
            assertEquals(forMissing.status(), forA.status(), "attempt " + attempt + ": " + forA.body());
            assertEquals(forMissing.body(), forA.body(), "attempt " + attempt);
            assertTrue(forA.status() == 422 || forA.status() == 423, forA.body());
        }
        Api.Response overwrite = Api.call("POST", "/cards/v1/set-activation-codes", tokenB,
                List.of(Map.of("quoteNumber", QUOTE_A, "proxyNumber", PROXY_A, "activationCode", "TiCodeB0000")));
        assertEquals(200, overwrite.status(), "B's own card with the same numbers: " + overwrite.body());
        Api.Response stillA = Api.call("POST", "/cards/v1/verify-activation-code", shared.token("local-blackhawk"), aCard);
        assertEquals(200, stillA.status(), "A's code still matches, not locked by B's attempts: " + stillA.body());
        assertEquals(hmacBefore, shared.rows("select encode(code_hmac, 'hex') from activation.activation_codes "
                + "where issuer_id = ? and quote_number = ? and proxy_number = ?", A, QUOTE_A, PROXY_A).get(0).get(0));
    }

    /** Triple: another partner's publisher, program and account are answered exactly like ids that do not exist. */
    @Test
    void anotherPartnersTripleEntitiesAreAnsweredLikeMissingOnes() {
        String tokenB = shared.token("local-triple-b");
        String nowhere = "triple-" + "Z".repeat(22);
        for (String path : List.of("/partner/publishers/", "/partner/card-programs/", "/partner/card-accounts/")) {
            String id = path.contains("publishers") ? publisherA : path.contains("programs") ? programA : accountA;
            sameAnswer(Api.call("GET", path + nowhere, tokenB, null), Api.call("GET", path + id, tokenB, null), "GET " + path);
        }
        sameAnswer(Api.call("PATCH", "/partner/card-accounts/" + nowhere, tokenB, Map.of("status", "CLOSED")),
                Api.call("PATCH", "/partner/card-accounts/" + accountA, tokenB, Map.of("status", "CLOSED")), "PATCH");
        sameAnswer(Api.call("POST", "/partner/card-account.by-ids", tokenB, byIds("nowhere-" + RUN)),
                Api.call("POST", "/partner/card-account.by-ids", tokenB, byIds(RUN)), "by-ids");
        Map<String, Object> program = new LinkedHashMap<>();
        program.put("external_id", "ti-prog-b-" + RUN);
        program.put("name", "B program");
        program.put("currency", "USD");
        program.put("default_country_code", "US");
        program.put("default_postal_code", "10001");
        program.put("publisher_id", nowhere);
        Api.Response underNowhere = Api.call("POST", "/partner/card-programs", tokenB, program);
        program.put("publisher_id", publisherA);
        Api.Response underA = Api.call("POST", "/partner/card-programs", tokenB, program);
        sameAnswer(underNowhere, underA, "card program under A's publisher");
        sameAnswer(Api.call("POST", "/partner/card-accounts", tokenB, Map.of("card_program_id", nowhere, "external_id", "x-" + RUN)),
                Api.call("POST", "/partner/card-accounts", tokenB, Map.of("card_program_id", programA, "external_id", "x-" + RUN)),
                "card account under A's program");
        Api.Response sameExternalId = Api.call("POST", "/partner/publishers", tokenB,
                Map.of("external_id", "ti-pub-" + RUN, "name", "B's own"));
        assertEquals(201, sameExternalId.status(), "external ids are per partner: no 409 revealing A's: " + sameExternalId.body());
        assertEquals(List.of(List.of("ENROLLED", "local-triple")), shared.rows(
                "select status, owner from rewards.card_accounts where id = ?", accountA));
        assertEquals(0, shared.count("select count(*) from rewards.card_programs where publisher_id = ? and owner <> ?",
                publisherA, "local-triple"));
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Every D1 read and write of an issuer's consumer and card: method, path, optional body marker. */
    static List<String[]> d1Calls(String issuer, String consumer, String card, String operation, String trackingOperation) {
        String c = "/issuers/" + issuer + "/consumers";
        String k = "/issuers/" + issuer + "/cards";
        String p = "/issuers/" + issuer + "/physicalCards/" + card;
        return List.of(
                new String[] {"GET", c + "/" + consumer + "/operations"},
                new String[] {"GET", c + "/" + consumer + "/operations/" + operation},
                new String[] {"POST", c + "/" + consumer + "/operations:suspend", "reason"},
                new String[] {"POST", c + "/" + consumer + "/operations:resume", "reason"},
                new String[] {"POST", c + "/" + consumer + "/operations:delete", "reason"},
                new String[] {"GET", c + "/" + consumer + "/cards"},
                new String[] {"GET", k + "/" + card},
                new String[] {"GET", k + "/" + card + "/digitalCards"},
                new String[] {"POST", k + "/" + card + "/digitalCards", "digital"},
                new String[] {"POST", k + "/" + card + "/status", "status"},
                new String[] {"GET", k + "/" + card + "/statusHistory"},
                new String[] {"POST", p + "/operations:track", "track"},
                new String[] {"GET", p + "/operations/" + trackingOperation},
                new String[] {"POST", k, "card:" + card + ":" + consumer});
    }

    static Object body(String[] call) {
        if (call.length < 3) {
            return null;
        }
        String kind = call[2];
        if (kind.equals("reason")) {
            return Map.of("reason", "tenant test", "reasonCode", "ISSUER_DECISION");
        }
        if (kind.equals("digital")) {
            return Map.of("digitalCardId", "TIDC-X-" + RUN, "walletProvider", "APPLE_PAY");
        }
        if (kind.equals("status")) {
            return Map.of("status", "BLOCKED", "reason", "tenant test");
        }
        if (kind.equals("track")) {
            return Map.of("trackingType", "PRODUCTION", "encryptedData", jwe);
        }
        String[] card = kind.split(":");
        return Map.of("cardId", card[1], "consumerId", card[2], "accountId", "TIACC-X", "productType", "DEBIT");
    }

    static Api.Response citi(String token, String uuid, String account) {
        return Api.call("PUT", "/v1/cards/status/detail", token, Map.of("accountId", account, "cardStatusCode", "F",
                "blockReasonCode", "Y1"), "Accept", "application/json", "uuid", uuid, "countryCode", "MX",
                "businessCode", "BNMX", "ChannelId", "MOBILE", "sid", "tenant-" + RUN);
    }

    static Map<String, String> byIds(String run) {
        return Map.of("card_account_external_id", "ti-acc-" + run, "card_program_external_id", "ti-prog-" + run,
                "publisher_external_id", "ti-pub-" + run);
    }

    static void sameAnswer(Api.Response missing, Api.Response other, String what) {
        assertTrue(missing.status() >= 400 && missing.status() < 500, what + ": " + missing);
        assertEquals(missing.status(), other.status(), what + ": " + other.body() + " vs " + missing.body());
        assertEquals(missing.body(), other.body(), what);
    }

    static String withoutTimestamp(Api.Response r) {
        ObjectNode b = (ObjectNode) r.json();
        b.remove("timestamp");
        return b.toString();
    }

    /** A's consumer, card, digital card and tracking operation as they were made. */
    static void assertAUnchanged() {
        assertEquals(List.of(List.of("ACTIVE")), shared.rows(
                "select status from consumer.consumers where issuer_id = ? and consumer_id = ?", A, CONSUMER_A));
        assertEquals(List.of(List.of("ACTIVE", "DEBIT")), shared.rows(
                "select status, product_type from card.cards where issuer_id = ? and card_id = ?", A, CARD_A));
        assertEquals(List.of(List.of("ACTIVE")), shared.rows(
                "select status from card.digital_cards where issuer_id = ? and digital_card_id = ?", A, DIGITAL_A));
        assertEquals(1, shared.count("select count(*) from consumer.operations where issuer_id = ? and consumer_id = ?",
                A, CONSUMER_A), "only A's REGISTER operation");
        assertEquals(0, shared.count("select count(*) from card.card_status_history where issuer_id = ? and card_id = ? "
                + "and to_status <> 'ACTIVE'", A, CARD_A));
    }

    static String encryptForTracking(String payload) throws Exception {
        JsonNode jwks = SharedStack.JSON.readTree(Api.call("GET", "/.well-known/tracking-jwks.json", null, null).body());
        PublicJsonWebKey key = (PublicJsonWebKey) new JsonWebKeySet(jwks.toString()).getJsonWebKeys().get(0);
        JsonWebEncryption jwe = new JsonWebEncryption();
        jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.ECDH_ES);
        jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
        jwe.setKeyIdHeaderValue(key.getKeyId());
        jwe.setKey(key.getPublicKey());
        jwe.setPayload(payload);
        SharedStack.get().sensitive(payload);
        return jwe.getCompactSerialization();
    }
}
