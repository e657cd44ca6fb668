package com.cardplatform.rewards;

import static com.cardplatform.rewards.TripleErrors.assertError;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.errors.ApiError;
import com.cardplatform.testing.PgWireProxy;
import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every write of rewards-account-service loses its database connection at each statement it sends (PgWireProxy
 * closes the connection instead of sending it): 503 TripleServiceUnavailable with Retry-After and without
 * {@code Write-Outcome}, nothing written, and the same request then succeeds. Lost at the COMMIT, the service cannot
 * tell whether PostgreSQL got it: 503 with {@code Write-Outcome: unknown} in both cases, whether the COMMIT was lost
 * before PostgreSQL (nothing written; the same request then makes the change) or after PostgreSQL committed (the
 * change is in the database; the same request sent again answers the original result: same id, same body, nothing
 * written twice; a conflicting request still gets its usual error). Both are tested.
 */
@QuarkusTest
@WithTestResource(WireFaultResource.class)
class WriteOutcomeTest {

    static final PgWireProxy WIRE = PgWireProxy.inFrontOfTestDatabase();
    static final Duration FIRED = Duration.ofSeconds(10);
    static final String BEGIN = "begin";
    static final String COMMIT = "commit";

    /**
     * The write paths and the statements each sends in its transaction between BEGIN and COMMIT (Hibernate
     * Reactive's SQL, matched case-insensitively), the last being the change itself; and the read with which a
     * creation refused by its unique external id tells a repetition from a conflict.
     */
    enum Write {
        PUBLISHER_CREATION(List.of("insert into rewards.publishers"), "from rewards.publishers"),
        CARD_PROGRAM_CREATION(List.of("from rewards.publishers", "insert into rewards.card_programs"),
                "from rewards.card_programs"),
        CARD_ACCOUNT_CREATION(List.of("from rewards.card_programs", "insert into rewards.card_accounts"),
                "from rewards.card_accounts"),
        CARD_ACCOUNT_PATCH(List.of("from rewards.card_accounts", "update rewards.card_accounts"), null);

        final List<String> statements;
        final String repetitionRead;

        Write(List<String> statements, String repetitionRead) {
            this.statements = statements;
            this.repetitionRead = repetitionRead;
        }

        String change() {
            return statements.get(statements.size() - 1);
        }
    }

    /** Every write, cut before each of its statements: BEGIN, its own, COMMIT. */
    static Stream<Arguments> everyStatementOfEveryWrite() {
        return Arrays.stream(Write.values()).flatMap(write -> Stream.of(
                        Stream.of(BEGIN), write.statements.stream(), Stream.of(COMMIT))
                .flatMap(s -> s)
                .map(statement -> Arguments.of(write, statement)));
    }

    /**
     * One request of a write path, its parents already made: how to send it, its success status, the rows it
     * changes as they are now, when they show the change, and a request that conflicts with it once it is made.
     */
    record Scenario(Supplier<Response> request, int status, String resource,
            Supplier<List<Map<String, Object>>> rows, Predicate<List<Map<String, Object>>> written,
            Supplier<Response> conflicting, int conflictStatus, String conflictException, String conflictField) {
    }

    private Partner partner;

    @BeforeEach
    void freshPartner() {
        partner = Partner.fresh("wire");
    }

    @AfterEach
    void disarm() {
        WIRE.disarm();
    }

    // ---- (a) cut before each statement: 503 (unknown at the COMMIT), nothing written, the same request succeeds --

    @ParameterizedTest(name = "{0} cut before {1}")
    @MethodSource("everyStatementOfEveryWrite")
    void aWriteCutBeforeAnyOfItsStatementsWritesNothingAndCanBeSentAgain(Write write, String statement) {
        Scenario scenario = scenario(write);
        List<Map<String, Object>> before = scenario.rows().get();
        int cuts = WIRE.cuts().size();
        if (statement.equals(COMMIT)) {
            // the COMMIT of the write's own transaction (never one of another transaction)
            WIRE.cutBeforeCommit(write.change());
        } else {
            WIRE.cutBefore(statement);
        }

        Response refused = scenario.request().get();

        assertTrue(WIRE.hasFired(), "the connection was cut before " + statement + ": " + WIRE.cuts());
        assertEquals(cuts + 1, WIRE.cuts().size(), "one cut: " + WIRE.cuts());
        if (statement.equals(COMMIT)) {
            // sent, then lost: the service cannot know that PostgreSQL never got it
            assertOutcomeUnknown(refused);
        } else {
            assertCertainlyUnavailable(refused);
        }
        assertEquals(before, scenario.rows().get(), "nothing was written");

        Response again = scenario.request().get();
        again.then().statusCode(scenario.status());
        List<Map<String, Object>> after = scenario.rows().get();
        assertTrue(scenario.written().test(after), "written by the second request: " + after);
        assertEquals(after.get(0).get("id"), again.path("id"));
    }

