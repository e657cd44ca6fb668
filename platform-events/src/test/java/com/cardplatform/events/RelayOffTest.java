package com.cardplatform.events;

import static com.cardplatform.events.Outbox.insert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.events.relay.OutboxRelay;
import com.cardplatform.events.relay.OutboxRepository;
import com.cardplatform.events.relay.OutboxRepository.OutboxClaim;
import com.cardplatform.events.relay.OutboxRow;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Without a sink URL the relay is off: events stay in the outbox, nothing is sent, no token is asked for. */
@QuarkusTest
@WithTestResource(value = SinkTestResource.class, initArgs = @ResourceArg(name = "sink", value = "off"))
class RelayOffTest {

    @ConfigProperty(name = "probe.receiver-url")
    String receiver;

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxRepository outbox;

    @Test
    void withoutASinkUrlEventsAccumulateAndNothingIsSent() {
        assertFalse(relay.enabled());
        String entity = "widget-" + UUID.randomUUID();
        Outbox.Inserted event = insert("probe.widget.updated", entity, new JsonObject().put("id", entity), null);
        // a run of the relay, awaited (the scheduled ones do the same): it claims nothing
        relay.relay().await().indefinitely();
        var rows = TestDatabase.query("SELECT attempts FROM probe.outbox_event WHERE event_id = ?::uuid",
                event.eventId());
        assertEquals(1, rows.size());
        assertEquals(0, ((Number) rows.get(0).get("attempts")).intValue(), "never claimed");
        assertTrue(Outbox.requests(receiver).isEmpty());
        assertTrue(Outbox.tokenRequests(receiver).isEmpty());
        TestDatabase.execute("DELETE FROM probe.outbox_event WHERE entity_id = '" + entity + "'");
    }

    /**
     * A claim never returns more rows than asked for, however large the backlog: notification-service refuses a batch
     * above 500, and an oversized claim came back again and again (seen under load with 2,475 rows claimed for 500
     * when the due rows were chosen by {@code IN (SELECT ... LIMIT ... SKIP LOCKED)}). Claims at once never share a
     * row, and a claim holds its rows until it ends.
     */
    @Test
    void aClaimOfABacklogTakesAtMostTheBatch() {
        String entity = "backlog-" + UUID.randomUUID();
        Outbox.insertMany(entity, 5000);
        try {
            List<OutboxClaim> claims = new ArrayList<>();
            Set<UUID> seen = new HashSet<>();
            try {
                for (int round = 0; round < 3; round++) {
                    OutboxClaim claim = outbox.claim(500).await().indefinitely();
                    claims.add(claim);
                    int claimed = claim.rows().size();
                    assertTrue(claimed <= 500, "claimed " + claimed + " rows for a batch of 500");
                    assertTrue(claimed > 0, "the backlog is due");
                    for (OutboxRow row : claim.rows()) {
                        assertTrue(seen.add(row.eventId()), "claimed twice while the first claim holds it: " + row);
                    }
                }
                assertEquals(5000 - seen.size(), Outbox.claimable(entity), "a claim holds its rows until it ends");
            } finally {
                for (OutboxClaim claim : claims) {
                    claim.notSent(List.of()).await().indefinitely();
                }
            }
            assertEquals(5000, Outbox.claimable(entity), "a claim that was not sent gives every row back");
            assertEquals(5000, Outbox.rows(entity));
        } finally {
            TestDatabase.execute("DELETE FROM probe.outbox_event WHERE entity_id = '" + entity + "'");
        }
    }

    /**
     * A claim that was sent deletes its rows; one that was not gives them back, the failed ones after their backoff
     * (attempts counted), the others due at once.
     */
    @Test
    void aClaimEndsWithItsRowsDeletedOrGivenBackWithTheirBackoff() {
        String entity = "claim-" + UUID.randomUUID();
        Outbox.insertMany(entity, 4);
        try {
            OutboxClaim first = claimOf(entity);
            assertEquals(4, first.rows().size());
            long failed = first.rows().get(0).sequence();
            first.notSent(List.of(failed)).await().indefinitely();
            var rows = TestDatabase.query("SELECT sequence, attempts, next_attempt_at > now() AS waiting "
                    + "FROM probe.outbox_event WHERE entity_id = ?", entity);
            assertEquals(4, rows.size(), "nothing lost");
            for (var row : rows) {
                boolean isFailed = failed == ((Number) row.get("sequence")).longValue();
                assertEquals(isFailed ? 1 : 0, ((Number) row.get("attempts")).intValue(), row.toString());
                assertEquals(isFailed, row.get("waiting"), "only the failed event waits for its backoff: " + row);
            }

            OutboxClaim second = claimOf(entity);
            assertEquals(3, second.rows().size(), "the failed event is not due during its backoff");
            assertFalse(second.rows().stream().anyMatch(r -> r.sequence() == failed));
            second.sent().await().indefinitely();
            assertEquals(1, Outbox.rows(entity), "the sent events are deleted, the failed one waits");
        } finally {
            TestDatabase.execute("DELETE FROM probe.outbox_event WHERE entity_id = '" + entity + "'");
        }
    }

    /** A claim that holds this test's events only (the relay is off, and every other test removes its own). */
    private OutboxClaim claimOf(String entity) {
        OutboxClaim claim = outbox.claim(500).await().indefinitely();
        if (!claim.rows().stream().allMatch(r -> entity.equals(r.entityId()))) {
            claim.notSent(List.of()).await().indefinitely();
            throw new AssertionError("the probe outbox holds another test's events: " + claim.rows());
        }
        return claim;
    }
}
