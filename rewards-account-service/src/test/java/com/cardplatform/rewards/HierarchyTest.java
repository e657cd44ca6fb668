package com.cardplatform.rewards;

import static com.cardplatform.rewards.TripleErrors.assertError;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.testing.PlatformTestResource;
import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Creating and reading the hierarchy, the external id rules at their boundaries, PATCH and tenancy. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class HierarchyTest {

    private static final String RFC3339_MILLIS = "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$";
    private static final String TRIPLE_ID = "^triple-[A-Za-z0-9_-]+$";

    private Partner partner;
    private Partner other;

    @BeforeEach
    void partners() {
        partner = Partner.fresh("hierarchy");
        other = Partner.fresh("other");
    }

    private static Map<String, Object> row(String table, String id) {
        List<Map<String, Object>> rows = TestDatabase.query("SELECT * FROM rewards." + table + " WHERE id = ?", id);
        assertEquals(1, rows.size(), table + " row " + id);
        return rows.get(0);
    }

    private static Instant instant(Object timestamp) {
        return timestamp instanceof Timestamp sql ? sql.toInstant() : ((OffsetDateTime) timestamp).toInstant();
    }

    // ---- publishers -----------------------------------------------------------------------------------------

    @Test
    void createsAPublisherOwnedByTheCallerAndReadsItBack() {
        String ext = Partner.unique("pub");
        JsonPath created = partner.createPublisher(ext)
                .then().statusCode(201)
                .contentType(ContentType.JSON)
                .body("id", matchesPattern(TRIPLE_ID))
                .body("id.length()", lessThanOrEqualTo(100))
                .body("external_id", equalTo(ext))
                .body("name", equalTo("Publisher of the tests"))
                .body("created_at", matchesPattern(RFC3339_MILLIS))
                .body("updated_at", matchesPattern(RFC3339_MILLIS))
                .extract().jsonPath();
        String id = created.getString("id");
        Map<String, Object> row = row("publishers", id);
        assertEquals(partner.clientId, row.get("owner"));
        assertEquals(ext, row.get("external_id"));
        assertEquals(Instant.parse(created.getString("created_at")), instant(row.get("created_at")));
        assertEquals(Instant.parse(created.getString("updated_at")), instant(row.get("updated_at")));

        String body = partner.request().get("/partner/publishers/" + id)
                .then().statusCode(200).contentType(ContentType.JSON).extract().asString();
        assertEquals(created.prettify(), JsonPath.from(body).prettify());
    }

    @Test
    void aCreationAnswersWithTheLocationOfTheNewEntity() {
        Response response = partner.createPublisher(Partner.unique("pub"));
        response.then().statusCode(201).header("Location", endsWith("/partner/publishers/" + response.path("id")));
    }

    @Test
    void aDuplicatePublisherExternalIdIsAConflictButAnotherPartnerMayUseIt() {
        String ext = Partner.unique("pub");
        partner.publisher(ext);
        assertError(partner.json(Map.of("external_id", ext, "name", "Another name")).post("/partner/publishers"),
                409, TripleErrors.INTEGRITY)
                .body("content.details", contains(startsWith("external_id: ")));
        other.publisher(ext);
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM rewards.publishers WHERE owner = ? AND external_id = ?",
                partner.clientId, ext));
    }

    @Test
    void concurrentCreationsWithTheSameExternalIdLeaveExactlyOne() throws Exception {
        String ext = Partner.unique("race");
        // eight different publishers (their names differ) for one external id: one wins, seven are conflicts
        List<HttpResponse<String>> responses =
                concurrently(8, i -> "{\"external_id\":\"" + ext + "\",\"name\":\"n" + i + "\"}");
        int created = 0;
        int conflicts = 0;
        for (HttpResponse<String> response : responses) {
            if (response.statusCode() == 201) {
                created++;
            } else {
                assertEquals(409, response.statusCode(), response.body());
                assertTrue(response.body().contains("TripleIntegrityError"), response.body());
                conflicts++;
            }
        }
        assertEquals(1, created);
        assertEquals(7, conflicts);
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM rewards.publishers WHERE owner = ? AND external_id = ?",
                partner.clientId, ext));
    }

    @Test
    void concurrentRepetitionsOfOneCreationAllAnswerTheOnePublisherTheyMade() throws Exception {
        String ext = Partner.unique("race");
        List<HttpResponse<String>> responses =
                concurrently(8, i -> "{\"external_id\":\"" + ext + "\",\"name\":\"n\"}");
        String id = (String) TestDatabase.query("SELECT id FROM rewards.publishers WHERE owner = ? AND external_id = ?",
                partner.clientId, ext).get(0).get("id");
        for (HttpResponse<String> response : responses) {
            assertEquals(201, response.statusCode(), response.body());
            assertEquals(id, JsonPath.from(response.body()).getString("id"), response.body());
        }
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM rewards.publishers WHERE owner = ? AND external_id = ?",
                partner.clientId, ext));
    }

    private List<HttpResponse<String>> concurrently(int requests, IntFunction<String> body) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        URI uri = URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/partner/publishers");
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            calls.add(client.sendAsync(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + partner.token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.apply(i)))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            responses.add(call.get());
        }
        return responses;
    }

    @Test
    void aPublisherOfAnotherPartnerOrUnknownIdIsNotFound() {
        String id = partner.publisher(Partner.unique("pub"));
        assertError(other.request().get("/partner/publishers/" + id), 404, TripleErrors.INVALID_PATH);
        assertError(partner.request().get("/partner/publishers/triple-doesnotexist"), 404, TripleErrors.INVALID_PATH);
        assertError(partner.request().get("/partner/publishers/not-a-triple-id"), 404, TripleErrors.INVALID_PATH);
        assertError(partner.request().get("/partner/publishers/triple-" + "a".repeat(94)), 404, TripleErrors.INVALID_PATH);
    }

    @Test
    void aPublisherNeedsAName() {
        assertError(partner.json(Map.of("external_id", Partner.unique("pub"))).post("/partner/publishers"),
                400, TripleErrors.BAD_REQUEST).body("content.details", contains(startsWith("name: ")));
    }

    // ---- external id rules, at each creation endpoint --------------------------------------------------------

    @Test
    void externalIdRulesHoldAtTheirBoundariesForEveryEntity() {
        String publisherId = partner.publisher(Partner.unique("pub"));
        String programId = partner.program(publisherId, Partner.unique("prog"));
        Map<String, BiFunction<String, Integer, Response>> creators = new LinkedHashMap<>();
        creators.put("publisher", (ext, i) -> partner.createPublisher(ext));
        creators.put("card program", (ext, i) -> partner.createProgram(publisherId, ext));
        creators.put("card account", (ext, i) -> partner.createAccount(programId, ext));
        for (Map.Entry<String, BiFunction<String, Integer, Response>> creator : creators.entrySet()) {
            for (String invalid : List.of("", "123456789", "123-45-6789", "x".repeat(256), "tab\tid")) {
                assertError(creator.getValue().apply(invalid, 0), 400, TripleErrors.BAD_REQUEST)
                        .body("content.details", contains(startsWith("external_id: ")));
            }
            for (String valid : List.of("12345678", "123-45-67890", "1234567890", "y".repeat(255), "12345678a",
                    "1234-5-6789", "ü-ünïcode")) {
                Response response = creator.getValue().apply(valid, 0);
                response.then().statusCode(201).body("external_id", equalTo(valid));
                assertEquals(valid, row(creator.getKey().equals("publisher") ? "publishers"
                        : creator.getKey().equals("card program") ? "card_programs" : "card_accounts",
                        response.path("id")).get("external_id"));
                // the next partner run must be able to reuse the same ids: remove nothing, use a fresh partner
            }
        }
        // a missing external id is refused too
        assertError(partner.json(Map.of("name", "n")).post("/partner/publishers"), 400, TripleErrors.BAD_REQUEST)
                .body("content.details", contains(startsWith("external_id: ")));
    }

    // ---- card programs ---------------------------------------------------------------------------------------

    @Test
    void createsACardProgramUnderAPublisherAndReadsItBack() {
        String publisherId = partner.publisher(Partner.unique("pub"));
        String ext = Partner.unique("prog");
        JsonPath created = partner.createProgram(publisherId, ext)
                .then().statusCode(201)
                .body("id", matchesPattern(TRIPLE_ID))
                .body("publisher_id", equalTo(publisherId))
                .body("external_id", equalTo(ext))
                .body("currency", equalTo("USD"))
                .body("default_country_code", equalTo("US"))
                .body("default_postal_code", equalTo("15206"))
                .body("created_at", matchesPattern(RFC3339_MILLIS))
                .extract().jsonPath();
        Map<String, Object> row = row("card_programs", created.getString("id"));
        assertEquals(partner.clientId, row.get("owner"));
        assertEquals(publisherId, row.get("publisher_id"));
        assertEquals("USD", row.get("currency"));
        String body = partner.request().get("/partner/card-programs/" + created.getString("id"))
                .then().statusCode(200).extract().asString();
        assertEquals(created.prettify(), JsonPath.from(body).prettify());
        assertError(other.request().get("/partner/card-programs/" + created.getString("id")), 404,
                TripleErrors.INVALID_PATH);
        assertError(partner.request().get("/partner/card-programs/triple-unknown"), 404, TripleErrors.INVALID_PATH);
    }

    @Test
    void programExternalIdsAreUniqueWithinTheirPublisherOnly() {
        String ext = Partner.unique("prog");
        String first = partner.publisher(Partner.unique("pub"));
        String second = partner.publisher(Partner.unique("pub"));
        partner.program(first, ext);
        Map<String, Object> another = new HashMap<>(Map.of("publisher_id", first, "external_id", ext,
                "name", "Another program", "currency", "USD", "default_country_code", "US",
                "default_postal_code", "15206"));
        assertError(partner.json(another).post("/partner/card-programs"), 409, TripleErrors.INTEGRITY)
                .body("content.details", contains(startsWith("external_id: ")));
        partner.program(second, ext);
    }

    @Test
    void aProgramUnderAnotherPartnersOrAnUnknownPublisherCannotBeProcessed() {
        String foreign = other.publisher(Partner.unique("pub"));
        assertError(partner.createProgram(foreign, Partner.unique("prog")), 422, TripleErrors.UNPROCESSABLE)
                .body("content.details", contains(startsWith("publisher_id: ")));
        assertError(partner.createProgram("triple-unknown", Partner.unique("prog")), 422, TripleErrors.UNPROCESSABLE);
        assertError(partner.createProgram("no-triple-id", Partner.unique("prog")), 422, TripleErrors.UNPROCESSABLE);
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM rewards.card_programs WHERE owner = ?", partner.clientId));
    }

    @Test
    void programFieldsFollowTheirPatterns() {
        String publisherId = partner.publisher(Partner.unique("pub"));
        Map<String, Object> valid = new LinkedHashMap<>();
        valid.put("publisher_id", publisherId);
        valid.put("external_id", Partner.unique("prog"));
        valid.put("name", "n");
        valid.put("currency", "EUR");
        valid.put("default_country_code", "FR");
        valid.put("default_postal_code", "75001");
        Map<String, Object> invalid = new LinkedHashMap<>();
        invalid.put("currency", "eur");
        invalid.put("default_country_code", "FRA");
        invalid.put("default_postal_code", "1234567890123456");
        invalid.put("name", "");
        for (Map.Entry<String, Object> wrong : invalid.entrySet()) {
            Map<String, Object> body = new HashMap<>(valid);
            body.put(wrong.getKey(), wrong.getValue());
            assertError(partner.json(body).post("/partner/card-programs"), 400, TripleErrors.BAD_REQUEST)
                    .body("content.details", contains(startsWith(wrong.getKey() + ": ")));
        }
        partner.json(valid).post("/partner/card-programs").then().statusCode(201).body("default_country_code", equalTo("FR"));
    }

    // ---- card accounts ---------------------------------------------------------------------------------------

    @Test
    void createsACardAccountWithTheProgramsDefaultsAndReadsItBack() {
        String programId = partner.program(partner.publisher(Partner.unique("pub")), Partner.unique("prog"));
        String ext = Partner.unique("acct");
        JsonPath created = partner.createAccount(programId, ext)
                .then().statusCode(201)
                .contentType(ContentType.JSON)
                .body("size()", equalTo(8))
                .body("id", matchesPattern(TRIPLE_ID))
                .body("card_program_id", equalTo(programId))
                .body("external_id", equalTo(ext))
                .body("status", equalTo("ENROLLED"))
                .body("default_country_code", equalTo("US"))
                .body("default_postal_code", equalTo("15206"))
                .body("created_at", matchesPattern(RFC3339_MILLIS))
                .body("updated_at", matchesPattern(RFC3339_MILLIS))
                .extract().jsonPath();
        String id = created.getString("id");
        Map<String, Object> row = row("card_accounts", id);
        assertEquals(partner.clientId, row.get("owner"));
        assertEquals(programId, row.get("card_program_id"));
        assertEquals("ENROLLED", row.get("status"));
        assertEquals(Instant.parse(created.getString("created_at")), instant(row.get("created_at")));
        String body = partner.request().get("/partner/card-accounts/" + id)
                .then().statusCode(200).contentType(ContentType.JSON).extract().asString();
        assertEquals(created.prettify(), JsonPath.from(body).prettify());
        // the field order is the seed's
        assertTrue(body.startsWith("{\"card_program_id\":"), body);
        assertTrue(body.indexOf("\"updated_at\"") > body.indexOf("\"status\""), body);
    }

    @Test
    void createsACardAccountWithItsOwnValues() {
        String programId = partner.program(partner.publisher(Partner.unique("pub")), Partner.unique("prog"));
        partner.json(Map.of("card_program_id", programId, "external_id", Partner.unique("acct"),
                        "default_country_code", "CA", "default_postal_code", "K1A 0B1", "status", "NOT_ENROLLED"))
                .post("/partner/card-accounts")
                .then().statusCode(201)
                .body("default_country_code", equalTo("CA"))
                .body("default_postal_code", equalTo("K1A 0B1"))
                .body("status", equalTo("NOT_ENROLLED"));
    }

    @Test
    void accountFieldsFollowTheirPatterns() {
        String programId = partner.program(partner.publisher(Partner.unique("pub")), Partner.unique("prog"));
        Map<String, Object> invalid = new LinkedHashMap<>();
        invalid.put("default_country_code", "us");
        invalid.put("default_postal_code", "");
        invalid.put("status", "OPEN");
        for (Map.Entry<String, Object> wrong : invalid.entrySet()) {
            Map<String, Object> body = new HashMap<>(Map.of("card_program_id", programId, "external_id",
                    Partner.unique("acct")));
            body.put(wrong.getKey(), wrong.getValue());
            assertError(partner.json(body).post("/partner/card-accounts"), 400, TripleErrors.BAD_REQUEST)
                    .body("content.details", contains(startsWith(wrong.getKey() + ": ")));
        }
        partner.json(Map.of("card_program_id", programId, "external_id", Partner.unique("acct"),
                "default_postal_code", "123456789012345")).post("/partner/card-accounts").then().statusCode(201);
        assertError(partner.json(Map.of("card_program_id", programId, "external_id", Partner.unique("acct"),
                "default_postal_code", "1234567890123456")).post("/partner/card-accounts"), 400, TripleErrors.BAD_REQUEST);
        assertError(partner.json(Map.of("external_id", Partner.unique("acct"))).post("/partner/card-accounts"),
                400, TripleErrors.BAD_REQUEST).body("content.details", contains(startsWith("card_program_id: ")));
    }

    @Test
    void accountExternalIdsAreUniqueWithinTheirProgramOnly() {
        String publisherId = partner.publisher(Partner.unique("pub"));
        String first = partner.program(publisherId, Partner.unique("prog"));
        String second = partner.program(publisherId, Partner.unique("prog"));
        String ext = Partner.unique("acct");
        partner.account(first, ext);
        assertError(partner.json(Map.of("card_program_id", first, "external_id", ext, "status", "NOT_ENROLLED"))
                .post("/partner/card-accounts"), 409, TripleErrors.INTEGRITY)
                .body("content.details", contains("external_id: a card account with this external_id already exists in this card program"));
        partner.account(second, ext);
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM rewards.card_accounts WHERE owner = ? AND external_id = ?",
                partner.clientId, ext));
    }

    @Test
    void anAccountUnderAnotherPartnersProgramCannotBeProcessed() {
        String foreign = other.program(other.publisher(Partner.unique("pub")), Partner.unique("prog"));
        assertError(partner.createAccount(foreign, Partner.unique("acct")), 422, TripleErrors.UNPROCESSABLE)
                .body("content.details", contains(startsWith("card_program_id: ")));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM rewards.card_accounts WHERE owner = ?", partner.clientId));
    }

    @Test
    void anAccountOfAnotherPartnerOrUnknownIdIsNotFound() {
        String id = partner.account(partner.program(partner.publisher(Partner.unique("pub")), Partner.unique("prog")),
                Partner.unique("acct"));
        assertError(other.request().get("/partner/card-accounts/" + id), 404, TripleErrors.INVALID_PATH);
        assertError(partner.request().get("/partner/card-accounts/triple-nope"), 404, TripleErrors.INVALID_PATH);
        assertError(partner.request().get("/partner/card-accounts/" + "x".repeat(300)), 404, TripleErrors.INVALID_PATH);
    }

    // ---- repetitions (README "Write outcomes") ----------------------------------------------------------------

    @Test
    void theSameCreationSentAgainAnswersTheOriginalWithItsStatus() {
        Response publisher = partner.createPublisher(Partner.unique("pub"));
        assertRepetition(publisher, partner.createPublisher(publisher.path("external_id")), "/partner/publishers/");

        String publisherId = publisher.path("id");
        Response program = partner.createProgram(publisherId, Partner.unique("prog"));
        assertRepetition(program, partner.createProgram(publisherId, program.path("external_id")),
                "/partner/card-programs/");

        String programId = program.path("id");
        Response account = partner.createAccount(programId, Partner.unique("acct"));
        assertRepetition(account, partner.createAccount(programId, account.path("external_id")),
                "/partner/card-accounts/");
        // the values it resolved (the program's defaults, ENROLLED), given explicitly, make the same request
        assertRepetition(account, partner.json(Map.of("card_program_id", programId, "external_id",
                account.path("external_id"), "status", "ENROLLED", "default_country_code", "US",
                "default_postal_code", "15206")).post("/partner/card-accounts"), "/partner/card-accounts/");
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM rewards.card_accounts WHERE card_program_id = ?",
                programId));
    }

    private void assertRepetition(Response original, Response again, String resource) {
        original.then().statusCode(201);
        again.then().statusCode(201)
                .contentType(ContentType.JSON)
                .header("Location", endsWith(resource + original.path("id")));
        assertEquals(original.jsonPath().prettify(), again.jsonPath().prettify());
    }

    @Test
    void aCreationWhoseEntityWasChangedSinceIsAConflict() {
        String programId = partner.program(partner.publisher(Partner.unique("pub")), Partner.unique("prog"));
        String ext = Partner.unique("acct");
        String id = partner.account(programId, ext);
        patch(partner, id, Map.of("status", "NOT_ENROLLED")).then().statusCode(200);
        assertError(partner.createAccount(programId, ext), 409, TripleErrors.INTEGRITY)
                .body("content.details", contains(startsWith("external_id: ")));
    }

    @Test
    void theSamePatchSentAgainAnswersTheSameAccount() {
        String id = newAccount();
        Map<String, String> body = Map.of("status", "NOT_ENROLLED", "default_postal_code", "10115");
        String first = patch(partner, id, body).then().statusCode(200).extract().asString();
        Object updatedAt = row("card_accounts", id).get("updated_at");
        String again = patch(partner, id, body).then().statusCode(200).extract().asString();
        assertEquals(first, again);
        assertEquals(updatedAt, row("card_accounts", id).get("updated_at"));
    }

    // ---- PATCH -----------------------------------------------------------------------------------------------

    private String newAccount() {
        return partner.account(partner.program(partner.publisher(Partner.unique("pub")), Partner.unique("prog")),
                Partner.unique("acct"));
    }

    private Response patch(Partner who, String id, Object body) {
        return who.json(body).patch("/partner/card-accounts/" + id);
    }

    @Test
    void enrollsUnEnrollsAndClosesAnAccountMovingUpdatedAt() {
        String id = newAccount();
        JsonPath before = partner.request().get("/partner/card-accounts/" + id).then().extract().jsonPath();
        JsonPath unenrolled = patch(partner, id, Map.of("status", "NOT_ENROLLED"))
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("status", equalTo("NOT_ENROLLED"))
                .body("id", equalTo(id))
                .body("created_at", equalTo(before.getString("created_at")))
                .body("updated_at", matchesPattern(RFC3339_MILLIS))
                .extract().jsonPath();
        assertTrue(Instant.parse(unenrolled.getString("updated_at")).isAfter(Instant.parse(before.getString("updated_at"))));
        assertEquals("NOT_ENROLLED", row("card_accounts", id).get("status"));
        assertEquals(Instant.parse(unenrolled.getString("updated_at")), instant(row("card_accounts", id).get("updated_at")));

        patch(partner, id, Map.of("status", "ENROLLED")).then().statusCode(200).body("status", equalTo("ENROLLED"));
        JsonPath closed = patch(partner, id, Map.of("status", "CLOSED")).then().statusCode(200)
                .body("status", equalTo("CLOSED")).extract().jsonPath();
        assertEquals("CLOSED", row("card_accounts", id).get("status"));
        // the PATCH answer is the GET answer
        assertEquals(closed.prettify(), partner.request().get("/partner/card-accounts/" + id).then().extract().jsonPath().prettify());
    }

    @Test
    void aClosedAccountCannotBeReopenedOrChanged() {
        String id = newAccount();
        patch(partner, id, Map.of("status", "CLOSED")).then().statusCode(200);
        Object updatedAt = row("card_accounts", id).get("updated_at");
        for (String status : List.of("ENROLLED", "NOT_ENROLLED")) {
            assertError(patch(partner, id, Map.of("status", status)), 422, TripleErrors.UNPROCESSABLE)
                    .body("content.details", contains(startsWith("status: ")));
        }
        assertError(patch(partner, id, Map.of("default_postal_code", "99999")), 422, TripleErrors.UNPROCESSABLE);
        // closing again changes nothing and is not an error
        patch(partner, id, Map.of("status", "CLOSED")).then().statusCode(200).body("status", equalTo("CLOSED"));
        Map<String, Object> row = row("card_accounts", id);
        assertEquals("CLOSED", row.get("status"));
        assertEquals("15206", row.get("default_postal_code"));
        assertEquals(updatedAt, row.get("updated_at"));
    }

    @Test
    void changesTheDefaultsOfAnAccount() {
        String id = newAccount();
        patch(partner, id, Map.of("default_country_code", "DE", "default_postal_code", "10115"))
                .then().statusCode(200)
                .body("default_country_code", equalTo("DE"))
                .body("default_postal_code", equalTo("10115"))
                .body("status", equalTo("ENROLLED"));
        Map<String, Object> row = row("card_accounts", id);
        assertEquals("DE", row.get("default_country_code"));
        assertEquals("10115", row.get("default_postal_code"));
    }

    @Test
    void aPatchWithoutAnyChangeOrWithInvalidValuesIsABadRequest() {
        String id = newAccount();
        assertError(patch(partner, id, Map.of()), 400, TripleErrors.BAD_REQUEST);
        assertError(patch(partner, id, Map.of("status", "REOPENED")), 400, TripleErrors.BAD_REQUEST)
                .body("content.details", contains(startsWith("status: ")));
        assertError(patch(partner, id, Map.of("default_country_code", "Germany")), 400, TripleErrors.BAD_REQUEST)
                .body("content.details", contains(startsWith("default_country_code: ")));
        assertError(partner.request().contentType("text/plain").body("status=CLOSED").patch("/partner/card-accounts/" + id),
                415, TripleErrors.UNSUPPORTED_MEDIA_TYPE);
        assertEquals("ENROLLED", row("card_accounts", id).get("status"));
    }

    @Test
    void anotherPartnerCannotPatchTheAccount() {
        String id = newAccount();
        Object updatedAt = row("card_accounts", id).get("updated_at");
        assertError(patch(other, id, Map.of("status", "CLOSED")), 404, TripleErrors.INVALID_PATH);
        assertError(patch(partner, "triple-unknown", Map.of("status", "CLOSED")), 404, TripleErrors.INVALID_PATH);
        assertError(patch(partner, "not-an-id", Map.of("status", "CLOSED")), 404, TripleErrors.INVALID_PATH);
        Map<String, Object> row = row("card_accounts", id);
        assertEquals("ENROLLED", row.get("status"));
        assertEquals(updatedAt, row.get("updated_at"));
        assertNotEquals(other.clientId, row.get("owner"));
    }
}
