package com.cardplatform.consumer.service;

import com.cardplatform.consumer.config.ConsumerConfig;
import com.cardplatform.consumer.OperationStatus;
import com.cardplatform.consumer.repository.CascadeOutbox;
import com.cardplatform.consumer.repository.ClaimedTask;
import com.cardplatform.runtime.observability.Traceparent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finishes the cascades that the immediate attempt could not: every few seconds, claims the due outbox rows
 * (any replica may run it at the same time; SKIP LOCKED and the lease keep them apart) and attempts each.
 * Everything it needs is in the database, so a restart of consumer-service (or card-service) loses nothing.
 * Each run also measures the backlog for the operator: {@code consumer_cascade_backlog} (cascades not completed)
 * and {@code consumer_cascade_oldest_seconds} (the age of the oldest: a number that keeps growing is a stuck cascade).
 */
@ApplicationScoped
public class CascadeWorker {

    private static final int MAX_BATCHES_PER_RUN = 50;

    private final CascadeOutbox outbox;
    private final CascadeService cascade;
    private final ConsumerConfig.Cascade config;
    private final Clock clock;
    private final Vertx vertx;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestSeconds = new AtomicLong();

    public CascadeWorker(CascadeOutbox outbox, CascadeService cascade, ConsumerConfig config, Clock clock,
            MeterRegistry registry, Vertx vertx) {
        this.vertx = vertx;
        this.outbox = outbox;
        this.cascade = cascade;
        this.config = config.cascade();
        this.clock = clock;
        Gauge.builder("consumer.cascade.backlog", backlog, AtomicLong::doubleValue)
                .description("Deletion cascades into card-service not completed yet (this replica's last count)")
                .register(registry);
        Gauge.builder("consumer.cascade.oldest", oldestSeconds, AtomicLong::doubleValue).baseUnit("seconds")
                .description("Age of the oldest deletion cascade not completed yet")
                .register(registry);
    }

    @Scheduled(identity = "cascade-outbox", every = "${platform.consumer.cascade.every}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return runOnce()
                .chain(attempted -> outbox.backlog(clock.instant()))
                .invoke(counted -> {
                    backlog.set(counted.open());
                    oldestSeconds.set(counted.oldestSeconds());
                })
                .onFailure().invoke(failure -> Log.warnf("Cascade worker run failed: %s", failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** One run: batches of due rows until fewer than a full batch is due (at most 50 batches). */
    public Uni<Integer> runOnce() {
        return drain(0, 0);
    }

    private Uni<Integer> drain(int batches, int attemptedSoFar) {
        return batch()
                .chain(attempted -> attempted < config.batchSize() || batches + 1 >= MAX_BATCHES_PER_RUN
                        ? Uni.createFrom().item(attemptedSoFar + attempted)
                        : drain(batches + 1, attemptedSoFar + attempted));
    }

    /**
     * Claims one batch and attempts all its rows at once (so that each finishes well within its lease); the number
     * of rows attempted.
     */
    private Uni<Integer> batch() {
        Instant now = clock.instant();
        return outbox.claimDue(now, now.plus(config.lease()), config.batchSize())
                .onItem().transformToMulti(claimed -> Multi.createFrom().iterable(claimed))
                .onItem().transformToUni(this::attemptInItsTrace).merge(config.batchSize())
                .collect().asList()
                .map(java.util.List::size);
    }

    /** One attempt, in the trace of the request that deleted the consumer, however late the retry. */
    private Uni<OperationStatus> attemptInItsTrace(ClaimedTask task) {
        return Traceparent.inTraceOf(task.traceparent(), vertx, () -> cascade.attempt(task));
    }
}
