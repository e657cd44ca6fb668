package com.cardplatform.activation;

import static com.cardplatform.activation.Activation.SET;
import static com.cardplatform.activation.Activation.array;
import static com.cardplatform.activation.Activation.as;
import static com.cardplatform.activation.Activation.assertError;
import static com.cardplatform.activation.Activation.count;
import static com.cardplatform.activation.Activation.expectedHash;
import static com.cardplatform.activation.Activation.hashes;
import static com.cardplatform.activation.Activation.newIssuer;
import static com.cardplatform.activation.Activation.proxy;
import static com.cardplatform.activation.Activation.record;
import static com.cardplatform.activation.Activation.records;
import static com.cardplatform.activation.Activation.rows;
import static com.cardplatform.activation.Activation.set;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.testing.TestDatabase;
import com.cardplatform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /cards/v1/set-activation-codes}: seed 002, all-or-nothing, keyed hashes, every error exactly. */
@QuarkusTest
@WithTestResource(ActivationTestResource.class)
class SetActivationCodesTest {

    static final String SEED_SAMPLE = """
            [
                {
                    "quoteNumber":"95000000",
                    "proxyNumber":"6039530407033839166",
                    "activationCode":"123456"
                },\s
                {
                    "quoteNumber":"95000000",
                    "proxyNumber":"6039530407041188598",
                    "activationCode":"654321"
                }\s
            ]""";

    // ---- success ---------------------------------------------------------------------------------------------

