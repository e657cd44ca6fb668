package com.cardplatform.guard.idempotency;

/**
 * Encryption at rest of the kept answers of {@link AnswerHoldsSecret} methods, provided by the service that has them
 * (as a CDI bean), with the key it keeps its other secrets under. {@code boundTo} names the key's row: a sealed
 * answer moved onto another row must not open there (authenticated associated data).
 */
public interface AnswerSealer {

    byte[] seal(byte[] plain, String boundTo);

    /** Fails when the answer does not open (key withdrawn, row tampered with). */
    byte[] open(byte[] sealed, String boundTo);
}
