package com.cardplatform.card;

import static com.cardplatform.card.Fixtures.ISSUER;
import static com.cardplatform.card.Fixtures.as;
import static com.cardplatform.card.Fixtures.assertCiti;
import static com.cardplatform.card.Fixtures.assertD1;
import static com.cardplatform.card.Fixtures.card;
import static com.cardplatform.card.Fixtures.carrierIntegration;
import static com.cardplatform.card.Fixtures.citi;
import static com.cardplatform.card.Fixtures.encrypt;
import static com.cardplatform.card.Fixtures.id;
import static com.cardplatform.card.Fixtures.internal;
import static com.cardplatform.card.Fixtures.provisioning;
import static com.cardplatform.card.TrackingHubTest.currentKey;
import static com.cardplatform.card.TrackingHubTest.track;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.card.Fixtures.CardSpec;
import com.cardplatform.errors.ApiError;
import com.cardplatform.testing.PgWireProxy;
import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every write of card-service loses its database connection at each of its statements (PgWireProxy closes the
 * connection instead of sending it): 503 in the API's dialect with Retry-After, nothing written, and the same
 * request then succeeds. Lost at the COMMIT (or at a statement that commits by itself, which is its own COMMIT),
 * the service cannot tell whether PostgreSQL got it: 503 with {@code Write-Outcome: unknown}, whether it was lost
 * before PostgreSQL (nothing written; the repetition makes the change) or after it committed (the change is there;
 * the repetition answers the original result, not a duplicate error, and a conflicting request its usual error).
 */
@QuarkusTest
@WithTestResource(WireFaultResource.class)
class WriteOutcomeTest {

    static final PgWireProxy WIRE = PgWireProxy.inFrontOfTestDatabase();
    static final Duration FIRED = Duration.ofSeconds(5);

    private static final String CARDS = "/issuers/{issuerId}/cards";
    private static final String CARD = "/issuers/{issuerId}/cards/{cardId}";
    private static final String DIGITAL_CARDS = "/issuers/{issuerId}/cards/{cardId}/digitalCards";
    private static final String STATUS = "/issuers/{issuerId}/cards/{cardId}/status";
    private static final String CASCADE = "/internal/issuers/{issuerId}/consumers/{consumerId}/cards";
    private static final String EVENTS = "/internal/carrier-events";
    private static final String CITI = "/v1/cards/status/detail";
    private static final String SERVER_UNAVAILABLE = "The request failed due to an internal error/server unavailability";
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    // the statements that commit by themselves, by a fragment of their SQL (CardStatusRepository, TrackingRepository)
    private static final String CARD_STATUS_CHANGE = "c.card_id = $4";
    private static final String ACCOUNT_STATUS_CHANGE = "c.account_id = $4";
    private static final String CONSUMER_DELETION = "c.consumer_id = $4";
    private static final String TRACK_INSERT = "insert into card.tracking_operations";
    private static final String EVENT_INSERT = "insert into card.tracking_events";

    private int cutsBefore;

    @AfterEach
    void disarm() {
        WIRE.disarm();
    }

    // ---- card provisioning: select, insert card, insert history row, insert its event, COMMIT (one transaction) --

    @ParameterizedTest
    @ValueSource(strings = {"from card.cards", "insert into card.cards", "insert into card.card_status_history",
            "insert into card.outbox_event", "COMMIT"})
    void aProvisioningCutAtAnyStatementWritesNothing(String statement) {
        CardSpec spec = card();
        cut(statement, "insert into card.cards");
        Response refused = provision(spec);
        assertCut(statement);
        assertUnavailable(refused, statement);
        assertEquals(0, cards(spec));
        assertEquals(0, historyRows(spec));
        assertEquals(0, outboxRows(spec.cardId), "no event without its change");

        provision(spec).then().statusCode(201).body("cardId", equalTo(spec.cardId)).body("status", equalTo("ACTIVE"));
        assertEquals(1, cards(spec));
        assertEquals(1, historyRows(spec));
        assertEquals(1, outboxRows(spec.cardId));
    }

