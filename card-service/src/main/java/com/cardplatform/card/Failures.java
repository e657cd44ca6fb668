package com.cardplatform.card;

/** Recognises database failures that are a client's doing, so that they do not become a 500. */
public final class Failures {

    private Failures() {
    }

    /** PostgreSQL {@code 23505}: a row with this key already exists (e.g. two concurrent creations). */
    public static boolean uniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
