package com.cardplatform.consumer.service;

import com.cardplatform.consumer.Account;
import com.cardplatform.consumer.Consumer;
import com.cardplatform.consumer.ConsumerKey;
import com.cardplatform.consumer.ConsumerStatus;
import com.cardplatform.consumer.Operation;
import com.cardplatform.consumer.OperationType;
import com.cardplatform.consumer.ReasonCode;
import com.cardplatform.consumer.repository.AccountRepository;
import com.cardplatform.consumer.repository.ConsumerRepository;
import com.cardplatform.consumer.repository.OperationRepository;
import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.db.DatabaseFailures;
import com.cardplatform.errors.http.RequestEdge;
import com.cardplatform.runtime.write.WriteTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Register, suspend, resume: each one transaction that locks the consumer row, changes it and records the
 * operation with its {@code consumer.operation.updated} event (one statement, {@code OperationRepository}); a
 * repetition answered with the original operation and a refused request record neither. (The delete is one SQL
 * statement of its own: {@code ConsumerDeletions}.)
 */
@ApplicationScoped
public class ConsumerLifecycle {

    private final ConsumerRepository consumers;
    private final AccountRepository accounts;
    private final OperationRepository operations;
    private final Clock clock;

    public ConsumerLifecycle(ConsumerRepository consumers, AccountRepository accounts, OperationRepository operations,
            Clock clock) {
        this.consumers = consumers;
        this.accounts = accounts;
        this.operations = operations;
        this.clock = clock;
    }

    /**
     * A new consumer with its accounts (one batched INSERT). A consumerId in use is a conflict, unless the request
     * is the one that registered it (same accounts): then its REGISTER operation is answered again, so that a
     * partner who retries after a 503 whose outcome was unknown gets the original result. A deleted consumerId is
     * retired for ever: OPERATION_NOT_ALLOWED naming consumerId.
     */
    @WriteTransaction
    public Uni<Operation> register(String issuerId, String consumerId, List<String> accountIds) {
        Instant now = now();
        String correlationId = RequestEdge.currentCorrelationId(); // read on the request's own context
        return consumers.findById(new ConsumerKey(issuerId, consumerId))
                .chain(existing -> {
                    if (existing != null && existing.deleted()) {
                        return Uni.createFrom().failure(ApiError.operationNotAllowed("consumerId",
                                "A deleted consumer cannot be registered again; use a new consumerId"));
                    }
                    if (existing != null) {
                        return originalRegistration(existing, accountIds);
                    }
                    Consumer consumer = Consumer.registered(issuerId, consumerId, now);
                    Operation op = Operation.byIssuer(OperationIds.next(now), consumer, OperationType.REGISTER, now)
                            .successful(now);
                    List<Account> owned = accountIds.stream().map(id -> Account.of(consumer, id, now)).toList();
                    // the consumer and its accounts are flushed first: the operation (with its event) refers to them
                    return consumers.persist(consumer)
                            .chain(() -> owned.isEmpty() ? Uni.createFrom().voidItem() : accounts.persist(owned))
                            .chain(() -> consumers.flush())
                            .chain(() -> operations.insertWithEvent(op, correlationId));
                })
                .onFailure(DatabaseFailures::uniqueViolation) // a concurrent registration of the same consumer won the race
                .transform(e -> ApiError.conflict("The consumer is already registered"));
    }

    /** The REGISTER operation of {@code existing} when it registered exactly these accounts; else a conflict. */
    private Uni<Operation> originalRegistration(Consumer existing, List<String> accountIds) {
        return accounts.list("issuerId = ?1 and consumerId = ?2", existing.issuerId, existing.consumerId)
                .chain(owned -> {
                    Set<String> registered = owned.stream().map(a -> a.accountId).collect(Collectors.toSet());
                    if (!registered.equals(Set.copyOf(accountIds))) {
                        return Uni.createFrom().<Operation>nullItem();
                    }
                    return operations.find("issuerId = ?1 and consumerId = ?2 and operation = ?3", existing.issuerId,
                            existing.consumerId, OperationType.REGISTER).firstResult();
                })
                .onItem().ifNull().failWith(() -> ApiError.conflict("The consumer is already registered"));
    }

    @WriteTransaction
    public Uni<Operation> suspend(String issuerId, String consumerId, String reason, ReasonCode reasonCode) {
        return transition(issuerId, consumerId, OperationType.SUSPEND, ConsumerStatus.ACTIVE,
                ConsumerStatus.SUSPENDED, reason, reasonCode);
    }

    @WriteTransaction
    public Uni<Operation> resume(String issuerId, String consumerId, String reason, ReasonCode reasonCode) {
        return transition(issuerId, consumerId, OperationType.RESUME, ConsumerStatus.SUSPENDED,
                ConsumerStatus.ACTIVE, reason, reasonCode);
    }

    private Uni<Operation> transition(String issuerId, String consumerId, OperationType type, ConsumerStatus from,
            ConsumerStatus to, String reason, ReasonCode reasonCode) {
        Instant now = now();
        String correlationId = RequestEdge.currentCorrelationId(); // read on the request's own context
        return consumers.lock(issuerId, consumerId)
                .onItem().ifNull().failWith(ConsumerLifecycle::unknownConsumer)
                .chain(consumer -> {
                    if (consumer.status == to && !consumer.deleted()) {
                        return repetitionOf(consumer, type, reason, reasonCode);
                    }
                    if (consumer.status != from) {
                        // suspending a suspended consumer, resuming an active one, touching a deleted one
                        return Uni.createFrom().failure(ApiError.operationNotAllowed(type.name(),
                                "The consumer is " + consumer.status + ": " + type + " is not allowed"));
                    }
                    consumer.moveTo(to, now);
                    Operation op = Operation.byIssuer(OperationIds.next(now), consumer, type, now)
                            .successful(now)
                            .because(reason, reasonCode);
                    return operations.insertWithEvent(op, correlationId);
                });
    }

    /**
     * A suspend of a suspended consumer (a resume of an active one) is the repetition of the operation that put it
     * there when that operation is the consumer's latest and had the same reason: its original result is answered.
     * Anything else is refused as before (OPERATION_NOT_ALLOWED).
     */
    private Uni<Operation> repetitionOf(Consumer consumer, OperationType type, String reason, ReasonCode reasonCode) {
        return operations.find("issuerId = ?1 and consumerId = ?2 order by startTime desc, operationId desc",
                        consumer.issuerId, consumer.consumerId).firstResult()
                .chain(latest -> latest != null && latest.operation == type && Objects.equals(latest.reason, reason)
                        && latest.reasonCode == reasonCode
                        ? Uni.createFrom().item(latest)
                        : Uni.createFrom().failure(ApiError.operationNotAllowed(type.name(),
                                "The consumer is " + consumer.status + ": " + type + " is not allowed")));
    }

    private static ApiError unknownConsumer() {
        return ApiError.notFound("No such consumer");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
