package com.cardplatform.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.cardplatform.testing.TestDatabase;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code V3__d1_tracking_vocabulary.sql} on tracking data written before it: the service's own migrations, run by
 * Flyway up to V2 in a schema of this test's own on the real PostgreSQL, rows written as the service wrote them then,
 * then the migration, and every row read back in D1's vocabulary. In-process only (no application), so it has no
 * integration-test twin.
 */
class TrackingVocabularyMigrationTest {

    private static final Timestamp T0 = Timestamp.valueOf("2026-03-02 08:00:00");
    private static final Timestamp T1 = Timestamp.valueOf("2026-03-02 09:00:00");

    private final String schema = "card_migration_" + System.nanoTime();

    @BeforeEach
    void migrateToV2() {
        flyway("2").migrate();
    }

    @AfterEach
    void dropSchema() {
        TestDatabase.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    @Test
    void rewritesOperationsAndEventsInD1sVocabulary() {
        // operation id -> tracking type, status, details status, carrier, shipment status, last event, end time
        operation("prod-pending", "PRODUCTION", "PENDING", "CARD_IN_PRODUCTION", null, null, null, null);
        operation("prod-done", "PRODUCTION", "SUCCESSFUL", "CARD_PRODUCED", null, null, T0, T1);
        operation("prod-failed", "PRODUCTION", "FAILED", "CARD_PRODUCTION_FAILED", null, null, T0, T1);
        operation("ship-new", "SHIPMENT", "PENDING", "CARD_SHIPPED", "DHL", "INFO_RECEIVED", null, null);
        operation("ship-moving", "SHIPMENT", "PENDING", "CARD_SHIPPED", "FEDEX", "IN_TRANSIT", T0, null);
        operation("ship-delivered", "SHIPMENT", "SUCCESSFUL", "CARD_DELIVERED", "UPS", "DELIVERED", T0, T1);
        operation("ship-bounced", "SHIPMENT", "FAILED", "CARD_RETURNED", "USPS", "RETURNED_TO_SENDER", T0, T1);
        operation("ship-lost", "SHIPMENT", "FAILED", "CARD_LOST", "CORREOS_DE_MEXICO", "LOST", T0, T1);
        operation("ret-new", "RETURN", "PENDING", "CARD_RETURN_IN_TRANSIT", "ESTAFETA", "INFO_RECEIVED", null, null);
        operation("ret-bare", "RETURN", "PENDING", "CARD_RETURN_IN_TRANSIT", null, null, null, null);
        operation("ret-done", "RETURN", "SUCCESSFUL", "CARD_RETURNED", "DHL", "DELIVERED", T0, T1);
        operation("ret-lost", "RETURN", "FAILED", "CARD_LOST", "DHL", "LOST", T0, T1);
        operation("ret-bounced", "RETURN", "FAILED", "CARD_RETURN_FAILED", "UPS", "RETURNED_TO_SENDER", T0, T1);
        event("evt-1", "DHL");
        event("evt-2", "CORREOS_DE_MEXICO");
        event("evt-3", null);

        flyway(null).migrate();

        Map<String, List<Object>> expected = new LinkedHashMap<>();
        // status, details status, carrier, end time set
        expected.put("prod-pending", Arrays.asList("PENDING", null, null, false));
        expected.put("prod-done", Arrays.asList("SUCCESSFUL", "CARD_SHIPPED", null, true));
        expected.put("prod-failed", Arrays.asList("PENDING", null, null, false));
        expected.put("ship-new", Arrays.asList("PENDING", "CARD_SHIPPED", "dhl", false));
        expected.put("ship-moving", Arrays.asList("SUCCESSFUL", "CARD_SHIPPED", "fedex", true));
        expected.put("ship-delivered", Arrays.asList("SUCCESSFUL", "CARD_SHIPPED", "ups", true));
        expected.put("ship-bounced", Arrays.asList("SUCCESSFUL", "CARD_RETURNED", "usps-iv-api", true));
        expected.put("ship-lost", Arrays.asList("SUCCESSFUL", "CARD_SHIPPED", "correos-de-mexico", true));
        expected.put("ret-new", Arrays.asList("PENDING", null, "estafeta", false));
        expected.put("ret-bare", Arrays.asList("PENDING", null, null, false));
        expected.put("ret-done", Arrays.asList("SUCCESSFUL", "CARD_RETURNED", "dhl", true));
        expected.put("ret-lost", Arrays.asList("PENDING", null, "dhl", false));
        expected.put("ret-bounced", Arrays.asList("PENDING", null, "ups", false));
        for (Map.Entry<String, List<Object>> row : expected.entrySet()) {
            Map<String, Object> actual = TestDatabase.query("SELECT status, details_status, carrier, end_time, "
                    + "shipment_message, production_site FROM " + schema + ".tracking_operations WHERE operation_id = ?",
                    row.getKey()).get(0);
            List<Object> want = row.getValue();
            assertEquals(want.get(0), actual.get("status"), row.getKey());
            assertEquals(want.get(1), actual.get("details_status"), row.getKey());
            assertEquals(want.get(2), actual.get("carrier"), row.getKey());
            assertEquals(want.get(3), actual.get("end_time") != null, row.getKey() + " end time");
            assertNull(actual.get("shipment_message"), row.getKey());
            assertNull(actual.get("production_site"), row.getKey());
        }
        // a shipment that had moved completed at its last update; one that had completed keeps its time
        assertEquals(T0, TestDatabase.query("SELECT end_time FROM " + schema + ".tracking_operations "
                + "WHERE operation_id = 'ship-moving'").get(0).get("end_time"));
        assertEquals(T1, TestDatabase.query("SELECT end_time FROM " + schema + ".tracking_operations "
                + "WHERE operation_id = 'ship-delivered'").get(0).get("end_time"));
        assertEquals(List.of("dhl", "correos-de-mexico"), TestDatabase.query("SELECT carrier FROM " + schema
                + ".tracking_events WHERE carrier IS NOT NULL ORDER BY event_id").stream()
                .map(row -> row.get("carrier")).toList());
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM " + schema + ".tracking_operations "
                + "WHERE status = 'FAILED'"));
        // operations stay findable by shipment whatever their status
        assertNotNull(TestDatabase.query("SELECT indexname FROM pg_indexes WHERE schemaname = ? "
                + "AND indexname = 'tracking_operations_by_shipment'", schema).get(0).get("indexname"));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM pg_indexes WHERE schemaname = ? "
                + "AND indexname = 'tracking_operations_pending_shipments'", schema));
    }

    private Flyway flyway(String target) {
        TestDatabase.ensureStarted();
        var config = Flyway.configure()
                .dataSource(TestDatabase.jdbcUrl(), TestDatabase.user(), TestDatabase.password())
                .schemas(schema)
                .defaultSchema(schema)
                .locations("classpath:db/card");
        if (target != null) {
            config.target(target);
        }
        return config.load();
    }

    private void operation(String id, String type, String status, String detailsStatus, String carrier,
            String shipmentStatus, Timestamp lastEventAt, Timestamp endTime) {
        TestDatabase.query("INSERT INTO " + schema + ".tracking_operations (operation_id, issuer_id, card_id, "
                + "tracking_type, status, details_status, carrier, tracking_number, shipment_status, progress, "
                + "requested_by, start_time, end_time, last_event_at) VALUES (?, 'ISSUER0001', 'CARD-1', ?, ?, ?, ?, "
                + "?, ?, 0, 'client', ?, ?, ?) RETURNING operation_id", id, type, status, detailsStatus, carrier,
                carrier == null ? null : "TN-" + id, shipmentStatus, T0, endTime, lastEventAt);
    }

    private void event(String id, String carrier) {
        TestDatabase.query("INSERT INTO " + schema + ".tracking_events (event_id, operation_id, carrier, "
                + "tracking_number, status, occurred_at) VALUES (?, ?, ?, ?, 'IN_TRANSIT', ?) RETURNING event_id", id,
                carrier == null ? "op-1" : null, carrier, carrier == null ? null : "TN-1", T0);
    }
}
