package com.cardplatform.consumer.service;

import com.cardplatform.consumer.config.ConsumerConfig;
import com.cardplatform.consumer.repository.OperationQueries;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * "Operations that are older than 3 months will be removed" (seed 001): deletes, in batches, every finished
 * operation started more than three calendar months (UTC) before now. A PENDING delete is never purged, nor a
 * FAILED one that no later DELETE operation has taken over (the consumer's cards may still be active).
 */
@ApplicationScoped
public class OperationPurgeJob {

    private final OperationQueries queries;
    private final ConsumerConfig.Purge config;
    private final Clock clock;

    public OperationPurgeJob(OperationQueries queries, ConsumerConfig config, Clock clock) {
        this.queries = queries;
        this.config = config.purge();
        this.clock = clock;
    }

    @Scheduled(identity = "operation-purge", every = "${platform.consumer.purge.every}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return purge()
                .invoke(deleted -> {
                    if (deleted > 0) {
                        Log.infof("Purged %d operations older than %d months", deleted, config.retentionMonths());
                    }
                })
                .onFailure().invoke(failure -> Log.warnf("Operation purge failed: %s", failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** The instant before which operations are purged. */
    public OffsetDateTime cutoff() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).minusMonths(config.retentionMonths());
    }

    /** Purges everything older than the cutoff; the number of operations deleted. */
    public Uni<Integer> purge() {
        return purgeFrom(cutoff(), 0);
    }

    private Uni<Integer> purgeFrom(OffsetDateTime cutoff, int deletedSoFar) {
        return queries.purgeBefore(cutoff, config.batchSize())
                .chain(deleted -> deleted < config.batchSize()
                        ? Uni.createFrom().item(deletedSoFar + deleted)
                        : purgeFrom(cutoff, deletedSoFar + deleted));
    }
}
