package com.cardplatform.consumer.service;

import com.cardplatform.consumer.OperationStatus;
import com.cardplatform.consumer.client.CardCascadeResult;
import com.cardplatform.consumer.client.CardServiceClient;
import com.cardplatform.consumer.client.CardServiceException;
import com.cardplatform.consumer.config.ConsumerConfig;
import com.cardplatform.consumer.repository.CascadeOutbox;
import com.cardplatform.consumer.repository.ClaimedTask;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * One attempt of the cascade into card-service for one outbox row, and its outcome in the database:
 * SUCCESSFUL (operation and row completed together), retry later (exponential backoff with jitter), or FAILED
 * when card-service refused the request or the row is out of attempts or too old (one WARN line and one increment
 * of {@code consumer_deletion_cascade_failed_total}). The same code serves the attempt made right after the delete
 * commits and the worker's retries.
 */
@ApplicationScoped
@Startup // created at start, not at the first delete: the metric's series exist (at 0) from the first scrape
public class CascadeService {

    public static final String REJECTED = "CARD_CASCADE_REJECTED";
    public static final String UNAVAILABLE = "CARD_CASCADE_UNAVAILABLE";
    /** Prometheus: {@code consumer_deletion_cascade_failed_total{error_code="..."}}. */
    public static final String FAILED_METRIC = "consumer.deletion.cascade.failed";

    private final CardServiceClient cards;
    private final CascadeOutbox outbox;
    private final ConsumerConfig.Cascade config;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Map<String, Counter> failedCascades;

    public CascadeService(CardServiceClient cards, CascadeOutbox outbox, ConsumerConfig config, Clock clock,
            MeterRegistry metrics) {
        this.cards = cards;
        this.outbox = outbox;
        this.config = config.cascade();
        this.clock = clock;
        this.metrics = metrics;
        // registered up front (and the bean created at start), so that both series exist at 0 before the first
        // failure: an alert on their increase needs no special case for a series that appears
        this.failedCascades = Map.of(
                REJECTED, failedCounter(metrics, REJECTED),
                UNAVAILABLE, failedCounter(metrics, UNAVAILABLE));
    }

    private static Counter failedCounter(MeterRegistry metrics, String errorCode) {
        return Counter.builder(FAILED_METRIC)
                .description("Consumer deletions whose cascade into card-service gave up (operation FAILED): the "
                        + "consumer's cards and digital cards may still be active until it is deleted again")
                .tag("error_code", errorCode)
                .register(metrics);
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
            return giveUp(task, now, REJECTED, "refused by card-service",
                    ErrorTexts.sanitize("Cards and digital cards could not be deleted: " + why));
        }
        boolean outOfAttempts = task.attempts() >= config.maxAttempts();
        boolean tooOld = !now.isBefore(task.createdAt().plus(config.maxAge()));
        if (outOfAttempts || tooOld) {
            count("failed");
            return giveUp(task, now, UNAVAILABLE, (outOfAttempts ? "out of attempts" : "retry window over")
                    + ", last failure: " + why, ErrorTexts.sanitize(
                    "Cards and digital cards could not be deleted: card-service unavailable after "
                            + task.attempts() + " attempts, last failure: " + why));
        }
        Instant next = now.plus(backoff(task.attempts()));
        count("retry");
        Log.warnf("Cascade of operation %s attempt %d failed (%s); next attempt at %s", task.operationId(),
                task.attempts(), why, next);
        return outbox.retryLater(task.operationId(), next, ErrorTexts.sanitize(why))
                .replaceWith(OperationStatus.PENDING);
    }

    /**
     * The cascade gives up: the operation becomes FAILED (once: the statement is conditional on the row being still
     * open). The consumer stays deleted while its cards and digital cards may still be active, so every failed
     * cascade is one WARN line and one increment of {@value #FAILED_METRIC} for the operator; deleting the consumer
     * again starts a new DELETE operation that completes it.
     */
    private Uni<OperationStatus> giveUp(ClaimedTask task, Instant now, String errorCode, String cause, String error) {
        return outbox.fail(task.operationId(), now, errorCode, error)
                .invoke(failedNow -> {
                    if (failedNow) {
                        failedCascades.get(errorCode).increment();
                        Log.warnf("Deletion cascade FAILED (%s): operation %s of consumer %s (issuer %s) after %d "
                                + "attempt(s), %s. Its cards and digital cards may still be active in card-service; "
                                + "deleting the consumer again starts a new DELETE operation that completes the "
                                + "cascade", errorCode, task.operationId(), task.consumerId(), task.issuerId(),
                                task.attempts(), cause);
                    } else {
                        Log.debugf("Cascade of operation %s already completed by another attempt", task.operationId());
                    }
                })
                .replaceWith(OperationStatus.FAILED);
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
