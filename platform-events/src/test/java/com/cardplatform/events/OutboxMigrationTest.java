package com.cardplatform.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardplatform.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The outbox's repeatable migration on a table of its earlier shape (keyed by {@code event_id}, with an index of due
 * events): the events in it stay, the table is keyed by {@code sequence} and has no other index, and running the
 * migration again changes nothing. No application: the migration's own text on test-support's PostgreSQL, in a
 * schema of its own.
 */
class OutboxMigrationTest {

    private static final String EARLIER_TABLE = """
            CREATE SEQUENCE outbox_event_sequence;
            CREATE TABLE outbox_event (
                event_id        uuid        NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
                sequence        bigint      NOT NULL DEFAULT nextval('outbox_event_sequence'),
                event_type      text        NOT NULL,
                tenant          text        NOT NULL,
                entity_id       text        NOT NULL,
                occurred_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
                payload         jsonb       NOT NULL,
                correlation_id  text,
                next_attempt_at timestamptz NOT NULL DEFAULT '-infinity',
                attempts        integer     NOT NULL DEFAULT 0
            );
            CREATE INDEX outbox_event_due ON outbox_event (next_attempt_at, sequence);
            INSERT INTO outbox_event (event_type, tenant, entity_id, payload)
            SELECT 'probe.widget.updated', 'client:probe', 'widget-' || g, jsonb_build_object('id', g)
              FROM generate_series(1, 3) g;
            """;

    @Test
    void anOutboxKeyedByEventIdIsKeyedBySequenceWithItsEventsKept() throws Exception {
        TestDatabase.ensureStarted();
        String schema = "outbox_migration_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
            statement.execute("SET search_path TO " + schema);
            statement.execute(EARLIER_TABLE);
            statement.execute(migration());
            assertShape(schema);
            statement.execute(migration());
            assertShape(schema);
        } finally {
            TestDatabase.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static void assertShape(String schema) {
        List<Map<String, Object>> indexes = TestDatabase.query("SELECT indexname, indexdef FROM pg_indexes "
                + "WHERE schemaname = ? AND tablename = 'outbox_event'", schema);
        assertEquals(1, indexes.size(), "the key is the one index: " + indexes);
        assertEquals("outbox_event_by_sequence", indexes.get(0).get("indexname"));
        assertEquals(true, ((String) indexes.get(0).get("indexdef")).endsWith("(sequence)"), indexes.toString());
        assertEquals(3, TestDatabase.count("SELECT count(*) FROM " + schema + ".outbox_event "
                + "WHERE event_id IS NOT NULL AND sequence IS NOT NULL"), "the events are kept");
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM information_schema.columns WHERE table_schema = ? "
                + "AND table_name = 'outbox_event' AND column_name = 'traceparent'", schema));
    }

    private static String migration() throws IOException, SQLException {
        try (InputStream in = OutboxMigrationTest.class.getResourceAsStream("/db/events/R__outbox_events.sql")) {
            if (in == null) {
                throw new IllegalStateException("db/events/R__outbox_events.sql is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
