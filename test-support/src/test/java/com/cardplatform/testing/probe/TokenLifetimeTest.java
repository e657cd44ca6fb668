package com.cardplatform.testing.probe;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.cardplatform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The platform's token rules as every service gets them from common-errors' defaults: a token signed by the right
 * key but living longer than the platform accepts is a 401 in the dialect, on every request (it is never
 * remembered), while a token of the platform's own lifetime is served from memory from its second request on.
 */
@QuarkusTest
@WithTestResource(TokenOnlyResource.class)
class TokenLifetimeTest {

    @Test
    void aCorrectlySignedTokenLivingUntil2100IsRefusedOnEveryRequest() {
        String longLived = TestTokens.longLived("probe-client", "ISSUER0001", "probe:read");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(longLived).get("/d1/items")
                    .then().statusCode(401).body("errorCode", equalTo("AUTHORIZER_UNAUTHORIZED"));
            given().auth().oauth2(longLived).get("/triple/items")
                    .then().statusCode(401).body("content.exception", equalTo("TripleNotAuthenticatedError"));
        }
    }

    @Test
    void aTokenOfTheIssuedLifetimeIsAcceptedAgainAndAgain() {
        String token = TestTokens.token("probe-client", "ISSUER0001", "probe:read");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).get("/d1/items").then().statusCode(200).body("ok", equalTo(true));
        }
    }
}