    private static long outboxRows(String entityId) {
        return TestDatabase.count("SELECT count(*) FROM card.outbox_event WHERE entity_id = ?", entityId);
    }

    @Test
    void aProvisioningWhoseCommitIsLostIsUnknownAndItsRepetitionAnswersTheOriginal() {
        CardSpec spec = card();
        WIRE.cutAfterCommit("insert into card.cards");
        Response unknown = provision(spec);
        WIRE.awaitFired(FIRED);
        assertOutcomeUnknown(unknown);
        assertEquals(1, cards(spec), "PostgreSQL did commit");
        assertEquals(1, historyRows(spec));

        Response again = provision(spec);
        again.then().statusCode(201).contentType(ContentType.JSON)
                .header("Location", endsWith("/issuers/" + ISSUER + "/cards/" + spec.cardId));
        Map<String, Object> stored = as(provisioning(ISSUER)).get(CARD, ISSUER, spec.cardId)
                .then().statusCode(200).extract().jsonPath().getMap("$");
        assertEquals(stored, again.jsonPath().getMap("$"), "the card as it was registered");
        assertEquals("ACTIVE", stored.get("status"));
        assertEquals(spec.pan.substring(12), stored.get("panLastDigits"));
        assertEquals(1, historyRows(spec), "no second PROVISIONING row");

        // the same cardId with another body is still a conflict: another PAN, another account, no PAN at all
        CardSpec otherPan = sameCard(spec);
        otherPan.pan = Fixtures.pan();
        assertD1(provision(otherPan), 409, null, null);
        CardSpec otherAccount = sameCard(spec);
        otherAccount.accountId = id("acct");
        assertD1(provision(otherAccount), 409, null, null);
        assertD1(provision(sameCard(spec).withoutPan()), 409, null, null);
        assertEquals(stored, as(provisioning(ISSUER)).get(CARD, ISSUER, spec.cardId).jsonPath().getMap("$"));
        assertEquals(1, historyRows(spec));
    }

    // ---- digital card: select the card for update, select the digital card, insert it, COMMIT ----------------

    @ParameterizedTest
    @ValueSource(strings = {"from card.cards", "from card.digital_cards", "insert into card.digital_cards",
            "insert into card.outbox_event", "COMMIT"})
    void aDigitalCardCutAtAnyStatementWritesNothing(String statement) {
        CardSpec spec = card().create();
        String digitalCardId = id("DC");
        cut(statement, "insert into card.digital_cards");
        Response refused = addDigitalCard(spec, digitalCardId, "APPLE_PAY");
        assertCut(statement);
        assertUnavailable(refused, statement);
        assertEquals(0, digitalCards(digitalCardId));
        assertEquals(0, outboxRows(digitalCardId), "no event without its change");

        addDigitalCard(spec, digitalCardId, "APPLE_PAY").then().statusCode(201)
                .body("digitalCardId", equalTo(digitalCardId)).body("status", equalTo("ACTIVE"));
        assertEquals(1, digitalCards(digitalCardId));
        assertEquals(1, outboxRows(digitalCardId));
    }

    @Test
    void aDigitalCardWhoseCommitIsLostIsUnknownAndItsRepetitionAnswersTheOriginal() {
        CardSpec spec = card().create();
        String digitalCardId = id("DC");
        WIRE.cutAfterCommit("insert into card.digital_cards");
        Response unknown = addDigitalCard(spec, digitalCardId, "GOOGLE_PAY");
        WIRE.awaitFired(FIRED);
        assertOutcomeUnknown(unknown);
        assertEquals(1, digitalCards(digitalCardId), "PostgreSQL did commit");

        Response again = addDigitalCard(spec, digitalCardId, "GOOGLE_PAY");
        again.then().statusCode(201).contentType(ContentType.JSON)
                .header("Location", endsWith("/cards/" + spec.cardId + "/digitalCards/" + digitalCardId));
        Map<String, Object> listed = as(provisioning(ISSUER)).get(DIGITAL_CARDS, ISSUER, spec.cardId)
                .then().statusCode(200).extract().jsonPath().getMap("digitalCards[0]");
        assertEquals(listed, again.jsonPath().getMap("$"), "the digital card as it was registered");
        assertEquals(1, digitalCards(digitalCardId));

        // the same digitalCardId with another wallet, or on another card, is still a conflict
        assertD1(addDigitalCard(spec, digitalCardId, "APPLE_PAY"), 409, null, null);
        assertD1(addDigitalCard(card().create(), digitalCardId, "GOOGLE_PAY"), 409, null, null);
        assertEquals(1, digitalCards(digitalCardId));
    }

