package com.cardplatform.activation.service;

import com.cardplatform.activation.CardCode;
import com.cardplatform.activation.config.ActivationConfig;
import com.cardplatform.activation.repository.ActivationCodeRepository;
import com.cardplatform.activation.repository.ActivationCodeRepository.Outcome;
import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.ErrorKind;
import com.cardplatform.errors.http.RequestEdge;
import com.cardplatform.guard.idempotency.KeyInTheWrite.KeyRow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;

/**
 * Activation codes of an issuer's cards: a whole request is written or nothing is (one transaction, one
 * statement), and a cardholder's code is verified against its keyed hash with a per-card attempt limit.
 */
@ApplicationScoped
public class ActivationCodeService {

    /** The same total order for every request: concurrent requests lock common cards in the same order. */
    static final Comparator<CardCode> CARD_ORDER = Comparator.comparing(CardCode::quoteNumber)
            .thenComparing(CardCode::proxyNumber);

    private final ActivationCodeRepository repository;
    private final CodeHasher hasher;
    private final int maxFailedAttempts;
    private final Counter saved;
    private final MeterRegistry registry;

    public ActivationCodeService(ActivationCodeRepository repository, CodeHasher hasher, ActivationConfig config,
            MeterRegistry registry) {
        this.repository = repository;
        this.hasher = hasher;
        this.maxFailedAttempts = config.maxFailedAttempts();
        this.registry = registry;
        this.saved = Counter.builder("activation.codes.saved")
                .description("Activation codes written (new or replaced)")
                .register(registry);
    }

    /** Replaces the codes of the given cards of the issuer, all of them or none. */
    public Uni<Void> setCodes(String issuerId, List<CardCode> records, KeyRow key) {
        List<CardCode> sorted = records.stream().sorted(CARD_ORDER).toList();
        String[] quotes = new String[sorted.size()];
        String[] proxies = new String[sorted.size()];
        for (int i = 0; i < quotes.length; i++) {
            quotes[i] = sorted.get(i).quoteNumber();
            proxies[i] = sorted.get(i).proxyNumber();
        }
        byte[][] hashes = hasher.hashAll(issuerId, sorted);
        return repository.upsertAll(issuerId, quotes, proxies, hashes, RequestEdge.currentCorrelationId(), key)
                .invoke(count -> saved.increment(count))
                .invoke(count -> Log.debugf("Saved %d activation codes for issuer %s", count, issuerId))
                .replaceWithVoid();
    }

    /**
     * Verifies a cardholder's code. Unknown card and wrong code give the same answer (422); a card locked after
     * too many failures answers 423 whatever the code, until the issuer sets a new one. {@code byRequest}: the keyed
     * request's token (partner-guard's KeyedRequest), null without a key; its repetition is not counted again.
     */
    public Uni<Void> verify(String issuerId, CardCode attempt, String byRequest) {
        byte[] hash = hasher.hash(issuerId, attempt);
        return repository.verify(issuerId, attempt.quoteNumber(), attempt.proxyNumber(), hash, maxFailedAttempts,
                        RequestEdge.currentCorrelationId(), byRequest)
                .invoke(outcome -> registry.counter("activation.verifications", "outcome",
                        outcome.name().toLowerCase()).increment())
                .invoke(ActivationCodeService::failUnlessMatched)
                .replaceWithVoid();
    }

    /**
     * A failed verification was counted (and may have locked the card), so its answer is final: repeated with the same
     * Idempotency-Key it is replayed, not counted again. An unknown card's answer is marked the same way, so that
     * nothing in the answer tells it from a wrong code.
     */
    private static void failUnlessMatched(Outcome outcome) {
        switch (outcome) {
            case MATCH -> {
            }
            case LOCKED -> throw ApiError.of(ErrorKind.LOCKED, "activationCode",
                    "Too many failed attempts: activation is locked until a new activation code is set").afterChange();
            default -> throw ApiError.of(ErrorKind.UNPROCESSABLE, "activationCode", "Activation code does not match")
                    .afterChange();
        }
    }
}
