package com.cardplatform.consumer;

import static com.cardplatform.consumer.Fixtures.*;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * "Operations that are older than 3 months will be removed": the scheduled purge (every 2 s in tests) deletes
 * them and only them (never a PENDING delete, nor a FAILED one that no later DELETE took over). Rows are aged by
 * SQL so that this also runs against the packaged application; the exact boundary is tested with a controllable
 * clock in {@link PurgeClockTest}.
 */
@QuarkusTest
@WithTestResource(ConsumerTestResource.class)
class OperationPurgeTest {

    @Test
    void theScheduledPurgeRemovesOperationsOlderThanThreeMonths() {
        // a FAILED delete that no later DELETE took over is not purged, however old (its cards may still be active);
        // inserted first, so that the run that purges the rows below has seen it
        String stranded = newConsumerId();
        register(ISSUER, stranded);
        deleted(stranded);
        insert("STRANDED" + stranded, stranded, "DELETE", "FAILED", "now() - interval '5 months'");
        // once a later DELETE completed the deletion, the failed one is history like any other
        String recovered = newConsumerId();
        register(ISSUER, recovered);
        deleted(recovered);
        insert("SUPERSEDED" + recovered, recovered, "DELETE", "FAILED", "now() - interval '5 months'");
        insert("RECOVERED" + recovered, recovered, "DELETE", "SUCCESSFUL", "now() - interval '1 month'");
        String consumerId = newConsumerId();
        String registration = register(ISSUER, consumerId);
        insert("OLD" + consumerId, consumerId, "SUSPEND", "SUCCESSFUL", "now() - interval '3 months' - interval '1 day'");
        insert("RECENT" + consumerId, consumerId, "RESUME", "SUCCESSFUL", "now() - interval '3 months' + interval '1 day'");
        // a delete whose cascade never finished is not purged, however old
        String other = newConsumerId();
        register(ISSUER, other);
        insert("PENDING" + other, other, "DELETE", "PENDING", "now() - interval '4 months'");

        await(Duration.ofSeconds(30), "the purge", () -> TestDatabase.count(
                "SELECT count(*) FROM consumer.operations WHERE operation_id IN (?, ?)", "OLD" + consumerId,
                "SUPERSEDED" + recovered) == 0 ? true : null);
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM consumer.operations WHERE operation_id = ?",
                "STRANDED" + stranded));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM consumer.operations WHERE operation_id = ?",
                "RECOVERED" + recovered));

        as(operationsToken(ISSUER)).get("/issuers/{issuerId}/consumers/{consumerId}/operations", ISSUER, consumerId)
                .then().statusCode(200)
                .body("operations.operationId", equalTo(List.of(registration, "RECENT" + consumerId)))
                .body("remainingOperations", equalTo(0));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM consumer.operations WHERE operation_id = ?",
                "PENDING" + other));
        // the consumer itself is not purged
        assertEquals("ACTIVE", ConsumerOperationsTest.statusOf(ISSUER, consumerId));
    }

    private static void deleted(String consumerId) {
        TestDatabase.execute("UPDATE consumer.consumers SET status = 'DELETED', deleted_at = now() WHERE issuer_id = '"
                + ISSUER + "' AND consumer_id = '" + consumerId + "'");
    }

    private static void insert(String operationId, String consumerId, String operation, String status, String start) {
        TestDatabase.execute("INSERT INTO consumer.operations (operation_id, issuer_id, consumer_id, operation, status, "
                + "start_time, end_time, requestor_type, requestor_id) VALUES ('" + operationId + "', '" + ISSUER
                + "', '" + consumerId + "', '" + operation + "', '" + status + "', " + start + ", "
                + ("PENDING".equals(status) ? "NULL" : start) + ", 'ISSUER', '" + ISSUER + "')");
    }
}