    // ---- issuer status change: one statement that commits by itself -------------------------------------------

    @Test
    void anIssuerStatusChangeLostBeforeItsStatementReachedPostgresChangesNothing() {
        CardSpec spec = card().create();
        String digitalCardId = id("DC");
        spec.addDigitalCard(digitalCardId);
        cut(CARD_STATUS_CHANGE, null);
        Response refused = changeStatus(spec, "BLOCKED", "customer called");
        assertCut(CARD_STATUS_CHANGE);
        // sent, as far as the service knows: a statement that commits by itself has no "before the COMMIT"
        assertOutcomeUnknown(refused);
        assertEquals("ACTIVE", cardStatus(spec));
        assertEquals("ACTIVE", digitalStatus(digitalCardId));
        assertEquals(1, historyRows(spec));

        changeStatus(spec, "BLOCKED", "customer called").then().statusCode(200).body("status", equalTo("BLOCKED"));
        assertEquals("SUSPENDED", digitalStatus(digitalCardId));
        assertEquals(2, historyRows(spec));
    }

    @Test
    void anIssuerStatusChangeWhoseAnswerIsLostIsUnknownAndItsRepetitionAnswersTheOriginal() {
        CardSpec spec = card().create();
        String digitalCardId = id("DC");
        spec.addDigitalCard(digitalCardId);
        WIRE.cutAfter(CARD_STATUS_CHANGE);
        Response unknown = changeStatus(spec, "LOST", "lost abroad");
        WIRE.awaitFired(FIRED);
        assertOutcomeUnknown(unknown);
        assertEquals("LOST", cardStatus(spec), "PostgreSQL did commit");
        assertEquals("DELETED", digitalStatus(digitalCardId));
        assertEquals(2, historyRows(spec));

        Response again = changeStatus(spec, "LOST", "lost abroad");
        again.then().statusCode(200).body("status", equalTo("LOST")).body("statusReason", equalTo("lost abroad"));
        assertEquals(as(provisioning(ISSUER)).get(CARD, ISSUER, spec.cardId).jsonPath().getMap("$"),
                again.jsonPath().getMap("$"));
        assertEquals(2, historyRows(spec), "no second history row");
        // a move the lifecycle forbids is refused as before
        assertD1(changeStatus(spec, "ACTIVE", null), 403, "OPERATION_NOT_ALLOWED", "status");
        assertEquals("LOST", cardStatus(spec));
    }

    @Test
    void anIssuerStatusChangeWhoseCardCannotBeReadAfterwardsIsUnknownAndItsRepetitionAnswersTheCard() {
        CardSpec spec = card().create();
        // the change commits by itself, then the card is read to be answered (Hibernate's select): lost there, the
        // change is written, so the 503 must not say that nothing was
        cut("from card.cards c1_0", null);
        Response unknown = changeStatus(spec, "BLOCKED", "customer called");
        assertCut("the read after the change");
        assertOutcomeUnknown(unknown);
        assertEquals("BLOCKED", cardStatus(spec));
        assertEquals(2, historyRows(spec));

        changeStatus(spec, "BLOCKED", "customer called").then().statusCode(200)
                .body("status", equalTo("BLOCKED")).body("statusReason", equalTo("customer called"));
        assertEquals(2, historyRows(spec), "no second history row");
    }

    // ---- Citi card status: one statement that commits by itself -----------------------------------------------

