package com.cardplatform.activation;

import static com.cardplatform.activation.Activation.array;
import static com.cardplatform.activation.Activation.expectedHash;
import static com.cardplatform.activation.Activation.hashes;
import static com.cardplatform.activation.Activation.newIssuer;
import static com.cardplatform.activation.Activation.proxy;
import static com.cardplatform.activation.Activation.record;
import static com.cardplatform.activation.Activation.set;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Parallel requests for the same cards, each listing them in its own random order: every request succeeds (no
 * deadlock) and the table ends with exactly one request's codes on every card, never a mix.
 */
@QuarkusTest
@WithTestResource(ActivationTestResource.class)
class ConcurrentSetActivationCodesTest {

    private static final int REQUESTS = 6;
    private static final int CARDS = 400;
    private static final int ROUNDS = 3;

    @Test
    void concurrentRequestsForTheSameCardsLeaveOneRequestsCodes() throws Exception {
        String issuer = newIssuer();
        Random random = new Random(20261124);
        ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                List<String> bodies = new ArrayList<>();
                for (int r = 0; r < REQUESTS; r++) {
                    List<String> records = new ArrayList<>();
                    for (int i = 0; i < CARDS; i++) {
                        records.add(record("95000000", proxy(i), code(round, r, i)));
                    }
                    Collections.shuffle(records, random);
                    bodies.add(array(records));
                }
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> statuses = new ArrayList<>();
                for (String body : bodies) {
                    statuses.add(pool.submit(() -> {
                        start.await();
                        return set(issuer, body).statusCode();
                    }));
                }
                start.countDown();
                for (Future<Integer> status : statuses) {
                    assertEquals(200, status.get(60, TimeUnit.SECONDS), "every request succeeds, none deadlocks");
                }
                Map<String, Object> stored = hashes(issuer);
                assertEquals(CARDS, stored.size());
                int winners = 0;
                for (int r = 0; r < REQUESTS; r++) {
                    if (stored.equals(expected(issuer, round, r))) {
                        winners++;
                    }
                }
                assertEquals(1, winners, "round " + round + ": the table holds exactly one request's codes");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, Object> expected(String issuer, int round, int request) {
        Map<String, Object> expected = new LinkedHashMap<>();
        for (int i = 0; i < CARDS; i++) {
            expected.put("95000000/" + proxy(i), expectedHash(issuer, "95000000", proxy(i), code(round, request, i)));
        }
        return expected;
    }

    private static String code(int round, int request, int card) {
        return "R" + round + "Q" + request + "C" + card;
    }
}
