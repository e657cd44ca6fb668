package com.cardplatform.notify;

import static com.cardplatform.notify.Notify.cardStatus;
import static com.cardplatform.notify.Notify.endpoint;
import static com.cardplatform.notify.Notify.ingest;
import static com.cardplatform.notify.Notify.newIssuer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A destination slower than a claim's lease allows for a whole batch: one request at a time, each taking 1.5 s, and
 * a lease of 6 s (request timeout 2 s) for a batch of eight deliveries (12 s of requests). Each delivery is still
 * sent once: the ones whose turn would come too late are handed back unsent and go with a later claim, instead of
 * being claimed again by the next poll while their first request is on its way.
 */
@QuarkusTest
@TestProfile(SlowDestinationLeaseTest.ShortLease.class)
@WithTestResource(NotifyTestResource.class)
class SlowDestinationLeaseTest {

    public static class ShortLease implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("platform.notify.dispatch.lease", "PT6S",
                    "platform.notify.dispatch.per-destination-concurrency", "1");
        }
    }

    @Test
    void eachDeliveryOfABatchThatOutlastsItsLeaseIsSentOnceAndAttemptedOnce() throws Exception {
        try (Receiver receiver = new Receiver()) {
            receiver.answer(request -> {
                try {
                    Thread.sleep(1_500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new Receiver.Answer(204, "");
            });
            String issuer = newIssuer();
            endpoint(issuer, receiver.url("/slow"), "card.status.changed");
            List<String> events = new ArrayList<>();
            Set<String> ids = new TreeSet<>();
            for (int i = 0; i < 8; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id.toString());
                events.add(cardStatus(id, issuer, "CARD-" + i, i + 1));
            }
            ingest(events.toArray(String[]::new)).then().statusCode(202);

            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline && TestDatabase.count("SELECT count(*) FROM notify.deliveries d"
                    + " JOIN notify.events e ON e.event_id = d.event_id WHERE e.tenant = 'issuer:" + issuer + "'"
                    + " AND d.status = 'DELIVERED'") < 8) {
                Thread.sleep(100);
            }
            // a duplicate would come from a claim taken again after its lease: give a late one time to arrive
            Thread.sleep(3_000);

            List<Receiver.Request> got = receiver.requests();
            Set<String> received = new TreeSet<>();
            got.forEach(r -> received.add(r.header("webhook-id")));
            assertEquals(ids, received, "every event delivered");
            assertEquals(8, got.size(), "no event delivered twice: " + got.stream().map(r -> r.header("webhook-id"))
                    .toList());
            assertEquals(8, TestDatabase.count("SELECT count(*) FROM notify.attempts a JOIN notify.events e"
                    + " ON e.event_id = a.event_id WHERE e.tenant = 'issuer:" + issuer + "'"), "one attempt each");
            assertEquals(8, TestDatabase.count("SELECT sum(d.attempts) FROM notify.deliveries d JOIN notify.events e"
                    + " ON e.event_id = d.event_id WHERE e.tenant = 'issuer:" + issuer + "'"),
                    "a delivery handed back unsent does not count an attempt");
        }
    }
}
