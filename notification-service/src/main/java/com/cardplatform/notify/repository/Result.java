package com.cardplatform.notify.repository;

import java.time.Instant;

/**
 * The outcome of one claimed delivery: its new status ({@code DELIVERED}, {@code PENDING} again at
 * {@code nextAt}, {@code FAILED}: given up, {@code PAUSED}: destination disabled) and, when a request was made,
 * the attempt to record. {@code claimedAttempts} is the delivery's count of attempts as this claim left it: an
 * outcome is recorded only while the delivery still has it (a claim taken again after its lease ran out has moved on).
 */
public record Result(long deliveryId, String status, Instant attemptedAt, Instant nextAt, boolean attempted,
        Integer statusCode, int latencyMs, String response, String error, int claimedAttempts) {

    /** Not attempted and due again at once: nothing was sent (the claim's count of attempts is taken back). */
    public boolean deferred() {
        return !attempted && "PENDING".equals(status);
    }
}
