package com.cardplatform.guard.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What is submitted while a batch runs goes in the next one; results and failures reach each item. */
class StatementBatcherTest {

    /** A statement whose answer the test gives when it wants, recording the batches it was sent. */
    private static final class ControlledStatement {
        final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<List<String>>> answers = new CopyOnWriteArrayList<>();

        Uni<List<String>> run(List<Integer> items) {
            batches.add(List.copyOf(items));
            CompletableFuture<List<String>> answer = new CompletableFuture<>();
            answers.add(answer);
            return Uni.createFrom().completionStage(answer);
        }

        void answer(int batch) {
            answers.get(batch).complete(batches.get(batch).stream().map(i -> "r" + i).collect(Collectors.toList()));
        }
    }

    private static <T> CompletableFuture<T> start(Uni<T> uni) {
        return uni.subscribeAsCompletionStage();
    }

    @Test
    void itemsSubmittedWhileABatchRunsGoTogetherInTheNext() throws Exception {
        ControlledStatement statement = new ControlledStatement();
        StatementBatcher<Integer, String> batcher = new StatementBatcher<>(statement::run, 64, 1);

        CompletableFuture<String> first = start(batcher.submit(1));
        List<CompletableFuture<String>> waiting = new ArrayList<>();
        for (int i = 2; i <= 5; i++) {
            waiting.add(start(batcher.submit(i)));
        }
        // the first went alone, at once (no timer); the others wait for it
        assertEquals(List.of(List.of(1)), statement.batches);
        assertFalse(waiting.get(0).isDone());

        statement.answer(0);
        assertEquals("r1", first.get());
        assertEquals(List.of(List.of(1), List.of(2, 3, 4, 5)), statement.batches);
        statement.answer(1);
        for (int i = 0; i < waiting.size(); i++) {
            assertEquals("r" + (i + 2), waiting.get(i).get());
        }
    }

    @Test
    void aBatchIsNeverLargerThanItsLimitAndRunsBesideOthersUpToTheirLimit() {
        ControlledStatement statement = new ControlledStatement();
        StatementBatcher<Integer, String> batcher = new StatementBatcher<>(statement::run, 2, 2);
        for (int i = 1; i <= 7; i++) {
            start(batcher.submit(i));
        }
        assertEquals(List.of(List.of(1), List.of(2)), statement.batches);
        statement.answer(0);
        assertEquals(List.of(List.of(1), List.of(2), List.of(3, 4)), statement.batches);
        statement.answer(1);
        statement.answer(2);
        assertEquals(List.of(List.of(1), List.of(2), List.of(3, 4), List.of(5, 6), List.of(7)), statement.batches);
    }

    @Test
    void aFailedBatchFailsEachOfItsItemsAndTheNextBatchStillRuns() throws Exception {
        ControlledStatement statement = new ControlledStatement();
        StatementBatcher<Integer, String> batcher = new StatementBatcher<>(statement::run, 64, 1);
        CompletableFuture<String> first = start(batcher.submit(1));
        CompletableFuture<String> second = start(batcher.submit(2));
        CompletableFuture<String> third = start(batcher.submit(3));
        IllegalStateException down = new IllegalStateException("database unavailable");
        statement.answers.get(0).completeExceptionally(down);
        assertTrue(first.isCompletedExceptionally());
        assertSame(down, first.handle((r, e) -> e).get());
        // the two that waited were sent together after the failure
        assertEquals(List.of(List.of(1), List.of(2, 3)), statement.batches);
        statement.answers.get(1).completeExceptionally(down);
        assertTrue(second.isCompletedExceptionally() && third.isCompletedExceptionally());
        CompletableFuture<String> fourth = start(batcher.submit(4));
        statement.answer(2);
        assertEquals("r4", fourth.get());
    }
}