    // ---- (b) lost during the COMMIT: outcome unknown, and the same request answers the original ------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(Write.class)
    void aWriteWhoseCommitIsLostIsUnknownAndItsRepetitionAnswersTheOriginal(Write write) {
        Scenario scenario = scenario(write);
        List<Map<String, Object>> before = scenario.rows().get();
        WIRE.cutAfterCommit(write.change());

        Response unknown = scenario.request().get();

        WIRE.awaitFired(FIRED);
        assertOutcomeUnknown(unknown);
        // PostgreSQL did commit: the case is real
        List<Map<String, Object>> committed = scenario.rows().get();
        assertNotEquals(before, committed);
        assertTrue(scenario.written().test(committed), "committed although unanswered: " + committed);
        String id = (String) committed.get(0).get("id");

        if (write.repetitionRead != null) {
            // the repetition's own read, cut: a certain 503 again, and still nothing written twice
            WIRE.cutBefore(write.repetitionRead);
            Response refused = scenario.request().get();
            assertTrue(WIRE.hasFired(), "the repetition was cut before " + write.repetitionRead + ": " + WIRE.cuts());
            assertCertainlyUnavailable(refused);
            assertEquals(committed, scenario.rows().get());
        }

        Response again = scenario.request().get();
        again.then().statusCode(scenario.status()).contentType(ContentType.JSON).body("id", equalTo(id));
        if (scenario.status() == 201) {
            again.then().header("Location", endsWith(scenario.resource() + id));
        }
        String read = partner.request().get(scenario.resource() + id).then().statusCode(200).extract().asString();
        assertEquals(JsonPath.from(read).prettify(), again.jsonPath().prettify(), "the original result");
        assertEquals(committed, scenario.rows().get(), "nothing written twice, nothing changed");

        Response conflicting = scenario.conflicting().get();
        assertError(conflicting, scenario.conflictStatus(), scenario.conflictException())
                .body("content.details", contains(startsWith(scenario.conflictField() + ": ")));
        assertNull(conflicting.header(ApiError.OUTCOME_HEADER));
        assertEquals(committed, scenario.rows().get(), "the conflicting request changed nothing");
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The request of {@code write}, its parents made beforehand (before any rule is armed). */
    private Scenario scenario(Write write) {
        return switch (write) {
            case PUBLISHER_CREATION -> {
                String ext = Partner.unique("pub");
                yield new Scenario(
                        () -> partner.json(publisher(ext, "Publisher on the wire")).post("/partner/publishers"),
                        201, "/partner/publishers/",
                        () -> TestDatabase.query("select * from rewards.publishers where owner = ? and external_id = ?",
                                partner.clientId, ext),
                        rows -> rows.size() == 1,
                        () -> partner.json(publisher(ext, "Another publisher")).post("/partner/publishers"),
                        409, TripleErrors.INTEGRITY, "external_id");
            }
            case CARD_PROGRAM_CREATION -> {
                String publisherId = partner.publisher(Partner.unique("pub"));
                String ext = Partner.unique("prog");
                yield new Scenario(
                        () -> partner.json(program(publisherId, ext, "USD")).post("/partner/card-programs"),
                        201, "/partner/card-programs/",
                        () -> TestDatabase.query("select * from rewards.card_programs where publisher_id = ? "
                                + "and external_id = ?", publisherId, ext),
                        rows -> rows.size() == 1,
                        () -> partner.json(program(publisherId, ext, "EUR")).post("/partner/card-programs"),
                        409, TripleErrors.INTEGRITY, "external_id");
            }
            case CARD_ACCOUNT_CREATION -> {
                String programId = partner.program(partner.publisher(Partner.unique("pub")), Partner.unique("prog"));
                String ext = Partner.unique("acct");
                yield new Scenario(
                        () -> partner.json(Map.of("card_program_id", programId, "external_id", ext))
                                .post("/partner/card-accounts"),
                        201, "/partner/card-accounts/",
                        () -> TestDatabase.query("select * from rewards.card_accounts where card_program_id = ? "
                                + "and external_id = ?", programId, ext),
                        rows -> rows.size() == 1,
                        () -> partner.json(Map.of("card_program_id", programId, "external_id", ext,
                                "status", "NOT_ENROLLED")).post("/partner/card-accounts"),
                        409, TripleErrors.INTEGRITY, "external_id");
            }
            case CARD_ACCOUNT_PATCH -> {
                String id = partner.account(partner.program(partner.publisher(Partner.unique("pub")),
                        Partner.unique("prog")), Partner.unique("acct"));
                yield new Scenario(
                        () -> partner.json(Map.of("status", "CLOSED", "default_postal_code", "10115"))
                                .patch("/partner/card-accounts/" + id),
                        200, "/partner/card-accounts/",
                        () -> TestDatabase.query("select * from rewards.card_accounts where id = ?", id),
                        rows -> rows.size() == 1 && "CLOSED".equals(rows.get(0).get("status"))
                                && "10115".equals(rows.get(0).get("default_postal_code"))
                                && !rows.get(0).get("updated_at").equals(rows.get(0).get("created_at")),
                        // a closed account is final: re-opening it is refused as ever
                        () -> partner.json(Map.of("status", "ENROLLED")).patch("/partner/card-accounts/" + id),
                        422, TripleErrors.UNPROCESSABLE, "status");
            }
        };
    }

    private static Map<String, Object> publisher(String externalId, String name) {
        return Map.of("external_id", externalId, "name", name);
    }

    private static Map<String, Object> program(String publisherId, String externalId, String currency) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("publisher_id", publisherId);
        body.put("external_id", externalId);
        body.put("name", "Program on the wire");
        body.put("currency", currency);
        body.put("default_country_code", "US");
        body.put("default_postal_code", "15206");
        return body;
    }

    /** 503 TripleServiceUnavailable with Retry-After, and no doubt about the outcome: nothing was written. */
    static void assertCertainlyUnavailable(Response response) {
        assertError(response, 503, TripleErrors.UNAVAILABLE).header("Retry-After", "5");
        assertNull(response.header(ApiError.OUTCOME_HEADER), "a cut before the COMMIT is not an unknown outcome");
    }

    /** 503 TripleServiceUnavailable with Retry-After, saying that the outcome is unknown (header and details). */
    static void assertOutcomeUnknown(Response response) {
        assertError(response, 503, TripleErrors.UNAVAILABLE)
                .header("Retry-After", "5")
                .header(ApiError.OUTCOME_HEADER, "unknown")
                .body("content.details", contains(ApiError.OUTCOME_UNKNOWN));
    }
}