    @Test
    void aCitiStatusChangeLostBeforeItsStatementReachedPostgresChangesNothing() {
        String account = id("acct");
        CardSpec debit = card().account(account).create();
        CardSpec credit = card().account(account).credit().create();
        String uuid = UUID.randomUUID().toString();
        cut(ACCOUNT_STATUS_CHANGE, null);
        Response refused = citiStatus(account, "F", "Y1", uuid);
        assertCut(ACCOUNT_STATUS_CHANGE);
        assertCitiOutcomeUnknown(refused, uuid);
        assertEquals("ACTIVE", cardStatus(debit));
        assertEquals("ACTIVE", cardStatus(credit));
        assertEquals(1, historyRows(debit));
        assertEquals(1, historyRows(credit));

        citiStatus(account, "F", "Y1", uuid).then().statusCode(204);
        assertEquals("BLOCKED", cardStatus(debit));
        assertEquals("STOLEN", cardStatus(credit));
    }

    @Test
    void aCitiStatusChangeWhoseAnswerIsLostIsUnknownAndItsRepetitionAnswersTheOriginal() {
        String account = id("acct");
        CardSpec debit = card().account(account).create();
        CardSpec credit = card().account(account).credit().create();
        String uuid = UUID.randomUUID().toString();
        WIRE.cutAfter(ACCOUNT_STATUS_CHANGE);
        Response unknown = citiStatus(account, "L", "Y2", uuid);
        WIRE.awaitFired(FIRED);
        assertCitiOutcomeUnknown(unknown, uuid);
        assertEquals("LOST", cardStatus(debit), "PostgreSQL did commit");
        assertEquals("LOST", cardStatus(credit));
        assertEquals(2, historyRows(debit));
        assertEquals(2, historyRows(credit));

        Response again = citiStatus(account, "L", "Y2", uuid);
        again.then().statusCode(204);
        assertEquals("", again.asString());
        assertEquals(2, historyRows(debit), "no second history row");
        assertEquals(2, historyRows(credit));
        // unblocking a lost card is refused as before
        String other = UUID.randomUUID().toString();
        assertCiti(citiStatus(account, "Y", null, other), 422, "error", "resourceNotFound",
                "The requested resource was not found", null, "Empty resource/resource not found", other);
        assertEquals("LOST", cardStatus(debit));
    }

    // ---- D1 Tracking Hub operations:track: one statement that commits by itself -------------------------------

    @Test
    void aTrackRequestLostBeforeItsStatementReachedPostgresOpensNothing() {
        CardSpec spec = card().create();
        String jwe = encrypt(currentKey(), spec.cardData("dhl", "JD" + System.nanoTime()));
        cut(TRACK_INSERT, null);
        Response refused = track(spec, "SHIPMENT", jwe);
        assertCut(TRACK_INSERT);
        assertOutcomeUnknown(refused);
        assertEquals(0, operations(spec).size());

        String operationId = track(spec, "SHIPMENT", jwe).then().statusCode(200)
                .body("status", equalTo("PENDING")).extract().path("operationId");
        assertEquals(List.of(operationId), operations(spec));
    }

    @Test
    void aTrackRequestWhoseAnswerIsLostIsUnknownAndItsRepetitionAnswersTheOriginal() {
        CardSpec spec = card().create();
        String jwe = encrypt(currentKey(), spec.cardData("dhl", "JD" + System.nanoTime()));
        WIRE.cutAfter(TRACK_INSERT);
        Response unknown = track(spec, "SHIPMENT", jwe);
        WIRE.awaitFired(FIRED);
        assertOutcomeUnknown(unknown);
        List<String> opened = operations(spec);
        assertEquals(1, opened.size(), "PostgreSQL did commit");
        String original = opened.get(0);

        Response again = track(spec, "SHIPMENT", jwe);
        again.then().statusCode(200).contentType(ContentType.JSON)
                .header("Location", endsWith("/physicalCards/" + spec.cardId + "/operations/" + original));
        assertEquals(Map.of("operationId", original, "status", "PENDING"), again.jsonPath().getMap("$"));
        assertEquals(List.of(original), operations(spec), "no second operation");

        // the same encrypted data for another card is another request, refused as before (not that card's PAN)
        CardSpec another = card().create();
        assertD1(track(another, "SHIPMENT", jwe), 400, "FIELD_INVALID_VALUE", "encryptedData.pan");
        assertEquals(0, operations(another).size());
        // the card lost since: a new shipment is refused as before, the repetition still answers its operation
        spec.changeStatus("LOST", null);
        assertD1(track(spec, "SHIPMENT", encrypt(currentKey(), spec.cardData("dhl", "JD" + System.nanoTime()))),
                403, "OPERATION_NOT_ALLOWED", "track");
        track(spec, "SHIPMENT", jwe).then().statusCode(200).body("operationId", equalTo(original));
        assertEquals(List.of(original), operations(spec));
    }

