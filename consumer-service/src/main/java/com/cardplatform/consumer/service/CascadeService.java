package com.cardplatform.consumer.service;

import com.cardplatform.consumer.OperationStatus;
import com.cardplatform.consumer.client.CardCascadeResult;
import com.cardplatform.consumer.client.CardServiceClient;
import com.cardplatform.consumer.client.CardServiceException;
import com.cardplatform.consumer.config.ConsumerConfig;
import com.cardplatform.consumer.repository.CascadeOutbox;
import com.cardplatform.consumer.repository.ClaimedTask;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * One attempt of the cascade into card-service for one outbox row, and its outcome in the database:
 * SUCCESSFUL (operation and row completed together), retry later (exponential backoff with jitter), or FAILED
 * when card-service refused the request or the row is out of attempts or too old. The same code serves the
 * attempt made right after the delete commits and the worker's retries.
 */
@ApplicationScoped
public class CascadeService {

    public static final String REJECTED = "CARD_CASCADE_REJECTED";
    public static final String UNAVAILABLE = "CARD_CASCADE_UNAVAILABLE";

    private final CardServiceClient cards;
    private final CascadeOutbox outbox;
    private final ConsumerConfig.Cascade config;
    private final Clock clock;
    private final MeterRegistry metrics;

    public CascadeService(CardServiceClient cards, CascadeOutbox outbox, ConsumerConfig config, Clock clock,
            MeterRegistry metrics) {
        this.cards = cards;
        this.outbox = outbox;
        this.config = config.cascade();
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * The attempt made right after the delete committed. The request waits for it at most
     * {@code inline-wait}; the attempt itself goes on in the background and records its outcome either way.
     * Any failure here leaves the row to the worker: the answer is then PENDING.
     */
    public Uni<OperationStatus> attemptNow(ClaimedTask task) {
        CompletableFuture<OperationStatus> running = attempt(task)
                .onFailure().recoverWithItem(OperationStatus.PENDING)
                .subscribeAsCompletionStage();
        // a copy, so that giving up waiting does not cancel the attempt itself
        return Uni.createFrom().completionStage(running.copy())
                .ifNoItem().after(config.inlineWait()).recoverWithItem(OperationStatus.PENDING);
    }

    /** Calls card-service and records the outcome; the resulting status of the operation. */
    public Uni<OperationStatus> attempt(ClaimedTask task) {
        return cards.deleteCards(task.issuerId(), task.consumerId(), task.correlationId())
                .onItem().transformToUni(result -> succeeded(task, result))
                .onFailure().recoverWithUni(failure -> failed(task, failure));
    }

    private Uni<OperationStatus> succeeded(ClaimedTask task, CardCascadeResult result) {
        String details = "{\"deletedAccounts\":" + task.deletedAccounts()
                + ",\"deletedCards\":" + result.deletedCards()
                + ",\"deletedDigitalCards\":" + result.deletedDigitalCards() + "}";
        return outbox.succeed(task.operationId(), now(), details)
                .invoke(completed -> {
                    count("successful");
                    // the common case (first attempt) at debug level: one line per delete is noise under load
                    if (task.attempts() > 1 || !completed) {
                        Log.infof("Cascade of operation %s done after %d attempts: %d cards, %d digital cards%s",
                                task.operationId(), task.attempts(), result.deletedCards(),
                                result.deletedDigitalCards(), completed ? "" : " (already completed by another attempt)");
                    } else {
                        Log.debugf("Cascade of operation %s done: %d cards, %d digital cards", task.operationId(),
                                result.deletedCards(), result.deletedDigitalCards());
                    }
                })
                .replaceWith(OperationStatus.SUCCESSFUL);
    }

    private Uni<OperationStatus> failed(ClaimedTask task, Throwable failure) {
        Instant now = now();
        String why = describe(failure);
        if (failure instanceof CardServiceException.Rejected) {
            count("failed");
            Log.errorf("Cascade of operation %s refused by card-service: %s", task.operationId(), why);
            return outbox.fail(task.operationId(), now, REJECTED,
                    ErrorTexts.sanitize("Cards and digital cards could not be deleted: " + why))
                    .replaceWith(OperationStatus.FAILED);
        }
        boolean outOfAttempts = task.attempts() >= config.maxAttempts();
        boolean tooOld = !now.isBefore(task.createdAt().plus(config.maxAge()));
        if (outOfAttempts || tooOld) {
            count("failed");
            Log.errorf("Cascade of operation %s abandoned after %d attempt(s): %s", task.operationId(),
                    task.attempts(), why);
            return outbox.fail(task.operationId(), now, UNAVAILABLE, ErrorTexts.sanitize(
                    "Cards and digital cards could not be deleted: card-service unavailable after "
                            + task.attempts() + " attempts, last failure: " + why))
                    .replaceWith(OperationStatus.FAILED);
        }
        Instant next = now.plus(backoff(task.attempts()));
        count("retry");
        Log.warnf("Cascade of operation %s attempt %d failed (%s); next attempt at %s", task.operationId(),
                task.attempts(), why, next);
        return outbox.retryLater(task.operationId(), next, ErrorTexts.sanitize(why))
                .replaceWith(OperationStatus.PENDING);
    }

    /** initial * 2^(attempts-1), capped, minus up to 20 % jitter so that replicas do not retry in step. */
    Duration backoff(int attempts) {
        long initial = config.backoffInitial().toMillis();
        long max = config.backoffMax().toMillis();
        long delay = initial << Math.min(Math.max(attempts - 1, 0), 20);
        delay = Math.min(Math.max(delay, initial), max);
        long jitter = (long) (delay * 0.2 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(delay - jitter);
    }

    /** One line, safe to log and to show: no exception class names beyond the kind of failure. */
    static String describe(Throwable failure) {
        if (failure instanceof CardServiceException e) {
            return e.getMessage();
        }
        if (failure instanceof TimeoutException) {
            return "card-service did not answer in time";
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return "card-service circuit breaker open";
        }
        String message = failure.getMessage();
        if (message != null && message.contains("Connection refused")) {
            return "card-service connection refused";
        }
        return "card-service unreachable";
    }

    private void count(String outcome) {
        metrics.counter("consumer.cascade.attempts", "outcome", outcome).increment();
    }

    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
}
