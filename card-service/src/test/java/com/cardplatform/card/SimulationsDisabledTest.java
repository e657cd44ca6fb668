package com.cardplatform.card;

import static com.cardplatform.card.Fixtures.ISSUER;
import static com.cardplatform.card.Fixtures.as;
import static com.cardplatform.card.Fixtures.card;
import static com.cardplatform.card.Fixtures.encrypt;
import static com.cardplatform.card.Fixtures.tracking;
import static com.cardplatform.card.TrackingHubTest.currentKey;
import static com.cardplatform.card.TrackingHubTest.track;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardplatform.card.Fixtures.CardSpec;
import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With simulations disabled (as in production) their paths answer exactly as a path that does not exist. */
@QuarkusTest
@TestProfile(SimulationsDisabledTest.Disabled.class)
@WithTestResource(CardTestResource.class)
class SimulationsDisabledTest {

    public static class Disabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("platform.simulations.enabled", "false");
        }
    }

    @Test
    void theSimulationPathDoesNotExist() {
        CardSpec spec = card().create();
        String operationId = track(spec, "SHIPMENT", encrypt(currentKey(), spec.cardData("dhl", "JD" + System.nanoTime())))
                .then().statusCode(200).extract().path("operationId");
        Response unknown = as(tracking(ISSUER)).contentType(ContentType.JSON).body(Map.of("event", "lost"))
                .post("/no-such-path/issuers/{issuerId}/physicalCards/{cardId}/tracking", ISSUER, spec.cardId);
        assertEquals(404, unknown.statusCode());
        for (Response response : new Response[] {
                as(tracking(ISSUER)).contentType(ContentType.JSON).body(Map.of("event", "lost"))
                        .post(SimulationsTest.SIMULATE, ISSUER, spec.cardId),
                // not even the token is looked at
                given().contentType(ContentType.JSON).body(Map.of("event", "lost"))
                        .post(SimulationsTest.SIMULATE, ISSUER, spec.cardId)}) {
            assertEquals(404, response.statusCode());
            assertEquals(unknown.contentType(), response.contentType());
            assertEquals(unknown.asString(), response.asString());
        }
        as(tracking(ISSUER)).get("/issuers/{issuerId}/physicalCards/{cardId}/operations/{operationId}", ISSUER,
                spec.cardId, operationId).then().statusCode(200);
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM card.outbox_event WHERE entity_id = ?", operationId),
                "only the creation: nothing moved it");
    }
}
