package com.cardplatform.consumer.service;

import com.cardplatform.consumer.Operation;
import com.cardplatform.consumer.OperationStatus;
import com.cardplatform.consumer.ReasonCode;
import com.cardplatform.consumer.config.ConsumerConfig;
import com.cardplatform.consumer.repository.ClaimedTask;
import com.cardplatform.consumer.repository.ConsumerDeletions;
import com.cardplatform.consumer.repository.OperationPage;
import com.cardplatform.consumer.repository.OperationQueries;
import com.cardplatform.consumer.repository.OperationRow;
import com.cardplatform.errors.ApiError;
import com.cardplatform.runtime.observability.Traceparent;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What the API asks of the service. The delete is two steps on purpose: the transaction (consumer, accounts,
 * operation, outbox: one SQL statement) and, once it has committed, the first attempt of the cascade.
 */
@ApplicationScoped
public class ConsumerOperationsService {

    private final ConsumerLifecycle lifecycle;
    private final ConsumerDeletions deletions;
    private final CascadeService cascade;
    private final OperationQueries queries;
    private final ConsumerConfig.Cascade config;
    private final Clock clock;

    public ConsumerOperationsService(ConsumerLifecycle lifecycle, ConsumerDeletions deletions, CascadeService cascade,
            OperationQueries queries, ConsumerConfig config, Clock clock) {
        this.lifecycle = lifecycle;
        this.deletions = deletions;
        this.cascade = cascade;
        this.queries = queries;
        this.config = config.cascade();
        this.clock = clock;
    }

    /** The operation id and its status once the immediate cascade attempt is over (or PENDING meanwhile). */
    public record Outcome(String operationId, OperationStatus status) {
    }

    /**
     * Deletes the consumer (one statement: tombstone, accounts, PENDING operation, outbox row; the lease keeps the
     * workers away while this request makes the first attempt), then attempts the cascade. A consumer deleted
     * before: its DELETE operation (PENDING or SUCCESSFUL), nothing done; but when that operation FAILED (its
     * cascade gave up, cards may still be active), a new DELETE operation, whose cascade is attempted the same way.
     */
    public Uni<Outcome> delete(String issuerId, String consumerId, String reason, ReasonCode reasonCode,
            String correlationId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String operationId = OperationIds.next(now);
        String traceparent = Traceparent.current();
        return deletions.delete(issuerId, consumerId, operationId, now, reason, reasonCode.name(), correlationId,
                        now.plus(config.lease()), traceparent)
                .onItem().invoke(result -> {
                    if (!result.found()) {
                        throw ApiError.notFound("No such consumer");
                    }
                    if (result.superseded() != null) {
                        Log.infof("Deletion of consumer %s (issuer %s) started again as operation %s: the cascade of "
                                + "operation %s had failed", consumerId, issuerId, operationId, result.superseded());
                    }
                })
                .chain(result -> result.fresh()
                        ? cascade.attemptNow(new ClaimedTask(operationId, issuerId, consumerId, correlationId,
                                        result.deletedAccounts(), 1, now, traceparent))
                                .map(status -> new Outcome(operationId, status))
                        : Uni.createFrom().item(new Outcome(result.operationId(),
                                OperationStatus.valueOf(result.status()))));
    }

    public Uni<Operation> register(String issuerId, String consumerId, List<String> accountIds) {
        return lifecycle.register(issuerId, consumerId, accountIds);
    }

    public Uni<Operation> suspend(String issuerId, String consumerId, String reason, ReasonCode reasonCode) {
        return lifecycle.suspend(issuerId, consumerId, reason, reasonCode);
    }

    public Uni<Operation> resume(String issuerId, String consumerId, String reason, ReasonCode reasonCode) {
        return lifecycle.resume(issuerId, consumerId, reason, reasonCode);
    }

    /** Newest first; an unknown consumer has no operations (an empty page, as the seed says). */
    public Uni<OperationPage> operations(String issuerId, String consumerId, int offset, int limit) {
        return queries.page(issuerId, consumerId, offset, limit);
    }

    public Uni<OperationRow> operation(String issuerId, String consumerId, String operationId) {
        return queries.find(issuerId, consumerId, operationId)
                .onItem().ifNull().failWith(() -> ApiError.notFound("No such operation"));
    }
}
