package com.cardplatform.guard.idempotency;

import com.cardplatform.guard.GuardConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Deletes keys past their retention, a batch at a time, on every replica (two replicas purging at once delete
 * disjoint or already deleted rows: harmless). An expired key is also taken over by a new request at once, so
 * the purge only keeps the table small.
 */
@ApplicationScoped
public class IdempotencyPurge {

    private final IdempotencyStore store;
    private final int batch;

    public IdempotencyPurge(IdempotencyStore store, GuardConfig config) {
        this.store = store;
        this.batch = config.idempotency().purge().batchSize();
    }

    @Scheduled(every = "${platform.guard.idempotency.purge.every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return purgeExpired()
                .invoke(deleted -> {
                    if (deleted > 0) {
                        Log.infof("Purged %d expired idempotency keys", deleted);
                    }
                })
                .onFailure().invoke(failure -> Log.warnf("Purge of expired idempotency keys failed (%s); the next "
                        + "run tries again", failure.getClass().getSimpleName()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Batch after batch until one comes back short: a run keeps up with any rate of new keys (a single batch per run
     * would fall behind above {@code batch-size} keys per interval, and the table would grow without end). Each batch
     * is its own short statement, so no lock is held long.
     */
    public Uni<Integer> purgeExpired() {
        return purgeFrom(0);
    }

    private Uni<Integer> purgeFrom(int deletedSoFar) {
        return store.purge(batch).flatMap(deleted -> deleted < batch
                ? Uni.createFrom().item(deletedSoFar + deleted) : purgeFrom(deletedSoFar + deleted));
    }
}
