package com.cardplatform.consumer.service;

import com.cardplatform.consumer.Operation;
import com.cardplatform.consumer.OperationStatus;
import com.cardplatform.consumer.ReasonCode;
import com.cardplatform.consumer.repository.ClaimedTask;
import com.cardplatform.consumer.repository.OperationPage;
import com.cardplatform.consumer.repository.OperationQueries;
import com.cardplatform.consumer.repository.OperationRow;
import com.cardplatform.errors.ApiError;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * What the API asks of the service. The delete is two steps on purpose: the transaction (consumer, accounts,
 * operation, outbox) and, once it has committed, the first attempt of the cascade.
 */
@ApplicationScoped
public class ConsumerOperationsService {

    private final ConsumerLifecycle lifecycle;
    private final CascadeService cascade;
    private final OperationQueries queries;

    public ConsumerOperationsService(ConsumerLifecycle lifecycle, CascadeService cascade, OperationQueries queries) {
        this.lifecycle = lifecycle;
        this.cascade = cascade;
        this.queries = queries;
    }

    /** The operation id and its status once the immediate cascade attempt is over (or PENDING meanwhile). */
    public record Outcome(String operationId, OperationStatus status) {
    }

    public Uni<Outcome> delete(String issuerId, String consumerId, String reason, ReasonCode reasonCode,
            String correlationId) {
        return lifecycle.delete(issuerId, consumerId, reason, reasonCode, correlationId)
                .chain(deletion -> deletion.fresh()
                        ? cascade.attemptNow(ClaimedTask.of(deletion.task()))
                                .map(status -> new Outcome(deletion.operation().operationId, status))
                        : Uni.createFrom().item(new Outcome(deletion.operation().operationId,
                                deletion.operation().status)));
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
