package com.cardplatform.guard.idempotency;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs many requests' statements as one: what is submitted while {@code maxInFlight} batches are running waits and
 * goes with the others in the next batch (up to {@code maxBatch} items). No timer: an item never waits longer than
 * the batches ahead of it, so at low load every item is a batch of one, and at high load the statements per request
 * fall with the load (group commit, as PostgreSQL does for its WAL).
 *
 * <p>Each item's result is delivered on the Vert.x context it was submitted from, so the request resumes on its own
 * event loop. A failed batch fails each of its items.
 *
 * @param <I> one request's part of the statement
 * @param <O> its result; the statement answers one per item, in order
 */
final class StatementBatcher<I, O> {

    private record Pending<I, O>(I item, UniEmitter<? super O> emitter, Context context) {
    }

    private final Function<List<I>, Uni<List<O>>> statement;
    private final int maxBatch;
    private final int maxInFlight;
    private final ArrayDeque<Pending<I, O>> waiting = new ArrayDeque<>();
    private int inFlight;

    StatementBatcher(Function<List<I>, Uni<List<O>>> statement, int maxBatch, int maxInFlight) {
        if (maxBatch < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("maxBatch and maxInFlight must be at least 1");
        }
        this.statement = statement;
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
    }

    Uni<O> submit(I item) {
        return Uni.createFrom().emitter(emitter -> {
            synchronized (this) {
                waiting.add(new Pending<>(item, emitter, Vertx.currentContext()));
            }
            drain();
        });
    }

    /** Sends the waiting items while fewer than {@code maxInFlight} batches run. */
    private void drain() {
        while (true) {
            List<Pending<I, O>> batch;
            synchronized (this) {
                if (inFlight >= maxInFlight || waiting.isEmpty()) {
                    return;
                }
                batch = new ArrayList<>(Math.min(maxBatch, waiting.size()));
                while (batch.size() < maxBatch && !waiting.isEmpty()) {
                    batch.add(waiting.poll());
                }
                inFlight++;
            }
            run(batch);
        }
    }

    private void run(List<Pending<I, O>> batch) {
        List<I> items = new ArrayList<>(batch.size());
        for (Pending<I, O> pending : batch) {
            items.add(pending.item());
        }
        Uni<List<O>> result;
        try {
            result = statement.apply(items);
        } catch (RuntimeException e) {
            result = Uni.createFrom().failure(e);
        }
        result.subscribe().with(outputs -> {
            finished();
            for (int i = 0; i < batch.size(); i++) {
                O output = outputs.get(i);
                deliver(batch.get(i), emitter -> emitter.complete(output));
            }
            drain();
        }, failure -> {
            finished();
            for (Pending<I, O> pending : batch) {
                deliver(pending, emitter -> emitter.fail(failure));
            }
            drain();
        });
    }

    private synchronized void finished() {
        inFlight--;
    }

    private static <I, O> void deliver(Pending<I, O> pending,
            java.util.function.Consumer<UniEmitter<? super O>> outcome) {
        Context context = pending.context();
        if (context == null || context == Vertx.currentContext()) {
            outcome.accept(pending.emitter());
        } else {
            context.runOnContext(ignored -> outcome.accept(pending.emitter()));
        }
    }
}
