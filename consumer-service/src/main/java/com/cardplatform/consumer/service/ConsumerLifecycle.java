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
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Register, suspend, resume: each one transaction that locks the consumer row, changes it and records the
 * operation. (The delete is one SQL statement of its own: {@code ConsumerDeletions}.)
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
     * A new consumer with its accounts (one batched INSERT). A consumerId in use is a conflict; a deleted one is
     * retired for ever: OPERATION_NOT_ALLOWED naming consumerId.
     */
    @WithTransaction
    public Uni<Operation> register(String issuerId, String consumerId, List<String> accountIds) {
        Instant now = now();
        return consumers.findById(new ConsumerKey(issuerId, consumerId))
                .chain(existing -> {
                    if (existing != null && existing.deleted()) {
                        return Uni.createFrom().failure(ApiError.operationNotAllowed("consumerId",
                                "A deleted consumer cannot be registered again; use a new consumerId"));
                    }
                    if (existing != null) {
                        return Uni.createFrom().failure(ApiError.conflict("The consumer is already registered"));
                    }
                    Consumer consumer = Consumer.registered(issuerId, consumerId, now);
                    Operation op = Operation.byIssuer(OperationIds.next(now), consumer, OperationType.REGISTER, now)
                            .successful(now);
                    List<Account> owned = accountIds.stream().map(id -> Account.of(consumer, id, now)).toList();
                    return consumers.persist(consumer)
                            .chain(() -> owned.isEmpty() ? Uni.createFrom().voidItem() : accounts.persist(owned))
                            .chain(() -> operations.persist(op))
                            .chain(() -> consumers.flush())
                            .replaceWith(op);
                })
                .onFailure(ConsumerLifecycle::duplicateKey)
                .transform(e -> ApiError.conflict("The consumer is already registered"));
    }

    @WithTransaction
    public Uni<Operation> suspend(String issuerId, String consumerId, String reason, ReasonCode reasonCode) {
        return transition(issuerId, consumerId, OperationType.SUSPEND, ConsumerStatus.ACTIVE,
                ConsumerStatus.SUSPENDED, reason, reasonCode);
    }

    @WithTransaction
    public Uni<Operation> resume(String issuerId, String consumerId, String reason, ReasonCode reasonCode) {
        return transition(issuerId, consumerId, OperationType.RESUME, ConsumerStatus.SUSPENDED,
                ConsumerStatus.ACTIVE, reason, reasonCode);
    }

    private Uni<Operation> transition(String issuerId, String consumerId, OperationType type, ConsumerStatus from,
            ConsumerStatus to, String reason, ReasonCode reasonCode) {
        Instant now = now();
        return consumers.lock(issuerId, consumerId)
                .onItem().ifNull().failWith(ConsumerLifecycle::unknownConsumer)
                .chain(consumer -> {
                    if (consumer.status != from) {
                        // suspending a suspended consumer, resuming an active one, touching a deleted one
                        return Uni.createFrom().failure(ApiError.operationNotAllowed(type.name(),
                                "The consumer is " + consumer.status + ": " + type + " is not allowed"));
                    }
                    consumer.moveTo(to, now);
                    Operation op = Operation.byIssuer(OperationIds.next(now), consumer, type, now)
                            .successful(now)
                            .because(reason, reasonCode);
                    return operations.persist(op);
                });
    }

    private static ApiError unknownConsumer() {
        return ApiError.notFound("No such consumer");
    }

    /** A concurrent registration of the same consumer won the race (unique violation, SQLSTATE 23505). */
    private static boolean duplicateKey(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
