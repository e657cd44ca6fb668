package com.cardplatform.rewards;

import static com.cardplatform.rewards.TripleErrors.assertError;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.testing.PlatformTestResource;
import com.cardplatform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** What every endpoint shares: tokens, scopes, routes, methods, sizes, correlation id, operations. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class EdgeTest {

    private static final String LOOKUP_BODY = "{\"card_account_external_id\":\"id-for-entity\"}";

    /** Every route of the service, as a request that a valid token would get past security with. */
    private static final Map<String, Function<RequestSpecification, Response>> ROUTES = Map.ofEntries(
            Map.entry("POST by-ids", r -> r.contentType(ContentType.JSON).body(LOOKUP_BODY)
                    .post("/partner/card-account.by-ids")),
            Map.entry("POST publishers", r -> r.contentType(ContentType.JSON)
                    .body("{\"external_id\":\"e\",\"name\":\"n\"}").post("/partner/publishers")),
            Map.entry("GET publisher", r -> r.get("/partner/publishers/triple-x")),
            Map.entry("GET publishers", r -> r.get("/partner/publishers")),
            Map.entry("POST card-programs", r -> r.contentType(ContentType.JSON).body("{}").post("/partner/card-programs")),
            Map.entry("GET card-program", r -> r.get("/partner/card-programs/triple-x")),
            Map.entry("GET card-programs", r -> r.get("/partner/card-programs")),
            Map.entry("POST card-accounts", r -> r.contentType(ContentType.JSON).body("{}").post("/partner/card-accounts")),
            Map.entry("GET card-account", r -> r.get("/partner/card-accounts/triple-x")),
            Map.entry("GET card-accounts", r -> r.get("/partner/card-accounts")),
            Map.entry("PATCH card-account", r -> r.contentType(ContentType.JSON).body("{\"status\":\"CLOSED\"}")
                    .patch("/partner/card-accounts/triple-x")));

    /** The read-only lookups, which the seed's partner.view_offers scope opens as well. */
    private static final List<String> VIEW_OFFERS_ROUTES = List.of("POST by-ids", "GET card-account");

    @Test
    void everyRouteRefusesAMissingOrNonBearerToken() {
        ROUTES.forEach((name, call) -> {
            assertError(call.apply(given()), 401, TripleErrors.NOT_AUTHENTICATED);
            assertError(call.apply(given().header("Authorization", "Basic Zm9vOmJhcg==")), 401,
                    TripleErrors.NOT_AUTHENTICATED);
            assertError(call.apply(given().header("Authorization", "Bearer ")), 401, TripleErrors.NOT_AUTHENTICATED);
        });
    }

    @Test
    void theLookupAndThePatchRefuseEveryInvalidToken() {
        Map<String, String> tokens = TestTokens.invalidTokens("edge-partner", null, Partner.SCOPE);
        for (String name : List.of("POST by-ids", "PATCH card-account")) {
            tokens.forEach((kind, token) -> {
                Response response = ROUTES.get(name).apply(given().header("Authorization", "Bearer " + token));
                assertTrue(response.statusCode() == 401, name + " with a " + kind + " token: " + response.statusCode());
                assertError(response, 401, TripleErrors.NOT_AUTHENTICATED);
            });
        }
    }

    @Test
    void everyRouteRefusesAnExpiredOrTamperedToken() {
        List<String> tokens = List.of(TestTokens.expired("edge-partner", null, Partner.SCOPE),
                TestTokens.tampered("edge-partner", null, Partner.SCOPE));
        ROUTES.forEach((name, call) -> {
            for (String token : tokens) {
                assertError(call.apply(given().header("Authorization", "Bearer " + token)), 401,
                        TripleErrors.NOT_AUTHENTICATED);
            }
        });
    }

    @Test
    void everyRouteRefusesATokenWithoutItsScope() {
        String noScope = TestTokens.partnerToken("edge-partner");
        String otherPlatformScope = TestTokens.token("edge-partner", "ISSUER0001", "cards:status");
        String otherTripleScopes = TestTokens.partnerToken("edge-partner", "api.tripleup.com/partner.portfolios",
                "api.tripleup.com/partner.content_providers");
        ROUTES.forEach((name, call) -> {
            for (String token : List.of(noScope, otherPlatformScope, otherTripleScopes)) {
                assertError(call.apply(given().header("Authorization", "Bearer " + token)), 403, TripleErrors.FORBIDDEN);
            }
        });
    }

    @Test
    void theViewOffersScopeOpensTheReadOnlyLookupsOnly() {
        String viewOffers = TestTokens.partnerToken("edge-partner", Partner.VIEW_OFFERS);
        ROUTES.forEach((name, call) -> {
            Response response = call.apply(given().header("Authorization", "Bearer " + viewOffers));
            if (VIEW_OFFERS_ROUTES.contains(name)) {
                // past security: the lookups of objects that do not exist
                assertError(response, 404, TripleErrors.INVALID_PATH);
            } else {
                assertError(response, 403, TripleErrors.FORBIDDEN);
            }
        });
    }

    @Test
    void unknownRoutesAreInvalidPaths() {
        Partner partner = Partner.fresh("edge");
        for (String path : List.of("/", "/partner", "/partner/nothing-here", "/partner/card-accounts/triple-x/extra",
                "/partner/card-account.by-id", "/partner/consumers")) {
            assertError(partner.request().get(path), 404, TripleErrors.INVALID_PATH);
        }
        assertError(given().get("/partner/nothing-here"), 404, TripleErrors.INVALID_PATH);
    }

    @Test
    void anUnsupportedMethodIsRefusedInTheDialect() {
        Partner partner = Partner.fresh("edge");
        List<Response> responses = List.of(
                partner.request().delete("/partner/card-accounts/triple-x"),
                partner.request().get("/partner/card-account.by-ids"),
                partner.request().put("/partner/publishers"),
                partner.request().delete("/partner/card-programs/triple-x"));
        for (Response response : responses) {
            assertError(response, 405, "TripleMethodNotAllowedError");
        }
    }

    @Test
    void aBodyAboveTheLimitIsTooLarge() {
        Partner partner = Partner.fresh("edge");
        String huge = "{\"card_account_external_id\":\"" + "x".repeat(20_000) + "\"}";
        assertError(partner.request().contentType(ContentType.JSON).body(huge).post("/partner/card-account.by-ids"),
                413, "TriplePayloadTooLargeError");
        assertError(partner.request().contentType(ContentType.JSON).body(huge).post("/partner/publishers"),
                413, "TriplePayloadTooLargeError");
    }

    @Test
    void theCorrelationIdIsEchoedOnSuccessAndFailure() {
        Partner partner = Partner.fresh("edge");
        String id = partner.publisher(Partner.unique("pub"));
        partner.request().header("x-correlation-id", "rewards-test-0001").get("/partner/publishers/" + id)
                .then().statusCode(200).header("x-correlation-id", "rewards-test-0001");
        partner.request().header("x-correlation-id", "rewards-test-0002").get("/partner/publishers/triple-none")
                .then().statusCode(404).header("x-correlation-id", "rewards-test-0002");
        given().header("x-correlation-id", "rewards-test-0003").get("/partner/publishers/" + id)
                .then().statusCode(401).header("x-correlation-id", "rewards-test-0003");
        partner.request().get("/partner/publishers/" + id)
                .then().statusCode(200).header("x-correlation-id", matchesPattern("^[0-9a-f-]{36}$"));
        assertError(partner.request().header("x-correlation-id", "not valid!").get("/partner/publishers/" + id),
                400, TripleErrors.BAD_REQUEST)
                .body("content.details", contains(startsWith("x-correlation-id: ")));
    }

    @Test
    void noRouteIsNotImplemented() {
        Partner partner = Partner.fresh("edge");
        ROUTES.forEach((name, call) -> {
            Response response = call.apply(partner.request());
            assertTrue(response.statusCode() < 500, name + " -> " + response.statusCode());
        });
        for (String path : List.of("/partner/publishers", "/partner/card-programs", "/partner/card-accounts")) {
            partner.request().get(path).then().statusCode(200).body("size()", equalTo(3));
        }
    }

    @Test
    void hostileInputNeverCausesAnInternalError() {
        Partner partner = Partner.fresh("edge");
        List<String> bodies = List.of(
                "{\"card_account_external_id\":\"' OR 1=1 --\"}",
                "{\"card_account_external_id\":\"%00\\u0000\"}",
                "{\"card_account_external_id\":\"\\ud83d\\ude00\"}",
                "{\"card_account_external_id\":\"\\udc00\"}",
                "{\"card_account_external_id\":true}",
                "{\"card_account_external_id\":1e999}",
                "{\"card_account_external_id\":[\"a\"]}",
                "{\"publisher_external_id\":null,\"card_program_external_id\":\"\"}",
                "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
                "\"just a string\"", "null", "12", "{", "{\"a\":\"b\"}}", "\u00ff\u00fe");
        for (String body : bodies) {
            Response response = partner.request().contentType(ContentType.JSON).body(body)
                    .post("/partner/card-account.by-ids");
            assertTrue(response.statusCode() == 400 || response.statusCode() == 404,
                    body + " -> " + response.statusCode() + " " + response.asString());
            response.then().body("status_code", equalTo(response.statusCode()))
                    .body(not(containsString("Exception")));
        }
        for (String path : List.of("/partner/card-accounts/%27%20OR%201=1", "/partner/card-accounts/triple-%00",
                "/partner/card-accounts/triple-" + "a".repeat(2000), "/partner/publishers/..%2F..%2Fetc")) {
            Response response = partner.request().get(path);
            assertTrue(response.statusCode() == 404 || response.statusCode() == 400, path + " -> " + response.statusCode());
            response.then().body("status_code", equalTo(response.statusCode()));
        }
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
        String openapi = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().asString();
        for (String expected : List.of("/partner/card-account.by-ids", "/partner/card-accounts/{id}",
                "\"id-for-entity\"", "triple-abc-123", "2021-12-01T01:59:59.000Z", "TripleServiceUnavailable",
                "TripleNotImplementedError", "api.tripleup.com/partner.publishers", "card_program_external_id",
                "api.tripleup.com/partner.view_offers", "page_size", "page_token", "next_page_token",
                "List Card Accounts", "List Publishers", "List Card Programs")) {
            assertTrue(openapi.contains(expected), "OpenAPI mentions " + expected);
        }
    }
}
