package com.cardplatform.activation;

import static com.cardplatform.activation.Activation.CLIENT;
import static com.cardplatform.activation.Activation.SCOPE;
import static com.cardplatform.activation.Activation.SET;
import static com.cardplatform.activation.Activation.VERIFY;
import static com.cardplatform.activation.Activation.array;
import static com.cardplatform.activation.Activation.assertError;
import static com.cardplatform.activation.Activation.count;
import static com.cardplatform.activation.Activation.expectedHash;
import static com.cardplatform.activation.Activation.hashes;
import static com.cardplatform.activation.Activation.newIssuer;
import static com.cardplatform.activation.Activation.record;
import static com.cardplatform.activation.Activation.rows;
import static com.cardplatform.activation.Activation.set;
import static com.cardplatform.activation.Activation.verify;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardplatform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tokens and tenancy on both endpoints: 401 for every broken token, 403 for scope or issuer, issuers isolated. */
@QuarkusTest
@WithTestResource(ActivationTestResource.class)
class ActivationSecurityTest {

    static final String UNAUTHORIZED = "Unauthorized - the access token is missing, invalid or expired";
    static final String FORBIDDEN = "Forbidden - the access token does not allow this operation";
    static final String ONE_RECORD = array(List.of(record("95000000", "6039530407033839166", "123456")));
    static final String ATTEMPT = record("95000000", "6039530407033839166", "123456");

    @Test
    void withoutATokenBothEndpointsAnswer401() {
        assertError(given().contentType(ContentType.JSON).body(ONE_RECORD).post(SET), 401, UNAUTHORIZED);
        assertError(given().contentType(ContentType.JSON).body(ATTEMPT).post(VERIFY), 401, UNAUTHORIZED);
    }

    @Test
    void theTokenIsCheckedBeforeTheBodyIsRead() {
        assertError(given().contentType(ContentType.JSON).body("[{").post(SET), 401, UNAUTHORIZED);
        assertError(given().contentType(ContentType.JSON).body("[]").post(SET), 401, UNAUTHORIZED);
    }

    @Test
    void everyInvalidTokenIs401AndWritesNothing() {
        String issuer = newIssuer();
        for (Map.Entry<String, String> bad : TestTokens.invalidTokens(CLIENT, issuer, SCOPE).entrySet()) {
            Response setResponse = given().header("Authorization", TestTokens.bearer(bad.getValue()))
                    .contentType(ContentType.JSON).body(ONE_RECORD).post(SET);
            assertEquals(401, setResponse.statusCode(), bad.getKey());
            assertError(setResponse, 401, UNAUTHORIZED);
            Response verifyResponse = given().header("Authorization", TestTokens.bearer(bad.getValue()))
                    .contentType(ContentType.JSON).body(ATTEMPT).post(VERIFY);
            assertEquals(401, verifyResponse.statusCode(), bad.getKey());
            assertError(verifyResponse, 401, UNAUTHORIZED);
        }
        assertEquals(0, count(issuer));
    }

    @Test
    void aSchemeOtherThanBearerIs401() {
        assertError(given().header("Authorization", "Basic YmxhY2toYXdrOnNlY3JldA==").contentType(ContentType.JSON)
                .body(ONE_RECORD).post(SET), 401, UNAUTHORIZED);
    }

    @Test
    void aTokenWithoutTheScopeIs403() {
        String issuer = newIssuer();
        String token = TestTokens.token(CLIENT, issuer, "cards:status", "cards:tracking");
        assertError(given().header("Authorization", TestTokens.bearer(token)).contentType(ContentType.JSON)
                .body(ONE_RECORD).post(SET), 403, FORBIDDEN);
        assertError(given().header("Authorization", TestTokens.bearer(token)).contentType(ContentType.JSON)
                .body(ATTEMPT).post(VERIFY), 403, FORBIDDEN);
        assertEquals(0, count(issuer));
    }

    @Test
    void aTokenBoundToNoIssuerIs403EvenWithAnInvalidBody() {
        String token = TestTokens.partnerToken(CLIENT, SCOPE);
        assertError(given().header("Authorization", TestTokens.bearer(token)).contentType(ContentType.JSON)
                .body(ONE_RECORD).post(SET), 403, FORBIDDEN);
        assertError(given().header("Authorization", TestTokens.bearer(token)).contentType(ContentType.JSON)
                .body("[]").post(SET), 403, FORBIDDEN);
        assertError(given().header("Authorization", TestTokens.bearer(token)).contentType(ContentType.JSON)
                .body(ATTEMPT).post(VERIFY), 403, FORBIDDEN);
    }

    @Test
    void anotherIssuerNeitherOverwritesNorVerifiesTheFirstIssuersCodes() {
        String first = newIssuer();
        String second = newIssuer();
        set(first, ONE_RECORD).then().statusCode(200);
        Map<String, Object> before = hashes(first);

        set(second, array(List.of(record("95000000", "6039530407033839166", "999999")))).then().statusCode(200);
        assertEquals(before, hashes(first), "the first issuer's code is untouched");
        assertEquals(Map.of("95000000/6039530407033839166",
                expectedHash(second, "95000000", "6039530407033839166", "999999")), hashes(second));

        // the first issuer's code does not open the card for the second issuer, and its attempts do not count
        for (int i = 0; i < 6; i++) {
            verify(second, "95000000", "6039530407033839166", "123456").then().statusCode(i < 4 ? 422 : 423);
        }
        assertEquals(0, ((Number) rows(first).get(0).get("failed_attempts")).intValue());
        verify(first, "95000000", "6039530407033839166", "123456").then().statusCode(200);
    }
}
