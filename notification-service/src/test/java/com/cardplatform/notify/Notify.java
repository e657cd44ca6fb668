package com.cardplatform.notify;

import static io.restassured.RestAssured.given;

import com.cardplatform.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test helpers: tokens of each role, event bodies, endpoints. */
public final class Notify {

    public static final String PUBLISH = "events:publish";
    public static final String MANAGE = "webhooks:manage";
    public static final String INTERNAL = "notifications:internal";

    private Notify() {
    }

    /** A fresh issuer per test: one test's rows never meet another's. */
    public static String newIssuer() {
        return "I" + UUID.randomUUID().toString().replace("-", "").substring(0, 9).toUpperCase();
    }

    public static RequestSpecification publisher() {
        return given().header("Authorization", TestTokens.bearer(TestTokens.partnerToken("card-service", PUBLISH)))
                .contentType(ContentType.JSON);
    }

    /** A partner bound to an issuer (tenant issuer:<id>). */
    public static RequestSpecification partner(String issuerId) {
        return given().header("Authorization", TestTokens.bearer(TestTokens.token("partner-" + issuerId, issuerId,
                MANAGE))).contentType(ContentType.JSON);
    }

    /** A partner bound to no issuer (tenant client:<sub>). */
    public static RequestSpecification client(String clientId) {
        return given().header("Authorization", TestTokens.bearer(TestTokens.partnerToken(clientId, MANAGE)))
                .contentType(ContentType.JSON);
    }

    public static RequestSpecification internal() {
        return given().header("Authorization", TestTokens.bearer(TestTokens.partnerToken("provisioning", INTERNAL)))
                .contentType(ContentType.JSON);
    }

    public static String event(UUID id, String type, String tenant, String entityId, long sequence, String dataJson) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"tenant\":\"" + tenant + "\",\"entityId\":\""
                + entityId + "\",\"sequence\":" + sequence + ",\"occurredAt\":\"" + Instant.parse("2026-12-03T07:40:00.123Z")
                + "\",\"correlationId\":\"c0ffee\",\"data\":" + dataJson + "}";
    }

    public static String cardStatus(UUID id, String issuerId, String cardId, long sequence) {
        return event(id, "card.status.changed", "issuer:" + issuerId, cardId, sequence,
                "{\"issuerId\":\"" + issuerId + "\",\"cardId\":\"" + cardId + "\",\"status\":\"SUSPENDED\","
                        + "\"previousStatus\":\"ACTIVE\",\"source\":\"CITI\"}");
    }

    public static String events(List<String> events) {
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    public static Response ingest(String... events) {
        return publisher().body(events(List.of(events))).post("/internal/events");
    }

    /** Creates an endpoint for the issuer's partner; answers id and secret. */
    public static Map<String, String> endpoint(String issuerId, String url, String... types) {
        List<String> quoted = new ArrayList<>();
        for (String t : types) {
            quoted.add("\"" + t + "\"");
        }
        Response created = partner(issuerId)
                .body("{\"url\":\"" + url + "\",\"eventTypes\":[" + String.join(",", quoted)
                        + "],\"description\":\"test\"}")
                .post("/webhooks/endpoints");
        created.then().statusCode(201);
        return Map.of("id", created.path("id"), "secret", created.path("secret"));
    }
}