    // ---- carrier events: one statement that commits by itself -------------------------------------------------

    @Test
    void aCarrierEventLostBeforeItsStatementReachedPostgresChangesNothing() {
        CardSpec spec = card().create();
        String number = "JD" + System.nanoTime();
        String operationId = shipment(spec, number);
        String eventId = id("evt");
        cut(EVENT_INSERT, null);
        Response refused = event(eventId, number, "IN_TRANSIT", T0);
        assertCut(EVENT_INSERT);
        assertOutcomeUnknown(refused);
        assertEquals(0, events(eventId));
        assertEquals("INFO_RECEIVED", shipmentStatus(operationId));

        event(eventId, number, "IN_TRANSIT", T0).then().statusCode(200)
                .body("duplicate", equalTo(false)).body("appliedOperations", equalTo(1));
        assertEquals("IN_TRANSIT", shipmentStatus(operationId));
    }

    @Test
    void aCarrierEventWhoseAnswerIsLostIsUnknownAndItsRepetitionAnswersTheOriginal() {
        CardSpec spec = card().create();
        String number = "JD" + System.nanoTime();
        String operationId = shipment(spec, number);
        String eventId = id("evt");
        WIRE.cutAfter(EVENT_INSERT);
        Response unknown = event(eventId, number, "IN_TRANSIT", T0);
        WIRE.awaitFired(FIRED);
        assertOutcomeUnknown(unknown);
        assertEquals(1, events(eventId), "PostgreSQL did commit");
        assertEquals("IN_TRANSIT", shipmentStatus(operationId));

        Response again = event(eventId, number, "IN_TRANSIT", T0);
        again.then().statusCode(200).contentType(ContentType.JSON);
        Map<String, Object> original = new LinkedHashMap<>();
        original.put("eventId", eventId);
        original.put("duplicate", false);
        original.put("appliedOperations", 1);
        assertEquals(original, again.jsonPath().getMap("$"));
        assertEquals(1, events(eventId));
        // another event reusing the id is a duplicate, acknowledged and ignored as before
        event(eventId, number, "DELIVERED", T0.plusSeconds(3600)).then().statusCode(200)
                .body("duplicate", equalTo(true)).body("appliedOperations", equalTo(0));
        assertEquals("IN_TRANSIT", shipmentStatus(operationId));
        assertEquals(1, events(eventId));
    }

    // ---- internal consumer deletion cascade: one statement that commits by itself -----------------------------

    @Test
    void aConsumerDeletionLostBeforeItsStatementReachedPostgresChangesNothing() {
        String consumer = id("consumer");
        CardSpec first = card().consumer(consumer).create();
        first.addDigitalCard(id("DC"));
        card().consumer(consumer).create();
        cut(CONSUMER_DELETION, null);
        Response refused = cascade(consumer);
        assertCut(CONSUMER_DELETION);
        assertOutcomeUnknown(refused);
        assertEquals(0, deletedCards(consumer));

        cascade(consumer).then().statusCode(200)
                .body("deletedCards", equalTo(2)).body("deletedDigitalCards", equalTo(1));
        assertEquals(2, deletedCards(consumer));
    }

