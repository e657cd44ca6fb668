package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The logs of a full scenario carry no secret: one run through every API (successes and the failures that are most
 * likely to log what they refuse: bad tokens, a wrong client secret, a JWE for another key, a payload that is not
 * JSON, an invalid expiry, wrong and invalid activation codes), then every log file of the stack's logs directory
 * (the six services, the previous runs' logs, PostgreSQL's) is searched for every access token, client secret, key,
 * activation code, PAN, expiry and decrypted payload used by this class AND by every IT class that ran before it in
 * this JVM ({@link SharedStack#sensitive}), and for anything shaped like a JWT/JWE at all.
 */
@Order(5)
class LogHygieneIT {

    static final String RUN = Long.toString(System.currentTimeMillis(), 36).toUpperCase();
    static final String ISSUER = LocalSecrets.DEMO_ISSUER;
    static final String PAN = "5425233430109903";
    static final String EXP = "0831";
    static final String CODE = "LgH7q2Wz" + RUN.substring(RUN.length() - 4);
    static final String WRONG_CODE = "LgWrong" + RUN.substring(RUN.length() - 5);
    static final Pattern JWT_SHAPED = Pattern.compile("eyJ[A-Za-z0-9_-]{15,}\\.[A-Za-z0-9_-]*\\.?");
    /** The expiry next to its name, in any of the forms a log line would use (JSON, key=value, toString). */
    static final Pattern EXPIRY = Pattern.compile("(?i)\\bexp\\W{0,4}" + EXP + "\\b");

    static SharedStack shared;

    @BeforeAll
    static void aFullScenario() throws Exception {
        shared = SharedStack.get();
        shared.sensitive(PAN);
        shared.sensitive(CODE);
        shared.sensitive(WRONG_CODE);
        String d1 = shared.token("local-d1-issuer");
        String citi = shared.token("local-citi");
        String blackhawk = shared.token("local-blackhawk");
        String triple = shared.token("local-triple");
        String consumer = "logs-" + RUN;
        String account = "LOGACC-" + RUN;
        String card = "LOG-" + RUN;

        expect(201, Api.call("POST", "/issuers/" + ISSUER + "/consumers", d1,
                Map.of("consumerId", consumer, "accounts", List.of(Map.of("accountId", account)))));
        Map<String, Object> provision = new LinkedHashMap<>();
        provision.put("cardId", card);
        provision.put("consumerId", consumer);
        provision.put("accountId", account);
        provision.put("productType", "CREDIT");
        provision.put("pan", PAN);
        expect(201, Api.call("POST", "/issuers/" + ISSUER + "/cards", d1, provision));
        expect(201, Api.call("POST", "/issuers/" + ISSUER + "/cards/" + card + "/digitalCards", d1,
                Map.of("digitalCardId", "LOGDC-" + RUN, "walletProvider", "SAMSUNG_PAY", "deviceType", "WATCH")));
        // tracking: a valid shipment, a JWE for another key, a plaintext that is not JSON, an invalid expiry, a wrong PAN
        String shipment = "{\"pan\":\"" + PAN + "\",\"exp\":\"" + EXP + "\",\"carrier\":\"ups\",\"trackingNumber\":\"1Z" + RUN + "\"}";
        Api.Response tracked = track(d1, card, "SHIPMENT", TenantIsolationIT.encryptForTracking(shipment));
        expect(200, tracked);
        String operation = tracked.json().path("operationId").asText();
        JsonWebEncryption otherKey = new JsonWebEncryption();
        otherKey.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.ECDH_ES);
        otherKey.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
        otherKey.setKeyIdHeaderValue("another-key");
        otherKey.setKey(EcJwkGenerator.generateJwk(EllipticCurves.P256).getPublicKey());
        otherKey.setPayload(shipment);
        expect(400, track(d1, card, "SHIPMENT", shared.sensitive(otherKey.getCompactSerialization())));
        expect(400, track(d1, card, "PRODUCTION", TenantIsolationIT.encryptForTracking("pan=" + PAN + ";exp=" + EXP)));
        expect(400, track(d1, card, "PRODUCTION", TenantIsolationIT.encryptForTracking(
                "{\"pan\":\"" + PAN + "\",\"exp\":\"1331\"}")));
        shared.sensitive("\"exp\":\"1331\"");
        expect(400, track(d1, card, "PRODUCTION", TenantIsolationIT.encryptForTracking(
                "{\"pan\":\"4111111111111112\",\"exp\":\"" + EXP + "\"}")), 403, 422);
        shared.sensitive("4111111111111112");
        expect(200, Api.call("GET", "/issuers/" + ISSUER + "/physicalCards/" + card + "/operations/" + operation, d1, null));
        // Citi: block (debit/credit per the table), then a request with a bad header
        expect(204, Api.call("PUT", "/v1/cards/status/detail", citi, Map.of("accountId", account, "cardStatusCode", "F",
                "blockReasonCode", "Y1"), Endpoints.citiHeaders()));
        expect(400, Api.call("PUT", "/v1/cards/status/detail", citi, Map.of("accountId", account, "cardStatusCode", "Q"),
                Endpoints.citiHeaders()));
        // a refused move (unblocking a credit card that "F" blocked as stolen): the account identifies a customer, so
        // no log line names it
        shared.sensitive(account);
        expect(422, Api.call("PUT", "/v1/cards/status/detail", citi, Map.of("accountId", account, "cardStatusCode", "Y",
                "blockReasonCode", "Y1"), Endpoints.citiHeaders()));
        // Blackhawk: set, verify right and wrong, an invalid code echoed to the partner only
        String quote = String.valueOf(840_000_000L + System.currentTimeMillis() % 100_000_000L);
        expect(200, Api.call("POST", "/cards/v1/set-activation-codes", blackhawk,
                List.of(Map.of("quoteNumber", quote, "proxyNumber", "6039" + quote, "activationCode", CODE))));
        expect(200, Api.call("POST", "/cards/v1/verify-activation-code", blackhawk,
                Map.of("quoteNumber", quote, "proxyNumber", "6039" + quote, "activationCode", CODE)));
        expect(422, Api.call("POST", "/cards/v1/verify-activation-code", blackhawk,
                Map.of("quoteNumber", quote, "proxyNumber", "6039" + quote, "activationCode", WRONG_CODE)));
        expect(400, Api.call("POST", "/cards/v1/set-activation-codes", blackhawk, List.of(
                Map.of("quoteNumber", quote + "1", "proxyNumber", "6039" + quote, "activationCode", CODE + "X"),
                Map.of("quoteNumber", quote + "2", "proxyNumber", "6039" + quote, "activationCode", "bad code"))));
        shared.sensitive(CODE + "X");
        // Triple: the hierarchy and the lookup
        String publisher = expect(201, Api.call("POST", "/partner/publishers", triple,
                Map.of("external_id", "log-pub-" + RUN, "name", "Logs"))).json().path("id").asText();
        Map<String, Object> program = new LinkedHashMap<>(Map.of("publisher_id", publisher, "external_id", "log-prog-" + RUN,
                "name", "Logs", "currency", "EUR", "default_country_code", "FR", "default_postal_code", "75001"));
        String programId = expect(201, Api.call("POST", "/partner/card-programs", triple, program)).json().path("id").asText();
        expect(201, Api.call("POST", "/partner/card-accounts", triple, Map.of("card_program_id", programId,
                "external_id", "log-acc-" + RUN)));
        expect(200, Api.call("POST", "/partner/card-account.by-ids", triple, Map.of("card_account_external_id",
                "log-acc-" + RUN, "card_program_external_id", "log-prog-" + RUN)));
        // refused tokens and credentials (what a careless log would print first)
        JwtClaims expired = SharedStack.claims("local-d1-issuer", ISSUER, "consumers:operations");
        expired.setExpirationTime(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 - 600));
        String expiredToken = shared.sign(expired);
        expect(401, Api.call("GET", "/issuers/" + ISSUER + "/consumers/" + consumer + "/operations", expiredToken, null));
        expect(401, Api.call("POST", "/partner/card-account.by-ids", expiredToken, Map.of("card_account_external_id", "x")));
        String wrongSecret = shared.sensitive("Wr0ng-" + UUID.randomUUID());
        expect(401, Api.call("POST", "/oauth2/token", null, "grant_type=client_credentials&client_id=local-citi&client_secret="
                + wrongSecret, "Content-Type", "application/x-www-form-urlencoded"));
        // the delete cascade (consumer-service fetches its own token for card-service and calls it)
        String deleteOperation = expect(200, Api.call("POST", "/issuers/" + ISSUER + "/consumers/" + consumer
                + "/operations:delete", d1, Map.of("reason", "log test"))).json().path("operationId").asText();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        JsonNode op;
        do {
            op = Api.call("GET", "/issuers/" + ISSUER + "/consumers/" + consumer + "/operations/" + deleteOperation, d1, null)
                    .json();
            Thread.sleep(300);
        } while (!"SUCCESSFUL".equals(op.path("status").asText()) && Instant.now().isBefore(deadline));
        assertEquals("SUCCESSFUL", op.path("status").asText(), op.toString());
    }

    @Test
    void noSecretTokenCodePanExpiryOrPayloadIsInAnyLog() throws IOException {
        Map<Path, String> logs = logs();
        assertTrue(logs.keySet().stream().map(p -> p.getFileName().toString()).toList()
                .containsAll(List.of("auth-service.log", "consumer-service.log", "card-service.log", "activation-service.log",
                        "rewards-account-service.log", "notification-service.log")), "the six services' logs are there: "
                        + logs.keySet());
        assertTrue(logs.values().stream().mapToInt(String::length).sum() > 10_000, "the logs are not empty");
        Set<String> sensitive = shared.sensitiveValues();
        assertTrue(sensitive.size() > 20, "the tests registered what they used: " + sensitive.size());
        List<String> found = scan(logs, sensitive);
        assertEquals(List.of(), found, "secrets in the logs");
    }

    @Test
    void theLogsCarryTheCorrelationIdsInstead() throws IOException {
        String id = "log-hygiene-" + RUN;
        expect(200, Api.call("GET", "/issuers/" + ISSUER + "/consumers/logs-" + RUN + "/operations",
                shared.token("local-d1-issuer"), null, "x-correlation-id", id));
        Api.Response refused = Api.call("POST", "/cards/v1/set-activation-codes", shared.token("local-blackhawk"), "[{",
                "x-correlation-id", id);
        assertEquals(400, refused.status(), refused.body());
        assertEquals(id, refused.header("x-correlation-id").orElse(""));
        assertFalse(logs().values().stream().anyMatch(t -> t.contains("Bearer ")), "no Authorization header in a log");
    }

    /** The scan finds what it looks for (a scan that cannot fail proves nothing). */
    @Test
    void theScanFindsSecretsPlantedInALogLine() {
        String token = shared.token("local-triple");
        Map<Path, String> planted = Map.of(Path.of("planted.log"), String.join("\n",
                "2026-01-01 INFO request with Authorization: Bearer " + token,
                "2026-01-01 INFO card data {\"pan\":\"" + PAN + "\",\"exp\":\"" + EXP + "\"}",
                "2026-01-01 INFO code=" + CODE));
        List<String> found = scan(planted, Set.of(token, PAN, CODE));
        assertEquals(5, found.size(), "token (value and JWT shape), PAN, expiry and code are found: " + found);
        assertTrue(found.stream().noneMatch(f -> f.contains(token) || f.contains(PAN) || f.contains(CODE)),
                "the report never repeats the secret itself");
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Every occurrence of a sensitive value, a JWT/JWE shape or the expiry next to its name, per log file. */
    static List<String> scan(Map<Path, String> logs, Set<String> sensitive) {
        List<String> found = new ArrayList<>();
        for (Map.Entry<Path, String> log : logs.entrySet()) {
            String text = log.getValue();
            for (String secret : sensitive) {
                int at = text.indexOf(secret);
                if (at >= 0) {
                    found.add(log.getKey().getFileName() + ": " + describe(secret) + " at \"" + context(text, at) + "\"");
                }
            }
            Matcher jwt = JWT_SHAPED.matcher(text);
            while (jwt.find()) {
                found.add(log.getKey().getFileName() + ": a JWT/JWE at \"" + context(text, jwt.start()) + "\"");
            }
            Matcher expiry = EXPIRY.matcher(text);
            while (expiry.find()) {
                found.add(log.getKey().getFileName() + ": the card expiry at \"" + context(text, expiry.start()) + "\"");
            }
        }
        return found;
    }

    static Map<Path, String> logs() throws IOException {
        Map<Path, String> logs = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(shared.settings().logs())) {
            for (Path f : files.sorted().toList()) {
                logs.put(f, new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
            }
        }
        return logs;
    }

    static Api.Response track(String token, String card, String type, String jwe) {
        return Api.call("POST", "/issuers/" + ISSUER + "/physicalCards/" + card + "/operations:track", token,
                Map.of("trackingType", type, "encryptedData", jwe));
    }

    static Api.Response expect(int status, Api.Response r, int... alternatives) {
        Set<Integer> allowed = new TreeSet<>();
        allowed.add(status);
        for (int a : alternatives) {
            allowed.add(a);
        }
        assertTrue(allowed.contains(r.status()), "expected " + allowed + ": " + r);
        return r;
    }

    static String describe(String secret) {
        return secret.startsWith("eyJ") ? "an access token or JWE (" + secret.length() + " chars)"
                : "a sensitive value of " + secret.length() + " characters starting with '"
                        + secret.substring(0, Math.min(3, secret.length())) + "'";
    }

    static String context(String text, int at) {
        // never print a secret into the build log: the 60 characters before it, long words masked
        String before = text.substring(Math.max(0, at - 60), at).replace('\n', ' ');
        return before.replaceAll("[A-Za-z0-9_-]{6,}", "***") + "...";
    }
}
