package com.cardplatform.auth;

import static com.cardplatform.auth.AuthTestResource.*;
import static com.cardplatform.auth.TokenEndpointTest.claims;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Failed client authentications are throttled per client id and per source address: once either has failed too
 * often in its window, even the right credentials are refused with 429 and Retry-After, and a metric counts it.
 * Small limits here (3 per client id, 5 per address); the test's source addresses are forwarded by loopback, a
 * trusted proxy, as the front door forwards the partners'.
 */
@QuarkusTest
@WithTestResource(AuthTestResource.class)
@TestProfile(FailedAuthenticationThrottleTest.SmallLimits.class)
class FailedAuthenticationThrottleTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("platform.auth.failed-authentication.per-client", "3",
                    "platform.auth.failed-authentication.per-address", "5");
        }
    }

    @Test
    void aClientIdIsThrottledAfterItsFailuresAndOtherClientsAreNot() {
        String address = "198.51.100.1";
        for (int i = 0; i < 3; i++) {
            basic(PARTNER, "wrong-secret-" + i, address).then().statusCode(401).body("error", equalTo("invalid_client"));
        }
        // the right secret is not even looked at now, from any address
        throttled(basic(PARTNER, PARTNER_SECRET, address));
        throttled(basic(PARTNER, PARTNER_SECRET, "198.51.100.2"));
        // another client from the same address: the address has 3 failures of 5
        basic(SECRET_ONLY, SECRET_ONLY_SECRET, address).then().statusCode(200);
        metric("by=\"client\"");
    }

    @Test
    void anAddressIsThrottledAfterItsFailuresWhateverTheClientIds() {
        String address = "203.0.113.9";
        for (int i = 0; i < 5; i++) {
            basic("guess-" + i, "wrong-secret", address).then().statusCode(401);
        }
        throttled(basic(SECRET_ONLY, SECRET_ONLY_SECRET, address));
        // untrusted JWT bearer assertions from that address are refused the same way
        throttled(jwtBearer(claims(D1_CLIENT, 300).jws().keyId(EC_KID).algorithm(SignatureAlgorithm.ES256)
                .sign(D1_EC.getPrivate()), address));
        // the same client from another address is served
        basic(SECRET_ONLY, SECRET_ONLY_SECRET, "203.0.113.10").then().statusCode(200);
        metric("by=\"address\"");
    }

    @Test
    void untrustedAssertionsCountAsFailures() {
        String address = "192.0.2.44";
        for (int i = 0; i < 3; i++) {
            jwtBearer(claims(BEARER_ONLY, 300).jws().keyId("b-" + EC_KID).algorithm(SignatureAlgorithm.ES256)
                    .sign(UNREGISTERED_EC.getPrivate()), address).then().statusCode(400);
        }
        throttled(jwtBearer(claims(BEARER_ONLY, 300).jws().keyId("b-" + EC_KID).algorithm(SignatureAlgorithm.ES256)
                .sign(D1_EC.getPrivate()), address));
    }

    private static Response basic(String clientId, String secret, String address) {
        return given().auth().preemptive().basic(clientId, secret)
                .header("X-Forwarded-For", address)
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .post("/oauth2/token");
    }

    private static Response jwtBearer(String assertion, String address) {
        return given().header("X-Forwarded-For", address).contentType(ContentType.URLENC)
                .formParam("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
                .formParam("assertion", assertion)
                .post("/oauth2/token");
    }

    private static void throttled(Response response) {
        TokenEndpointTest.assertOAuthError(response, 429, "temporarily_unavailable")
                .then().header("Retry-After", matchesPattern("^[1-9][0-9]*$"))
                .body("error_description", containsString("Too many failed client authentications"));
    }

    private static void metric(String tag) {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("auth_client_authentication_failures_total"))
                .body(matchesPattern("(?s).*auth_client_authentication_throttled_total\\{[^}]*" + tag.replace("\"", "\\\"")
                        + "[^}]*\\} [1-9].*"));
    }
}
