package com.cardplatform.events.tokens;

/**
 * A token could not be obtained. The message says why in our words only: never the secret, the token or the
 * endpoint's answer (which may echo what was sent).
 */
public class ServiceTokenException extends RuntimeException {

    private final int status;

    public ServiceTokenException(String message, int status) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The token endpoint's HTTP status; 0 when it gave none (not configured, unreachable, timed out). */
    public int status() {
        return status;
    }
}
