package com.cardplatform.events;

import static com.cardplatform.events.Outbox.insert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.events.relay.OutboxRelay;
import com.cardplatform.events.relay.OutboxRepository;
import java.time.Duration;
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
     * above 500, and an oversized claim came back after its lease, again and again (seen under load with 2,475 rows
     * claimed for 500 when the due rows were chosen by {@code IN (SELECT ... LIMIT ... SKIP LOCKED)}).
     */
    @Test
    void aClaimOfABacklogTakesAtMostTheBatch() {
        String entity = "backlog-" + UUID.randomUUID();
        TestDatabase.execute("INSERT INTO probe.outbox_event (event_type, tenant, entity_id, payload) "
                + "SELECT 'probe.widget.updated', 'client:probe', '" + entity + "', jsonb_build_object('n', n) "
                + "FROM generate_series(1, 5000) n");
        try {
            for (int round = 0; round < 3; round++) {
                int claimed = outbox.claim(500, Duration.ofSeconds(30), Duration.ofSeconds(60)).await().indefinitely()
                        .size();
                assertTrue(claimed <= 500, "claimed " + claimed + " rows for a batch of 500");
                assertTrue(claimed > 0, "the backlog is due");
            }
        } finally {
            TestDatabase.execute("DELETE FROM probe.outbox_event WHERE entity_id = '" + entity + "'");
        }
    }
}
