package com.cardplatform.notify.repository;

import java.time.Instant;

/**
 * The outcome of one claimed delivery: its new status ({@code DELIVERED}, {@code PENDING} again at
 * {@code nextAt}, {@code FAILED}: given up, {@code PAUSED}: destination disabled) and, when a request was made,
 * the attempt to record.
 */
public record Result(long deliveryId, String status, Instant attemptedAt, Instant nextAt, boolean attempted,
        Integer statusCode, int latencyMs, String response, String error) {
}
