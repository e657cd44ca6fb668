package com.cardplatform.activation;

import static com.cardplatform.activation.Activation.array;
import static com.cardplatform.activation.Activation.newIssuer;
import static com.cardplatform.activation.Activation.record;
import static com.cardplatform.activation.Activation.set;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Health (database readiness), metrics and the OpenAPI document with the seed's examples. */
@QuarkusTest
@WithTestResource(ActivationTestResource.class)
class OperationsTest {

    @Test
    void livenessAndReadinessIncludingTheDatabaseAreUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Reactive PostgreSQL connections health check")))
                // the graceful shutdown's readiness check (quarkus.shutdown.delay-enabled, a platform default)
                .body("checks.name", hasItem("Graceful Shutdown"));
    }

    @Test
    void metricsCountSavedCodesAndVerifications() {
        String issuer = newIssuer();
        set(issuer, array(List.of(record("1", "2", "Secret1")))).then().statusCode(200);
        Activation.verify(issuer, "1", "2", "Secret1").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("activation_codes_saved_total"))
                .body(containsString("activation_verifications_total{outcome=\"match\"}"))
                .body(containsString("http_server_requests_seconds_count{method=\"POST\""));
    }

    @Test
    void theOpenApiDocumentCarriesTheSeedsExamples() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/cards/v1/set-activation-codes"))
                .body(containsString("/cards/v1/verify-activation-code"))
                .body(containsString("6039530407033839166"))
                .body(containsString("All records have been saved successfully"))
                .body(containsString("Proxy Number is missing in one of the record with Quote Number 1234"))
                .body(containsString("Quote Number is missing in one of the record with Proxy Number 454577"))
                .body(containsString("Activation Code is missing in one of the record with Quote Number 5689"))
                .body(containsString("Activation code 123 is not a valid value. Minimum 4 and maximum 16 digits only"))
                .body(containsString("Generic error while creating activation codes, please try again"))
                .body(containsString("[A-Za-z0-9]{4,16}"))
                .body(containsString("at most 5000 records"))
                .body(containsString("cards:activation-codes"));
    }
}
