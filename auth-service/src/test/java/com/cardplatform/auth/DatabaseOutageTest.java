package com.cardplatform.auth;

import static com.cardplatform.auth.AuthTestResource.PARTNER;
import static com.cardplatform.auth.AuthTestResource.PARTNER_SECRET;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * The database stops: the token endpoint answers 503 temporarily_unavailable with Retry-After (it does not hang),
 * and it recovers by itself when the database returns, without a restart of the service.
 */
@QuarkusTest
@WithTestResource(AuthTestResource.class)
class DatabaseOutageTest {

    private static final RestAssuredConfig NO_HANG = RestAssuredConfig.config().httpClient(HttpClientConfig
            .httpClientConfig().setParam("http.socket.timeout", 15_000).setParam("http.connection.timeout", 5_000));

    @Test
    void answers503WhileTheDatabaseIsDownAndRecoversWhenItReturns() throws InterruptedException {
        tokenRequest().then().statusCode(200);
        TestDatabase.stop();
        try {
            tokenRequest().then().statusCode(503)
                    .contentType(ContentType.JSON)
                    .header("Retry-After", notNullValue())
                    .body("error", equalTo("temporarily_unavailable"));
        } finally {
            TestDatabase.restart();
        }
        int status = 0;
        for (int attempt = 0; attempt < 50 && status != 200; attempt++) {
            status = tokenRequest().statusCode();
            if (status != 200) {
                Thread.sleep(200);
            }
        }
        assertEquals(200, status, "the service recovers without a restart");
    }

    private static Response tokenRequest() {
        return given().config(NO_HANG).auth().preemptive().basic(PARTNER, PARTNER_SECRET)
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .post("/oauth2/token");
    }
}
