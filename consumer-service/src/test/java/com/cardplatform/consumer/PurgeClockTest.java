package com.cardplatform.consumer;

import static com.cardplatform.consumer.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.consumer.repository.CascadeOutbox;
import com.cardplatform.consumer.repository.ClaimedTask;
import com.cardplatform.consumer.service.OperationPurgeJob;
import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Time-dependent behaviour with the application's clock under the test's control ({@link MutableClock}), and the
 * outbox claim under concurrency. Needs injection, hence no {@code @QuarkusIntegrationTest} twin.
 */
@QuarkusTest
@WithTestResource(ConsumerTestResource.class)
class PurgeClockTest {

    @Inject
    OperationPurgeJob purge;

    @Inject
    CascadeOutbox outbox;

    @AfterEach
    void realTime() {
        MutableClock.reset();
    }

    @Test
    void operationTimesComeFromTheClockInIsoUtcWithMilliseconds() {
        String consumerId = newConsumerId();
        MutableClock.setTo(Instant.parse("2022-06-16T06:28:02.492Z"));
        String registration = register(ISSUER, consumerId);
        MutableClock.setTo(Instant.parse("2022-06-16T06:28:32Z"));
        String suspension = as(provisioningToken(ISSUER)).urlEncodingEnabled(false)
                .post("/issuers/" + ISSUER + "/consumers/" + consumerId + "/operations:suspend")
                .then().statusCode(200).extract().path("operationId");

        assertEquals("2022-06-16T06:28:02.492Z", operation(ISSUER, consumerId, registration).get("startTime"));
        assertEquals("2022-06-16T06:28:02.492Z", operation(ISSUER, consumerId, registration).get("endTime"));
        // always three fraction digits, even when they are zeros
        assertEquals("2022-06-16T06:28:32.000Z", operation(ISSUER, consumerId, suspension).get("startTime"));
    }

    @Test
    void thePurgeRemovesExactlyWhatIsOlderThanThreeCalendarMonths() {
        Instant now = Instant.parse("2026-05-31T12:00:00Z");
        String consumerId = newConsumerId();
        // three calendar months before 2026-05-31T12:00Z is 2026-02-28T12:00Z (February has no 31st)
        MutableClock.setTo(Instant.parse("2026-02-28T11:59:59.999Z"));
        String tooOld = register(ISSUER, consumerId);
        MutableClock.setTo(Instant.parse("2026-02-28T12:00:00.000Z"));
        String boundary = suspendOrResume(consumerId, "suspend");
        MutableClock.setTo(Instant.parse("2026-04-01T00:00:00Z"));
        String recent = suspendOrResume(consumerId, "resume");

        MutableClock.setTo(now);
        assertEquals(OffsetDateTime.parse("2026-02-28T12:00:00Z"), purge.cutoff());
        purge.purge().await().atMost(Duration.ofSeconds(30));

        assertEquals(0, countOf(tooOld), "older than three months: purged");
        assertEquals(1, countOf(boundary), "exactly three months old: kept");
        assertEquals(1, countOf(recent));

        // a month later the rest goes too
        MutableClock.setTo(now.plus(Duration.ofDays(70)));
        purge.purge().await().atMost(Duration.ofSeconds(30));
        assertEquals(0, countOf(boundary));
        assertEquals(0, countOf(recent));
        assertEquals("ACTIVE", ConsumerOperationsTest.statusOf(ISSUER, consumerId), "consumers are not purged");
    }

    /** Two workers (two replicas) claiming at the same moment never get the same row. */
    @Test
    void concurrentClaimsNeverShareARow() {
        // rows due one hour from now: invisible to the running worker, due for the claims below
        String consumerId = newConsumerId();
        register(ISSUER, consumerId);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            String id = "CLAIM" + i + consumerId.substring(2);
            ids.add(id);
            TestDatabase.execute("INSERT INTO consumer.operations (operation_id, issuer_id, consumer_id, operation, "
                    + "status, start_time, requestor_type, requestor_id) VALUES ('" + id + "', '" + ISSUER + "', '"
                    + consumerId + "', 'SUSPEND', 'PENDING', now(), 'ISSUER', '" + ISSUER + "')");
            TestDatabase.execute("INSERT INTO consumer.cascade_outbox (operation_id, issuer_id, consumer_id, "
                    + "deleted_accounts, attempts, created_at, next_attempt_at) VALUES ('" + id + "', '" + ISSUER
                    + "', '" + consumerId + "', 0, 0, now(), now() + interval '1 hour')");
        }
        try {
            Instant later = Instant.now().plus(Duration.ofMinutes(61));
            List<Uni<List<ClaimedTask>>> claims = List.of(
                    outbox.claimDue(later, later.plus(Duration.ofHours(1)), 20),
                    outbox.claimDue(later, later.plus(Duration.ofHours(1)), 20),
                    outbox.claimDue(later, later.plus(Duration.ofHours(1)), 20));
            List<List<ClaimedTask>> results = Uni.join().all(claims).andFailFast().await().atMost(Duration.ofSeconds(30));
            Set<String> claimed = new HashSet<>();
            int total = 0;
            for (List<ClaimedTask> result : results) {
                for (ClaimedTask task : result) {
                    if (ids.contains(task.operationId())) {
                        assertTrue(claimed.add(task.operationId()), "claimed twice: " + task.operationId());
                        assertEquals(1, task.attempts());
                        total++;
                    }
                }
            }
            assertEquals(30, total, "every due row claimed exactly once");
        } finally {
            TestDatabase.execute("DELETE FROM consumer.operations WHERE consumer_id = '" + consumerId
                    + "' AND operation_id LIKE 'CLAIM%'");
        }
    }

    private static String suspendOrResume(String consumerId, String action) {
        return as(provisioningToken(ISSUER)).urlEncodingEnabled(false)
                .post("/issuers/" + ISSUER + "/consumers/" + consumerId + "/operations:" + action)
                .then().statusCode(200).extract().path("operationId");
    }

    private static long countOf(String operationId) {
        return TestDatabase.count("SELECT count(*) FROM consumer.operations WHERE operation_id = ?", operationId);
    }
}
