package com.cardplatform.consumer.client;

/**
 * card-service (or the token endpoint) answered with an error or could not be reached. {@code status} is the
 * HTTP status, 0 when there was no answer. {@link Rejected} marks answers that no retry will change.
 */
public class CardServiceException extends RuntimeException {

    private final int status;

    public CardServiceException(String message, int status, Throwable cause) {
        // no stack trace: these are expected, counted and logged in one line
        super(message, cause, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** card-service refused the request itself (400, 422): retrying cannot help. */
    public static class Rejected extends CardServiceException {
        public Rejected(String message, int status, Throwable cause) {
            super(message, status, cause);
        }
    }
}
