package com.cardplatform.testing.probe;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import com.cardplatform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * common-errors, used from its jar: every failure category reaches the client in the dialect of the path. If the
 * Jandex index were missing, Quarkus's default mappers would answer and these assertions would fail.
 */
@QuarkusTest
@WithTestResource(TokenOnlyResource.class)
class DialectDiscoveryTest {

    private static final String WRITE = TestTokens.token("probe-client", "ISSUER0001", "probe:write");
    private static final String READ = TestTokens.token("probe-client", "ISSUER0001", "probe:read");

    @ParameterizedTest
    @ValueSource(strings = {"d1", "citi", "blackhawk", "triple", "oauth"})
    void everyCategoryIsRenderedInTheDialectOfThePath(String dialect) {
        // bean validation, first field in error
        expect(dialect, given().auth().oauth2(WRITE).contentType(ContentType.JSON)
                .body("{\"name\":\"NOT VALID\",\"count\":99}").post("/" + dialect + "/items").then(), 400, "name");
        // malformed JSON
        expect(dialect, given().auth().oauth2(WRITE).contentType(ContentType.JSON)
                .body("[{\"name\":").post("/" + dialect + "/items").then(), 400, null);
        // wrong type for a field
        expect(dialect, given().auth().oauth2(WRITE).contentType(ContentType.JSON)
                .body("{\"name\":\"abc\",\"count\":\"many\"}").post("/" + dialect + "/items").then(), 400, "count");
        // wrong content type
        expect(dialect, given().auth().oauth2(WRITE).contentType(ContentType.TEXT)
                .body("name=abc").post("/" + dialect + "/items").then(), 415, null);
        // no token, each invalid token, a token without the scope
        expect(dialect, given().get("/" + dialect + "/items").then(), 401, null);
        for (Map.Entry<String, String> invalid : TestTokens.invalidTokens("probe-client", "ISSUER0001", "probe:read")
                .entrySet()) {
            expect(dialect, given().auth().oauth2(invalid.getValue()).get("/" + dialect + "/items").then(), 401, null);
        }
        expect(dialect, given().auth().oauth2(WRITE).get("/" + dialect + "/items").then(), 403, null);
        // unknown route, wrong method, explicit not found
        expect(dialect, given().get("/" + dialect + "/no-such-route").then(), 404, null);
        expect(dialect, given().auth().oauth2(READ).delete("/" + dialect + "/items").then(), 405, null);
        expect(dialect, given().get("/" + dialect + "/not-found").then(), 404, null);
        // body too large (declared length above platform.http.max-body-bytes)
        expect(dialect, given().auth().oauth2(WRITE).contentType(ContentType.JSON)
                .body("{\"name\":\"" + "a".repeat(5000) + "\"}").post("/" + dialect + "/items").then(), 413, null);
        // database unreachable: 503 with Retry-After
        expect(dialect, given().get("/" + dialect + "/database-down").then(), 503, null)
                .header("Retry-After", notNullValue());
        // anything unexpected: 500 without internals
        expect(dialect, given().get("/" + dialect + "/boom").then(), 500, null)
                .body(not(containsString("hunter2")));
        // success still works
        given().auth().oauth2(READ).get("/" + dialect + "/items").then().statusCode(200).body("ok", equalTo(true));
    }

    @Test
    void d1ShapesAreExact() {
        given().auth().oauth2(WRITE).contentType(ContentType.JSON).body("{\"name\":\"NOT VALID\",\"count\":99}")
                .post("/d1/items").then().statusCode(400)
                .body("errorCode", equalTo("FIELD_INVALID_FORMAT")).body("error", equalTo("name"));
        given().auth().oauth2(WRITE).contentType(ContentType.JSON).body("{\"name\":\"abc\",\"count\":99}")
                .post("/d1/items").then().statusCode(400)
                .body("errorCode", equalTo("FIELD_INVALID_VALUE")).body("error", equalTo("count"));
        given().get("/d1/items").then().statusCode(401).body("errorCode", equalTo("AUTHORIZER_UNAUTHORIZED"));
        given().auth().oauth2(WRITE).get("/d1/items").then().statusCode(403)
                .body("errorCode", equalTo("AUTHORIZER_FORBIDDEN"));
    }

    @Test
    void correlationIdIsEchoedGeneratedAndValidated() {
        given().header("x-correlation-id", "abc_DEF-123").get("/d1/not-found")
                .then().header("x-correlation-id", "abc_DEF-123");
        given().get("/d1/not-found").then().header("x-correlation-id", notNullValue());
        given().header("x-correlation-id", "no spaces allowed").get("/d1/items")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("errorCode", equalTo("FIELD_INVALID_FORMAT")).body("error", equalTo("x-correlation-id"));
    }

    /** Checks status, JSON, the dialect's marker field and (when given) that the field in error is named. */
    private static ValidatableResponse expect(String dialect, ValidatableResponse response, int status, String field) {
        response.statusCode(status).contentType(ContentType.JSON).header("x-correlation-id", notNullValue())
                .body(not(containsString("Exception"))).body(not(containsString("\tat ")));
        switch (dialect) {
            case "d1" -> {
                if (field != null) {
                    response.body("error", equalTo(field));
                }
            }
            case "citi" -> {
                response.body("code", notNullValue()).body("type", notNullValue());
                if (field != null) {
                    response.body("location", equalTo(field));
                }
            }
            case "blackhawk" -> {
                response.body("status", equalTo(status));
                if (field != null) {
                    response.body("success", equalTo(false));
                }
            }
            case "triple" -> {
                response.body("status_code", equalTo(status)).body("content.exception", notNullValue());
                if (field != null) {
                    response.body("content.details", hasItem(containsString(field)));
                }
            }
            case "oauth" -> response.body("error", notNullValue());
            default -> throw new IllegalArgumentException(dialect);
        }
        return response;
    }
}
