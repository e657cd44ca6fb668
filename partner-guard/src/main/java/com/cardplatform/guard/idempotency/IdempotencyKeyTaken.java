package com.cardplatform.guard.idempotency;

/**
 * A write that keeps its own key ({@link KeyInTheWrite}) found the key's row already there: its statement rolled
 * back, and the guard answers from that row ({@link KeyTakenMapper}).
 */
public final class IdempotencyKeyTaken extends RuntimeException {

    private final transient String clientId;
    private final transient String key;
    private final transient byte[] fingerprint;

    IdempotencyKeyTaken(String clientId, String key, byte[] fingerprint) {
        super("The Idempotency-Key is already used", null, false, false);
        this.clientId = clientId;
        this.key = key;
        this.fingerprint = fingerprint;
    }

    String clientId() {
        return clientId;
    }

    String key() {
        return key;
    }

    byte[] fingerprint() {
        return fingerprint;
    }
}
