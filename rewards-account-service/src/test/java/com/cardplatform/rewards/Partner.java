package com.cardplatform.rewards;

import static io.restassured.RestAssured.given;

import com.cardplatform.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A Triple partner in tests: its own client id and tokens, and short-hands to build its hierarchy over HTTP. Its
 * {@link #token} has {@code partner.publishers}, as auth-service grants it (the scope claim is the space-separated
 * list of the granted scopes); {@link #viewOffersToken} is the same client's token with only
 * {@code partner.view_offers}, the one a client asks for with {@code scope=api.tripleup.com/partner.view_offers}.
 */
public final class Partner {

    public static final String SCOPE = "api.tripleup.com/partner.publishers";
    public static final String VIEW_OFFERS = "api.tripleup.com/partner.view_offers";

    public final String clientId;
    public final String token;
    public final String viewOffersToken;

    private Partner(String clientId) {
        this.clientId = clientId;
        this.token = TestTokens.partnerToken(clientId, SCOPE);
        this.viewOffersToken = TestTokens.partnerToken(clientId, VIEW_OFFERS);
    }

    /** A fresh partner: tests share one database (and the IT run reuses it), so every name is unique. */
    public static Partner fresh(String prefix) {
        return new Partner(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    public RequestSpecification request() {
        return given().header("Authorization", "Bearer " + token);
    }

    /** A request with the token that has only {@code partner.view_offers}. */
    public RequestSpecification viewingOffers() {
        return given().header("Authorization", "Bearer " + viewOffersToken);
    }

    public RequestSpecification json(Object body) {
        return request().contentType(ContentType.JSON).body(body);
    }

    public Response createPublisher(String externalId) {
        return json(Map.of("external_id", externalId, "name", "Publisher of the tests"))
                .post("/partner/publishers");
    }

    public String publisher(String externalId) {
        return createPublisher(externalId).then().statusCode(201).extract().path("id");
    }

    public Response createProgram(String publisherId, String externalId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("publisher_id", publisherId);
        body.put("external_id", externalId);
        body.put("name", "Program of the tests");
        body.put("currency", "USD");
        body.put("default_country_code", "US");
        body.put("default_postal_code", "15206");
        return json(body).post("/partner/card-programs");
    }

    public String program(String publisherId, String externalId) {
        return createProgram(publisherId, externalId).then().statusCode(201).extract().path("id");
    }

    public Response createAccount(String programId, String externalId) {
        return json(Map.of("card_program_id", programId, "external_id", externalId)).post("/partner/card-accounts");
    }

    public String account(String programId, String externalId) {
        return createAccount(programId, externalId).then().statusCode(201).extract().path("id");
    }

    public Response byIds(Map<String, ?> ids) {
        return json(ids).post("/partner/card-account.by-ids");
    }
}
