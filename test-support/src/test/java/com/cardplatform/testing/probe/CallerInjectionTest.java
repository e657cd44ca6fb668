package com.cardplatform.testing.probe;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import com.cardplatform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * common-errors' request-scoped {@code Caller}, injected into a singleton resource: each request sees its own
 * token's caller, a request without a token gets the endpoint's 401 in its dialect at the caller's first use (not
 * a 500 from the bean's production), and a public endpoint that does not use it answers without a token.
 */
@QuarkusTest
@WithTestResource(TokenOnlyResource.class)
class CallerInjectionTest {

    @Test
    void eachRequestSeesItsOwnCaller() {
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(TestTokens.token("client-a", "ISSUERA001", "probe:read"))
                    .get("/d1/caller-probe/whoami")
                    .then().statusCode(200)
                    .body("clientId", equalTo("client-a"))
                    .body("issuerId", equalTo("ISSUERA001"))
                    .body("scopes", contains("probe:read"));
            given().auth().oauth2(TestTokens.token("client-b", null, "probe:write"))
                    .get("/d1/caller-probe/whoami")
                    .then().statusCode(200)
                    .body("clientId", equalTo("client-b"))
                    .body("issuerId", equalTo("null"))
                    .body("scopes", contains("probe:write"));
        }
    }

    @Test
    void noTokenIsA401InTheDialectWhereTheCallerIsUsed() {
        given().get("/d1/caller-probe/whoami")
                .then().statusCode(401).body("errorCode", equalTo("AUTHORIZER_UNAUTHORIZED"));
    }

    @Test
    void aPublicEndpointNeedsNoCaller() {
        given().get("/d1/caller-probe/public").then().statusCode(200).body("ok", equalTo(true));
    }
}
