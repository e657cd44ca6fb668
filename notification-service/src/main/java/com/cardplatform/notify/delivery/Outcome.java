package com.cardplatform.notify.delivery;

/** What one request gave: the status (null: no answer), its latency, the first bytes of the answer or the error. */
public record Outcome(Integer statusCode, int latencyMs, String response, String error) {

    public boolean acknowledged() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }

    public static Outcome failed(int latencyMs, String error) {
        return new Outcome(null, latencyMs, null, error);
    }
}
