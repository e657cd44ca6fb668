package com.cardplatform.activation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardplatform.primitives.crypto.HmacSha256;
import com.cardplatform.testing.TestDatabase;
import com.cardplatform.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test helpers: tokens, request bodies, the expected keyed hashes and the rows of the table. */
public final class Activation {

    public static final String SCOPE = "cards:activation-codes";
    public static final String SET = "/cards/v1/set-activation-codes";
    public static final String VERIFY = "/cards/v1/verify-activation-code";
    public static final String CLIENT = "blackhawk-partner";

    private Activation() {
    }

    /** A fresh issuer per test: rows of one test never meet another's. */
    public static String newIssuer() {
        return "ISS-" + UUID.randomUUID().toString().substring(0, 13);
    }

    public static String token(String issuerId) {
        return TestTokens.token(CLIENT, issuerId, SCOPE);
    }

    public static RequestSpecification as(String issuerId) {
        return given().header("Authorization", TestTokens.bearer(token(issuerId)))
                .contentType(ContentType.JSON);
    }

    public static Response set(String issuerId, String body) {
        return as(issuerId).body(body).post(SET);
    }

    public static Response verify(String issuerId, String quote, String proxy, String code) {
        return as(issuerId).body(record(quote, proxy, code)).post(VERIFY);
    }

    /** One record with string values (the seed's sample sends strings); null leaves the field out. */
    public static String record(String quote, String proxy, String code) {
        List<String> fields = new ArrayList<>();
        if (quote != null) {
            fields.add("\"quoteNumber\":\"" + quote + "\"");
        }
        if (proxy != null) {
            fields.add("\"proxyNumber\":\"" + proxy + "\"");
        }
        if (code != null) {
            fields.add("\"activationCode\":\"" + code + "\"");
        }
        return "{" + String.join(",", fields) + "}";
    }

    public static String array(List<String> records) {
        return "[" + String.join(",", records) + "]";
    }

    /** {@code count} valid records: quote 95000000, proxies 6039530400000000000 + i, codes prefix + i. */
    public static List<String> records(int count, String codePrefix) {
        List<String> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(record("95000000", proxy(i), codePrefix + i));
        }
        return records;
    }

    public static String proxy(int i) {
        return Long.toString(6039530400000000000L + i);
    }

    /** What the service must store: HMAC-SHA256(key, len(issuer):issuer|quote|proxy|code), hex. */
    public static String expectedHash(String issuerId, String quote, String proxy, String code) {
        String input = issuerId.length() + ":" + issuerId + "|" + quote + "|" + proxy + "|" + code;
        return new HmacSha256(ActivationTestResource.HMAC_KEY).hex(input);
    }

    /** The issuer's rows, card order: quote, proxy, hash (hex), failed attempts, locked, transaction id. */
    public static List<Map<String, Object>> rows(String issuerId) {
        return TestDatabase.query("SELECT quote_number, proxy_number, encode(code_hmac, 'hex') AS code_hmac, "
                + "failed_attempts, locked_at IS NOT NULL AS locked, xmin::text AS xid "
                + "FROM activation.activation_codes WHERE issuer_id = ? ORDER BY quote_number, proxy_number",
                issuerId);
    }

    /** Card ("quote/proxy") to stored hash (hex), for comparisons of whole tables. */
    public static Map<String, Object> hashes(String issuerId) {
        Map<String, Object> hashes = new LinkedHashMap<>();
        for (Map<String, Object> row : rows(issuerId)) {
            hashes.put(row.get("quote_number") + "/" + row.get("proxy_number"), row.get("code_hmac"));
        }
        return hashes;
    }

    public static long count(String issuerId) {
        return TestDatabase.count("SELECT count(*) FROM activation.activation_codes WHERE issuer_id = ?", issuerId);
    }

    /** Asserts an exact Blackhawk error body. */
    public static void assertError(Response response, int status, String message) {
        response.then().contentType(ContentType.JSON);
        assertEquals(status, response.statusCode(), response.asString());
        assertEquals(Map.of("status", status, "success", false, "message", message),
                response.jsonPath().getMap(""), response.asString());
        assertEquals(List.of("status", "success", "message"), List.copyOf(response.jsonPath().getMap("").keySet()));
    }
}
