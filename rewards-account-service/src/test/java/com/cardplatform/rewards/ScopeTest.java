package com.cardplatform.rewards;

import static com.cardplatform.rewards.TripleErrors.assertError;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.cardplatform.testing.PlatformTestResource;
import com.cardplatform.testing.TestDatabase;
import com.cardplatform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's security requirement of {@code card-account.by-ids} is {@code api.tripleup.com/partner.view_offers}:
 * the two read-only card account lookups accept it (and {@code partner.publishers}); every write and every other
 * read keeps {@code partner.publishers}. The view_offers token is the same client's (its {@code sub}), down-scoped
 * as auth-service grants it when asked for that scope alone, so tenancy is the client's as ever.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class ScopeTest {

    private Partner partner;
    private String publisherId;
    private String programId;
    private String accountId;
    private String accountExt;

    @BeforeEach
    void hierarchy() {
        partner = Partner.fresh("scope");
        accountExt = Partner.unique("acct");
        publisherId = partner.publisher(Partner.unique("pub"));
        programId = partner.program(publisherId, Partner.unique("prog"));
        accountId = partner.account(programId, accountExt);
    }

    @Test
    void theViewOffersScopeReadsACardAccountByItsExternalIdsAndByItsId() {
        String byId = partner.request().get("/partner/card-accounts/" + accountId)
                .then().statusCode(200).extract().asString();
        String viewedById = partner.viewingOffers().get("/partner/card-accounts/" + accountId)
                .then().statusCode(200).contentType(ContentType.JSON).extract().asString();
        String viewedByIds = partner.viewingOffers().contentType(ContentType.JSON)
                .body(Map.of("card_account_external_id", accountExt)).post("/partner/card-account.by-ids")
                .then().statusCode(200).contentType(ContentType.JSON).extract().asString();
        assertEquals(byId, viewedById);
        assertEquals(byId, viewedByIds);
        // a token with both scopes, as auth-service grants a client allowed both when it asks for no scope
        String both = TestTokens.partnerToken(partner.clientId, Partner.SCOPE, Partner.VIEW_OFFERS);
        given().header("Authorization", "Bearer " + both).get("/partner/card-accounts/" + accountId)
                .then().statusCode(200).body("id", equalTo(accountId));
    }

    @Test
    void theViewOffersScopeSeesOnlyItsOwnClientsCardAccounts() {
        Partner other = Partner.fresh("scope-other");
        assertError(other.viewingOffers().get("/partner/card-accounts/" + accountId), 404, TripleErrors.INVALID_PATH);
        assertError(other.viewingOffers().contentType(ContentType.JSON)
                .body(Map.of("card_account_external_id", accountExt)).post("/partner/card-account.by-ids"),
                404, TripleErrors.INVALID_PATH);
        assertError(partner.viewingOffers().get("/partner/card-accounts/triple-unknown"), 404, TripleErrors.INVALID_PATH);
    }

    @Test
    void theViewOffersScopeCannotWriteAnything() {
        Partner viewer = partner;
        long publishers = count("publishers");
        long programs = count("card_programs");
        long accounts = count("card_accounts");
        Object updatedAt = TestDatabase.query("SELECT updated_at FROM rewards.card_accounts WHERE id = ?", accountId)
                .get(0).get("updated_at");

        assertError(viewer.viewingOffers().contentType(ContentType.JSON)
                .body(Map.of("external_id", Partner.unique("pub"), "name", "n")).post("/partner/publishers"),
                403, TripleErrors.FORBIDDEN);
        Map<String, Object> program = new LinkedHashMap<>();
        program.put("publisher_id", publisherId);
        program.put("external_id", Partner.unique("prog"));
        program.put("name", "Program");
        program.put("currency", "USD");
        program.put("default_country_code", "US");
        program.put("default_postal_code", "15206");
        assertError(viewer.viewingOffers().contentType(ContentType.JSON).body(program).post("/partner/card-programs"),
                403, TripleErrors.FORBIDDEN);
        assertError(viewer.viewingOffers().contentType(ContentType.JSON)
                .body(Map.of("card_program_id", programId, "external_id", Partner.unique("acct")))
                .post("/partner/card-accounts"), 403, TripleErrors.FORBIDDEN);
        assertError(viewer.viewingOffers().contentType(ContentType.JSON).body(Map.of("status", "CLOSED"))
                .patch("/partner/card-accounts/" + accountId), 403, TripleErrors.FORBIDDEN);

        assertEquals(publishers, count("publishers"));
        assertEquals(programs, count("card_programs"));
        assertEquals(accounts, count("card_accounts"));
        Map<String, Object> row = TestDatabase.query("SELECT status, updated_at FROM rewards.card_accounts WHERE id = ?",
                accountId).get(0);
        assertEquals("ENROLLED", row.get("status"));
        assertEquals(updatedAt, row.get("updated_at"));
        // the same writes with partner.publishers succeed: the 403s above are the scope's, not the requests'
        partner.json(Map.of("status", "CLOSED")).patch("/partner/card-accounts/" + accountId)
                .then().statusCode(200).body("status", equalTo("CLOSED"));
    }

    @Test
    void theViewOffersScopeReadsNothingElse() {
        List<Response> reads = List.of(
                partner.viewingOffers().get("/partner/publishers/" + publisherId),
                partner.viewingOffers().get("/partner/card-programs/" + programId),
                partner.viewingOffers().get("/partner/publishers"),
                partner.viewingOffers().get("/partner/card-programs"),
                partner.viewingOffers().get("/partner/card-accounts"));
        for (Response response : reads) {
            assertError(response, 403, TripleErrors.FORBIDDEN);
        }
        partner.request().get("/partner/publishers/" + publisherId).then().statusCode(200);
        partner.request().get("/partner/card-accounts").then().statusCode(200).body("total", equalTo(1));
    }

    @Test
    void theOpenApiDocumentNamesEitherScopeForTheLookupsOnly() {
        String openapi = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().asString();
        JsonPath doc = JsonPath.from(openapi);
        // two alternatives (either scope), not one requirement of both scopes
        Set<List<String>> either = Set.of(List.of(Partner.VIEW_OFFERS), List.of(Partner.SCOPE));
        assertEquals(either, Set.copyOf(requirements(doc, "'/partner/card-account.by-ids'.post")));
        assertEquals(either, Set.copyOf(requirements(doc, "'/partner/card-accounts/{id}'.get")));
        assertEquals(2, requirements(doc, "'/partner/card-accounts/{id}'.get").size());
        for (String operation : List.of("'/partner/card-accounts/{id}'.patch", "'/partner/card-accounts'.get",
                "'/partner/card-accounts'.post", "'/partner/publishers'.get", "'/partner/publishers'.post",
                "'/partner/publishers/{id}'.get", "'/partner/card-programs'.get", "'/partner/card-programs'.post",
                "'/partner/card-programs/{id}'.get")) {
            assertEquals(List.of(List.of(Partner.SCOPE)), requirements(doc, operation), operation);
        }
        assertEquals(Set.of(Partner.SCOPE, Partner.VIEW_OFFERS),
                doc.getMap("components.securitySchemes.jwt.flows.clientCredentials.scopes").keySet());
    }

    /** The scopes of each alternative security requirement of an operation (its own, else the document's). */
    private static List<List<String>> requirements(JsonPath doc, String operation) {
        List<Map<String, List<String>>> security = doc.getList("paths." + operation + ".security");
        if (security == null) {
            security = doc.getList("security");
        }
        assertNotNull(security, operation + " has a security requirement");
        return security.stream().map(requirement -> requirement.get("jwt")).toList();
    }

    private long count(String table) {
        return TestDatabase.count("SELECT count(*) FROM rewards." + table + " WHERE owner = ?", partner.clientId);
    }
}