    @Test
    void savesTheSeedSampleAndStoresOnlyKeyedHashes() {
        String issuer = newIssuer();
        set(issuer, SEED_SAMPLE).then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("status", equalTo(200))
                .body("success", equalTo(true))
                .body("message", equalTo("All records have been saved successfully"));
        List<Map<String, Object>> rows = rows(issuer);
        assertEquals(2, rows.size());
        assertRow(rows.get(0), "95000000", "6039530407033839166", expectedHash(issuer, "95000000",
                "6039530407033839166", "123456"));
        assertRow(rows.get(1), "95000000", "6039530407041188598", expectedHash(issuer, "95000000",
                "6039530407041188598", "654321"));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM activation.activation_codes WHERE issuer_id = ? AND "
                + "(position('123456'::bytea in code_hmac) > 0 OR position('654321'::bytea in code_hmac) > 0)", issuer));
    }

    @Test
    void answersExactlyTheSeedsSuccessBody() {
        Response response = set(newIssuer(), SEED_SAMPLE);
        assertEquals(200, response.statusCode());
        assertEquals("{\"status\":200,\"success\":true,\"message\":\"All records have been saved successfully\"}",
                response.asString());
    }

    @Test
    void writesAThousandRecordsInOneTransactionWithTheirOwnHashes() {
        String issuer = newIssuer();
        set(issuer, array(records(1000, "Code"))).then().statusCode(200);
        List<Map<String, Object>> rows = rows(issuer);
        assertEquals(1000, rows.size());
        assertEquals(1, rows.stream().map(row -> row.get("xid")).distinct().count(), "one transaction wrote them all");
        Map<String, Object> stored = hashes(issuer);
        for (int i = 0; i < 1000; i++) {
            assertEquals(expectedHash(issuer, "95000000", proxy(i), "Code" + i), stored.get("95000000/" + proxy(i)));
        }
    }

    @Test
    void equalCodesOnTwoCardsAreStoredDifferently() {
        String issuer = newIssuer();
        set(issuer, array(List.of(record("1", "10", "SameCode"), record("1", "11", "SameCode")))).then().statusCode(200);
        List<Map<String, Object>> rows = rows(issuer);
        assertFalse(rows.get(0).get("code_hmac").equals(rows.get(1).get("code_hmac")));
    }

    @Test
    void acceptsJsonNumbersAndStoresNumbersWithoutLeadingZeros() {
        String issuer = newIssuer();
        String body = "[{\"quoteNumber\":95000000,\"proxyNumber\":6039530407033839166,\"activationCode\":\"Ab12\"},"
                + "{\"quoteNumber\":\"0095000000\",\"proxyNumber\":\"06039530407041188598\",\"activationCode\":123456},"
                + "{\"quoteNumber\":\"0\",\"proxyNumber\":\"9999999999999999999\",\"activationCode\":\"ZZZZzzzz99990000\"}]";
        set(issuer, body).then().statusCode(200);
        assertEquals(Map.of(
                "0/9999999999999999999", expectedHash(issuer, "0", "9999999999999999999", "ZZZZzzzz99990000"),
                "95000000/6039530407033839166", expectedHash(issuer, "95000000", "6039530407033839166", "Ab12"),
                "95000000/6039530407041188598", expectedHash(issuer, "95000000", "6039530407041188598", "123456")),
                hashes(issuer));
    }

    @Test
    void ignoresUnknownFieldsOfARecord() {
        String issuer = newIssuer();
        set(issuer, "[{\"quoteNumber\":\"1\",\"proxyNumber\":\"2\",\"activationCode\":\"abcd\",\"note\":{\"x\":1}}]")
                .then().statusCode(200);
        assertEquals(Map.of("1/2", expectedHash(issuer, "1", "2", "abcd")), hashes(issuer));
    }

    @Test
    void replacesTheCodeOfACardThatAlreadyHasOneAndClearsItsLock() {
        String issuer = newIssuer();
        set(issuer, array(List.of(record("7", "70", "First1"), record("7", "71", "Other1")))).then().statusCode(200);
        TestDatabase.execute("UPDATE activation.activation_codes SET failed_attempts = 5, locked_at = now() "
                + "WHERE issuer_id = '" + issuer + "' AND proxy_number = '70'");
        set(issuer, array(List.of(record("7", "70", "Second2"), record("7", "72", "Third3")))).then().statusCode(200);
        List<Map<String, Object>> rows = rows(issuer);
        assertEquals(3, rows.size());
        assertRow(rows.get(0), "7", "70", expectedHash(issuer, "7", "70", "Second2"));
        assertRow(rows.get(1), "7", "71", expectedHash(issuer, "7", "71", "Other1"));
        assertRow(rows.get(2), "7", "72", expectedHash(issuer, "7", "72", "Third3"));
    }

    @Test
    void acceptsTheCapButNotOneMore() {
        String issuer = newIssuer();
        Response tooMany = set(issuer, array(records(5001, "Cap")));
        assertError(tooMany, 413,
                "Invalid Input - A request may contain at most 5000 records (1000 recommended); this one has 5001");
        assertEquals(0, count(issuer));
        set(issuer, array(records(5000, "Cap"))).then().statusCode(200);
        assertEquals(5000, count(issuer));
    }

    // ---- the seed's validation messages, exactly -------------------------------------------------------------

    @Test
    void proxyNumberMissingNamesTheQuoteNumber() {
        assertRejected(array(List.of(record("1234", null, "123456"))), 400,
                "Invalid Input - Proxy Number is missing in one of the record with Quote Number 1234");
    }

    @Test
    void quoteNumberMissingNamesTheProxyNumber() {
        assertRejected(array(List.of(record(null, "454577", "123456"))), 400,
                "Invalid Input - Quote Number is missing in one of the record with Proxy Number 454577");
    }

    @Test
    void activationCodeMissingNamesTheQuoteNumber() {
        assertRejected(array(List.of(record("5689", "1", null))), 400,
                "Invalid Input - Activation Code is missing in one of the record with Quote Number 5689");
    }

    @Test
    void activationCodeTooShortIsTheSeedsMessage() {
        assertRejected(array(List.of(record("5689", "1", "123"))), 400,
                "Invalid Input - Activation code 123 is not a valid value. Minimum 4 and maximum 16 digits only");
    }

    @Test
    void nullAndEmptyValuesAreMissing() {
        assertRejected("[{\"quoteNumber\":1234,\"proxyNumber\":null,\"activationCode\":\"123456\"}]", 400,
                "Invalid Input - Proxy Number is missing in one of the record with Quote Number 1234");
        assertRejected("[{\"quoteNumber\":\"\",\"proxyNumber\":454577,\"activationCode\":\"123456\"}]", 400,
                "Invalid Input - Quote Number is missing in one of the record with Proxy Number 454577");
        assertRejected("[{\"quoteNumber\":5689,\"proxyNumber\":1,\"activationCode\":\"  \"}]", 400,
                "Invalid Input - Activation Code is missing in one of the record with Quote Number 5689");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"12345678901234567\"", "\"abc!\"", "\"abcd efg\"", "\"ÄBCD\"", "12.5", "true",
            "{\"a\":1}", "[1,2]", "-1234"})
    void rejectsActivationCodesOutsideThePattern(String code) {
        Response response = set(newIssuer(), "[{\"quoteNumber\":1,\"proxyNumber\":2,\"activationCode\":" + code + "}]");
        assertEquals(400, response.statusCode());
        String message = response.jsonPath().getString("message");
        assertTrue(message.startsWith("Invalid Input - Activation code "), message);
        assertTrue(message.endsWith(" is not a valid value. Minimum 4 and maximum 16 digits only"), message);
    }

    @Test
    void echoesAtMostSixteenPrintableCharactersOfAnInvalidCode() {
        assertRejected(array(List.of(record("1", "2", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))), 400,
                "Invalid Input - Activation code ABCDEFGHIJKLMNOP... is not a valid value. Minimum 4 and maximum 16 "
                        + "digits only");
        assertRejected("[{\"quoteNumber\":1,\"proxyNumber\":2,\"activationCode\":\"ab\\u0000\\n<script>\"}]", 400,
                "Invalid Input - Activation code ab??<script> is not a valid value. Minimum 4 and maximum 16 digits only");
    }

    @Test
    void acceptsCodesOfFourAndSixteenCharactersInBothCases() {
        String issuer = newIssuer();
        set(issuer, array(List.of(record("1", "1", "aB3d"), record("1", "2", "ABCDEFGHijklmn09")))).then()
                .statusCode(200);
        assertEquals(2, count(issuer));
    }

    @Test
    void nonNumericQuoteAndProxyNumbersAreRejected() {
        assertRejected(array(List.of(record("95A00000", "1", "123456"))), 400,
                "Invalid Input - Quote Number 95A00000 is not a valid value. Maximum 18 digits only");
        assertRejected(array(List.of(record("1", "60395304070338391X", "123456"))), 400,
                "Invalid Input - Proxy Number 60395304070338391X is not a valid value. Maximum 19 digits only");
        assertRejected("[{\"quoteNumber\":-5,\"proxyNumber\":1,\"activationCode\":\"123456\"}]", 400,
                "Invalid Input - Quote Number -5 is not a valid value. Maximum 18 digits only");
        assertRejected("[{\"quoteNumber\":1,\"proxyNumber\":1.5,\"activationCode\":\"123456\"}]", 400,
                "Invalid Input - Proxy Number 1.5 is not a valid value. Maximum 19 digits only");
        assertRejected("[{\"quoteNumber\":{\"n\":1},\"proxyNumber\":1,\"activationCode\":\"123456\"}]", 400,
                "Invalid Input - Quote Number {\"n\":1} is not a valid value. Maximum 18 digits only");
    }

    @Test
    void quoteAndProxyNumbersHaveMaximumLengths() {
        assertRejected(array(List.of(record("1234567890123456789", "1", "123456"))), 400,
                "Invalid Input - Quote Number 1234567890123456789 is not a valid value. Maximum 18 digits only");
        assertRejected(array(List.of(record("1", "12345678901234567890", "123456"))), 400,
                "Invalid Input - Proxy Number 12345678901234567890 is not a valid value. Maximum 19 digits only");
        assertRejected(array(List.of(record("1", "12345678901234567890123456789", "123456"))), 400,
                "Invalid Input - Proxy Number 123456789012345678901234... is not a valid value. Maximum 19 digits "
                        + "only");
    }

    @Test
    void bothNumbersMissingNamesTheRecord() {
        assertRejected(array(List.of(record("1", "1", "123456"), record(null, null, "123456"))), 400,
                "Invalid Input - Quote Number and Proxy Number are missing in record 2");
    }

    @Test
    void aRecordThatIsNotAnObjectIsRejected() {
        assertRejected("[" + record("1", "1", "123456") + ", 42]", 400, "Invalid Input - Record 2 is not a JSON object");
        assertRejected("[null]", 400, "Invalid Input - Record 1 is not a JSON object");
    }

    @Test
    void duplicateCardsInOneRequestAreRejected() {
        assertRejected(array(List.of(record("95000000", "11", "123456"), record("95000000", "12", "123456"),
                record("95000000", "11", "654321"))), 400,
                "Invalid Input - Duplicate record for Quote Number 95000000 and Proxy Number 11");
        assertRejected("[{\"quoteNumber\":95000000,\"proxyNumber\":11,\"activationCode\":\"123456\"},"
                + "{\"quoteNumber\":\"095000000\",\"proxyNumber\":\"0011\",\"activationCode\":\"123456\"}]", 400,
                "Invalid Input - Duplicate record for Quote Number 95000000 and Proxy Number 11");
    }

    @Test
    void theFirstBadRecordWins() {
        assertRejected(array(List.of(record("1", "1", "123456"), record("5689", "2", null), record("1234", null, "1"))),
                400, "Invalid Input - Activation Code is missing in one of the record with Quote Number 5689");
    }

    // ---- no partial processing -------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 499, 999})
    void rejectsTheWholeBatchWhenOneRecordOfAThousandIsInvalid(int bad) {
        String issuer = newIssuer();
        set(issuer, array(records(10, "Old"))).then().statusCode(200);
        List<Map<String, Object>> before = rows(issuer);
        List<String> records = new ArrayList<>(records(1000, "New"));
        records.set(bad, record("95000000", proxy(bad), "12"));
        assertError(set(issuer, array(records)), 400,
                "Invalid Input - Activation code 12 is not a valid value. Minimum 4 and maximum 16 digits only");
        assertEquals(before, rows(issuer), "the table is unchanged, hashes and transaction ids alike");
    }

    // ---- body shape ------------------------------------------------------------------------------------------

    @Test
    void malformedJsonIsAnsweredInTheSeedsShape() {
        String issuer = newIssuer();
        // the seed's error points at line 3, column 2: a second record without the comma before it
        String body = "[\n {\"quoteNumber\":\"95000000\",\"proxyNumber\":\"1\",\"activationCode\":\"123456\"}\n"
                + " {\"quoteNumber\":\"95000000\",\"proxyNumber\":\"2\",\"activationCode\":\"654321\"}\n]";
        Response response = set(issuer, body);
        response.then().statusCode(400).contentType(ContentType.JSON);
        assertEquals(List.of("status", "error", "message", "path"),
                List.copyOf(response.jsonPath().getMap("").keySet()));
        assertEquals(400, response.jsonPath().getInt("status"));
        assertEquals("Bad Request", response.jsonPath().getString("error"));
        assertEquals("JSON parse error: Unexpected character ('{' (code 123)): was expecting comma to separate Array "
                + "entries at line 3, column 2", response.jsonPath().getString("message"));
        assertEquals(SET, response.jsonPath().getString("path"));
        assertEquals(0, count(issuer));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[{\"quoteNumber\":\"1\",\"proxyNumber\":\"1\",\"activationCode\":\"123456\"}] trailing",
            "[{\"quoteNumber\":\"1\"", "[{\"quoteNumber\":\"1\",}]", "{]", "\u00ff\u00fe"})
    void otherSyntaxErrorsAreParseErrorsToo(String body) {
        Response response = set(newIssuer(), body);
        response.then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("error", equalTo("Bad Request"))
                .body("message", matchesPattern("^JSON parse error: .+"))
                .body("path", equalTo(SET));
    }

    @Test
    void anEmptyArrayIsRejected() {
        assertRejected("[]", 400, "Invalid Input - The request must contain at least one record");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"quoteNumber\":\"1\",\"proxyNumber\":\"1\",\"activationCode\":\"123456\"}",
            "\"text\"", "42", "null", "", "  "})
    void aBodyThatIsNotAnArrayIsRejected(String body) {
        assertRejected(body, 400, "Invalid Input - The request body must be a JSON array of records with "
                + "quoteNumber, proxyNumber and activationCode");
    }

    @Test
    void aBodyLargerThanTwoMebibytesIsRefusedBeforeReading() {
        String issuer = newIssuer();
        String body = "[" + record("1", "1", "123456") + " ".repeat(2 * 1024 * 1024) + "]";
        assertError(set(issuer, body), 413, "Invalid Input - The request body is larger than 2097152 bytes");
        assertEquals(0, count(issuer));
    }

    @Test
    void anotherContentTypeIs415() {
        String issuer = newIssuer();
        Response response = given().header("Authorization", TestTokens.bearer(Activation.token(issuer)))
                .contentType("text/plain").body(SEED_SAMPLE).post(SET);
        assertError(response, 415, "Unsupported Media Type - the request body must be application/json");
        assertEquals(0, count(issuer));
    }

    @Test
    void anotherMethodIs405() {
        Response response = given().header("Authorization", TestTokens.bearer(Activation.token(newIssuer())))
                .get(SET);
        assertError(response, 405, "Method Not Allowed - GET is not supported on this resource");
    }

    @Test
    void anUnknownPathIs404() {
        Response response = as(newIssuer()).body(SEED_SAMPLE).post("/cards/v1/submitActivationCodes");
        assertError(response, 404, "Not Found - no such resource");
    }

    // ---- correlation id --------------------------------------------------------------------------------------

    @Test
    void echoesTheCorrelationIdOnSuccessAndOnErrors() {
        as(newIssuer()).header("x-correlation-id", "bh-req-0001").body(SEED_SAMPLE).post(SET).then()
                .statusCode(200)
                .header("x-correlation-id", "bh-req-0001");
        as(newIssuer()).header("x-correlation-id", "bh-req-0002").body("[]").post(SET).then()
                .statusCode(400)
                .header("x-correlation-id", "bh-req-0002");
        as(newIssuer()).body(SEED_SAMPLE).post(SET).then()
                .statusCode(200)
                .header("x-correlation-id", matchesPattern("^[0-9a-f-]{36}$"));
    }

    @Test
    void refusesAnInvalidCorrelationIdInTheDialect() {
        String issuer = newIssuer();
        Response response = as(issuer).header("x-correlation-id", "bad id!").body(SEED_SAMPLE).post(SET);
        assertEquals(400, response.statusCode());
        assertEquals(false, response.jsonPath().getBoolean("success"));
        assertTrue(response.jsonPath().getString("message").startsWith("Invalid Input - "));
        assertEquals(0, count(issuer));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static void assertRejected(String body, int status, String message) {
        String issuer = newIssuer();
        assertError(set(issuer, body), status, message);
        assertEquals(0, count(issuer), "nothing written");
    }

    private static void assertRow(Map<String, Object> row, String quote, String proxy, String hash) {
        assertEquals(quote, row.get("quote_number"));
        assertEquals(proxy, row.get("proxy_number"));
        assertEquals(hash, row.get("code_hmac"));
        assertEquals(0, ((Number) row.get("failed_attempts")).intValue());
        assertEquals(false, row.get("locked"));
    }
}
