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
 * them and only them. Rows are aged by SQL so that this also runs against the packaged application; the exact
 * boundary is tested with a controllable clock in {@link PurgeClockTest}.
 */
@QuarkusTest
@WithTestResource(ConsumerTestResource.class)
class OperationPurgeTest {

    @Test
    void theScheduledPurgeRemovesOperationsOlderThanThreeMonths() {
        String consumerId = newConsumerId();
        String registration = register(ISSUER, consumerId);
        insert("OLD" + consumerId, consumerId, "SUSPEND", "SUCCESSFUL", "now() - interval '3 months' - interval '1 day'");
        insert("RECENT" + consumerId, consumerId, "RESUME", "SUCCESSFUL", "now() - interval '3 months' + interval '1 day'");
        // a delete whose cascade never finished is not purged, however old
        String other = newConsumerId();
        register(ISSUER, other);
        insert("PENDING" + other, other, "DELETE", "PENDING", "now() - interval '4 months'");

        await(Duration.ofSeconds(30), "the purge", () -> TestDatabase.count(
                "SELECT count(*) FROM consumer.operations WHERE operation_id = ?", "OLD" + consumerId) == 0 ? true : null);

        as(operationsToken(ISSUER)).get("/issuers/{issuerId}/consumers/{consumerId}/operations", ISSUER, consumerId)
                .then().statusCode(200)
                .body("operations.operationId", equalTo(List.of(registration, "RECENT" + consumerId)))
                .body("remainingOperations", equalTo(0));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM consumer.operations WHERE operation_id = ?",
                "PENDING" + other));
        // the consumer itself is not purged
        assertEquals("ACTIVE", ConsumerOperationsTest.statusOf(ISSUER, consumerId));
    }

    private static void insert(String operationId, String consumerId, String operation, String status, String start) {
        TestDatabase.execute("INSERT INTO consumer.operations (operation_id, issuer_id, consumer_id, operation, status, "
                + "start_time, end_time, requestor_type, requestor_id) VALUES ('" + operationId + "', '" + ISSUER
                + "', '" + consumerId + "', '" + operation + "', '" + status + "', " + start + ", "
                + ("PENDING".equals(status) ? "NULL" : start) + ", 'ISSUER', '" + ISSUER + "')");
    }
}