    @Test
    void aConsumerDeletionWhoseAnswerIsLostIsUnknownAndItsRepetitionAnswersTheOriginal() {
        String consumer = id("consumer");
        CardSpec first = card().consumer(consumer).create();
        first.addDigitalCard(id("DC"));
        card().consumer(consumer).create();
        WIRE.cutAfter(CONSUMER_DELETION);
        Response unknown = cascade(consumer);
        WIRE.awaitFired(FIRED);
        assertOutcomeUnknown(unknown);
        assertEquals(2, deletedCards(consumer), "PostgreSQL did commit");
        long rows = TestDatabase.count("SELECT count(*) FROM card.card_status_history WHERE issuer_id = ? "
                + "AND source = 'CONSUMER_DELETION' AND card_id IN (SELECT card_id FROM card.cards WHERE issuer_id = ? "
                + "AND consumer_id = ?)", ISSUER, ISSUER, consumer);
        assertEquals(2, rows);

        Response again = cascade(consumer);
        again.then().statusCode(200);
        assertEquals(Map.of("deletedCards", 2, "deletedDigitalCards", 1), again.jsonPath().getMap("$"));
        assertEquals(rows, TestDatabase.count("SELECT count(*) FROM card.card_status_history WHERE issuer_id = ? "
                + "AND source = 'CONSUMER_DELETION' AND card_id IN (SELECT card_id FROM card.cards WHERE issuer_id = ? "
                + "AND consumer_id = ?)", ISSUER, ISSUER, consumer));
        // a deleted card cannot change any more, as before
        assertD1(changeStatus(first, "ACTIVE", null), 403, "OPERATION_NOT_ALLOWED", "status");
    }

    // ---- requests ------------------------------------------------------------------------------------------

    private static Response provision(CardSpec spec) {
        return as(provisioning(spec.issuer)).contentType(ContentType.JSON).body(spec.body()).post(CARDS, spec.issuer);
    }

    /** Another request for the card of {@code spec}: the same body, to be changed by the caller. */
    private static CardSpec sameCard(CardSpec spec) {
        CardSpec same = card();
        same.cardId = spec.cardId;
        same.consumerId = spec.consumerId;
        same.accountId = spec.accountId;
        same.customerNumber = spec.customerNumber;
        same.pan = spec.pan;
        return same;
    }

    private static Response addDigitalCard(CardSpec spec, String digitalCardId, String walletProvider) {
        return as(provisioning(spec.issuer)).contentType(ContentType.JSON)
                .body(Map.of("digitalCardId", digitalCardId, "walletProvider", walletProvider, "deviceType", "PHONE"))
                .post(DIGITAL_CARDS, spec.issuer, spec.cardId);
    }

    private static Response changeStatus(CardSpec spec, String status, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        if (reason != null) {
            body.put("reason", reason);
        }
        return as(provisioning(spec.issuer)).contentType(ContentType.JSON).body(body)
                .post(STATUS, spec.issuer, spec.cardId);
    }

    private static Response citiStatus(String account, String code, String reason, String uuid) {
        return CardStatusApiTest.request(citi(ISSUER), uuid)
                .body(CardStatusApiTest.body(account, null, code, reason)).put(CITI);
    }

    private static String shipment(CardSpec spec, String trackingNumber) {
        return track(spec, "SHIPMENT", encrypt(currentKey(), spec.cardData("dhl", trackingNumber)))
                .then().statusCode(200).extract().path("operationId");
    }

    private static Response event(String eventId, String trackingNumber, String status, Instant occurredAt) {
        return as(carrierIntegration()).contentType(ContentType.JSON)
                .body(Map.of("eventId", eventId, "carrier", "dhl", "trackingNumber", trackingNumber, "status", status,
                        "occurredAt", occurredAt.toString()))
                .post(EVENTS);
    }

    private static Response cascade(String consumerId) {
        return as(internal()).delete(CASCADE, ISSUER, consumerId);
    }

    // ---- tables --------------------------------------------------------------------------------------------

    private static long cards(CardSpec spec) {
        return TestDatabase.count("SELECT count(*) FROM card.cards WHERE issuer_id = ? AND card_id = ?", spec.issuer,
                spec.cardId);
    }

