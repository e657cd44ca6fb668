package com.cardplatform.notify;

import static com.cardplatform.notify.Notify.cardStatus;
import static com.cardplatform.notify.Notify.client;
import static com.cardplatform.notify.Notify.endpoint;
import static com.cardplatform.notify.Notify.event;
import static com.cardplatform.notify.Notify.ingest;
import static com.cardplatform.notify.Notify.newIssuer;
import static com.cardplatform.notify.Notify.partner;
import static com.cardplatform.notify.Notify.publisher;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import com.cardplatform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Another tenant's endpoint or event is a 404; scopes; every failure as RFC 9457 problem details. */
@QuarkusTest
@WithTestResource(NotifyTestResource.class)
class TenancyAndErrorsTest {

    @Test
    void anotherTenantsEndpointIsNotFoundForEveryOperation() {
        String owner = newIssuer();
        String other = newIssuer();
        String id = endpoint(owner, "http://localhost:9/never", "card.status.changed").get("id");
        String base = "/webhooks/endpoints/" + id;
        partner(other).get(base).then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("title", equalTo("Not Found")).body("type", equalTo("about:blank"));
        partner(other).body("{\"description\":\"mine now\"}").patch(base).then().statusCode(404);
        partner(other).post(base + "/secret:rotate").then().statusCode(404);
        partner(other).body("{\"since\":\"2026-01-01T00:00:00Z\"}").post(base + ":recover").then().statusCode(404);
        partner(other).delete(base).then().statusCode(404);
        partner(other).get("/webhooks/endpoints").then().statusCode(200).body("data.id", not(hasItem(id)));
        // the owner still has it, unchanged
        partner(owner).get(base).then().statusCode(200).body("description", equalTo("test"));
        partner(owner).get("/webhooks/endpoints").then().statusCode(200).body("data.id", hasItem(id));
        // a client bound to no issuer is its own tenant
        client("triple-partner-" + owner).get(base).then().statusCode(404);
    }

    @Test
    void anotherTenantsEventIsNotFound() {
        String owner = newIssuer();
        UUID id = UUID.randomUUID();
        ingest(cardStatus(id, owner, "CARD-T", 1)).then().statusCode(202);
        partner(owner).get("/webhooks/events/" + id).then().statusCode(200).body("id", equalTo(id.toString()));
        partner(owner).get("/webhooks/events/" + id + "/attempts").then().statusCode(200);
        String other = newIssuer();
        partner(other).get("/webhooks/events/" + id).then().statusCode(404);
        partner(other).get("/webhooks/events/" + id + "/attempts").then().statusCode(404);
        partner(other).post("/webhooks/events/" + id + ":resend").then().statusCode(404);
        partner(other).get("/webhooks/events").then().statusCode(200).body("data.id", not(hasItem(id.toString())));
    }

    @Test
    void aClientTenantSeesItsOwnEventsOnly() {
        String clientId = "triple-" + UUID.randomUUID();
        UUID id = UUID.randomUUID();
        ingest(event(id, "card_account.created", "client:" + clientId, "ACC-9", 1, "{\"id\":\"ACC-9\"}"))
                .then().statusCode(202);
        client(clientId).get("/webhooks/events").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].id", equalTo(id.toString()))
                .body("data[0].type", equalTo("card_account.created"));
        // the same client id bound to an issuer is that issuer's tenant, not this one
        given().header("Authorization", TestTokens.bearer(TestTokens.token(clientId, newIssuer(), Notify.MANAGE)))
                .get("/webhooks/events/" + id).then().statusCode(404);
    }

    @Test
    void eachApiNeedsItsScope() {
        String issuer = newIssuer();
        given().get("/webhooks/endpoints").then().statusCode(401).contentType("application/problem+json")
                .body("status", equalTo(401));
        publisher().get("/webhooks/endpoints").then().statusCode(403).contentType("application/problem+json")
                .body("title", equalTo("Forbidden"));
        publisher().get("/webhooks/events").then().statusCode(403);
        partner(issuer).body(Notify.events(List.of(cardStatus(UUID.randomUUID(), issuer, "C", 1))))
                .post("/internal/events").then().statusCode(403);
        given().contentType(ContentType.JSON).body("{\"events\":[]}").post("/internal/events").then().statusCode(401);
        given().header("Authorization", TestTokens.bearer(TestTokens.expired("x", issuer, Notify.MANAGE)))
                .get("/webhooks/endpoints").then().statusCode(401);
    }

    @Test
    void invalidRequestsAreProblemsNamingTheField() {
        String issuer = newIssuer();
        partner(issuer).body("{\"url\":\"ftp://example.com/x\",\"eventTypes\":[\"card.status.changed\"]}")
                .post("/webhooks/endpoints").then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("errors[0].field", equalTo("url"));
        partner(issuer).body("{\"url\":\"https://example.com/x\"}")
                .post("/webhooks/endpoints").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("eventTypes"));
        partner(issuer).body("{\"url\":\"https://example.com/x\",\"eventTypes\":[\"Not A Type\"]}")
                .post("/webhooks/endpoints").then().statusCode(400);
        partner(issuer).body("{not json").post("/webhooks/endpoints").then().statusCode(400)
                .contentType("application/problem+json");
        partner(issuer).queryParam("limit", 0).get("/webhooks/events").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
    }

    @Test
    void ingestionValidatesTheContract() {
        String issuer = newIssuer();
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            tooMany.add(cardStatus(UUID.randomUUID(), issuer, "C-" + i, i));
        }
        publisher().body(Notify.events(tooMany)).post("/internal/events").then().statusCode(400)
                .contentType("application/problem+json");
        ingest(event(UUID.randomUUID(), "card.status.changed", "nobody", "C", 1, "{}")).then().statusCode(400)
                .body("errors[0].field", equalTo("tenant"));
        publisher().body("{\"events\":[{\"id\":\"not-a-uuid\"}]}").post("/internal/events").then().statusCode(400);
        // 500 is allowed
        publisher().body(Notify.events(tooMany.subList(0, 500))).post("/internal/events").then().statusCode(202)
                .body("accepted", equalTo(500));
    }

    @Test
    void patchChangesOnlyWhatIsGivenAndDeleteRemoves() {
        String issuer = newIssuer();
        Map<String, String> endpoint = endpoint(issuer, "http://localhost:9/a", "card.status.changed");
        String base = "/webhooks/endpoints/" + endpoint.get("id");
        partner(issuer).body("{\"eventTypes\":[\"*\"],\"disabled\":true}").patch(base).then().statusCode(200)
                .body("eventTypes", equalTo(List.of("*"))).body("disabled", equalTo(true))
                .body("url", equalTo("http://localhost:9/a")).body("description", equalTo("test"));
        partner(issuer).body("{\"disabled\":false}").patch(base).then().statusCode(200)
                .body("disabled", equalTo(false));
        partner(issuer).delete(base).then().statusCode(204);
        partner(issuer).get(base).then().statusCode(404);
    }
}