    private static String cardStatus(CardSpec spec) {
        return (String) TestDatabase.query("SELECT status FROM card.cards WHERE issuer_id = ? AND card_id = ?",
                spec.issuer, spec.cardId).get(0).get("status");
    }

    private static long historyRows(CardSpec spec) {
        return TestDatabase.count("SELECT count(*) FROM card.card_status_history WHERE issuer_id = ? AND card_id = ?",
                spec.issuer, spec.cardId);
    }

    private static long digitalCards(String digitalCardId) {
        return TestDatabase.count("SELECT count(*) FROM card.digital_cards WHERE issuer_id = ? AND digital_card_id = ?",
                ISSUER, digitalCardId);
    }

    private static String digitalStatus(String digitalCardId) {
        return (String) TestDatabase.query("SELECT status FROM card.digital_cards WHERE issuer_id = ? "
                + "AND digital_card_id = ?", ISSUER, digitalCardId).get(0).get("status");
    }

    private static List<String> operations(CardSpec spec) {
        return TestDatabase.query("SELECT operation_id FROM card.tracking_operations WHERE issuer_id = ? AND card_id = ? "
                + "ORDER BY start_time", spec.issuer, spec.cardId).stream()
                .map(row -> (String) row.get("operation_id")).toList();
    }

    private static String shipmentStatus(String operationId) {
        return (String) TestDatabase.query("SELECT shipment_status FROM card.tracking_operations WHERE operation_id = ?",
                operationId).get(0).get("shipment_status");
    }

    private static long events(String eventId) {
        return TestDatabase.count("SELECT count(*) FROM card.tracking_events WHERE event_id = ?", eventId);
    }

    private static long deletedCards(String consumerId) {
        return TestDatabase.count("SELECT count(*) FROM card.cards WHERE issuer_id = ? AND consumer_id = ? "
                + "AND status = 'DELETED'", ISSUER, consumerId);
    }

    // ---- cuts and answers ------------------------------------------------------------------------------------

    /** Arms a cut before {@code statement}, or before the COMMIT of the transaction that ran {@code commitOf}. */
    private void cut(String statement, String commitOf) {
        cutsBefore = WIRE.cuts().size();
        if (statement.equals("COMMIT")) {
            WIRE.cutBeforeCommit(commitOf);
        } else {
            WIRE.cutBefore(statement);
        }
    }

    /** The armed cut happened during the request (else the test would prove nothing). */
    private void assertCut(String statement) {
        assertTrue(WIRE.hasFired(), "the connection was cut (" + statement + "): " + WIRE.cuts());
        assertEquals(cutsBefore + 1, WIRE.cuts().size(), "one cut: " + WIRE.cuts());
    }

    /** Cut before a statement of a transaction: nothing was written, and the service says so; at the COMMIT: unknown. */
    static void assertUnavailable(Response response, String cutBefore) {
        if (cutBefore.equals("COMMIT")) {
            assertOutcomeUnknown(response);
        } else {
            assertCertainlyUnavailable(response);
        }
    }

    /** 503 in the D1 dialect, Retry-After, and no doubt about the outcome: nothing was written. */
    static void assertCertainlyUnavailable(Response response) {
        assertD1(response, 503, null, null);
        response.then().header("Retry-After", "5");
        assertNull(response.header(ApiError.OUTCOME_HEADER), "a cut before the COMMIT is not an unknown outcome");
    }

    static void assertOutcomeUnknown(Response response) {
        assertD1(response, 503, null, null);
        response.then().header("Retry-After", "5").header(ApiError.OUTCOME_HEADER, "unknown");
    }

    /** The Citi dialect's 503 (the seed's 500 body), with the outcome sentence as moreInfo. */
    static void assertCitiOutcomeUnknown(Response response, String uuid) {
        assertCiti(response, 503, "fatal", "serverUnavailable", SERVER_UNAVAILABLE, null, ApiError.OUTCOME_UNKNOWN,
                uuid);
        response.then().header("Retry-After", "5").header(ApiError.OUTCOME_HEADER, "unknown");
    }
}
