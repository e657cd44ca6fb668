package com.cardplatform.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.concurrent.CompletionException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;

/**
 * What the database and the network throw while PostgreSQL restarts under running requests, and what each must
 * become: retryable 503s, never 500s (the FaultsIT of deploy/local sees the same failures end to end).
 */
class ExceptionClassifierTest {

    private static ApiError classify(Throwable t) {
        // wrapped the way Mutiny and Hibernate Reactive hand failures over
        return ExceptionClassifier.classify(new CompletionException(new RuntimeException("wrapper", t)));
    }

    @Test
    void aDatabaseShuttingDownOrRestartingIsUnavailable() {
        for (String[] state : new String[][] {
                {"57P01", "terminating connection due to administrator command"},
                {"57P02", "terminating connection due to crash of another server process"},
                {"57P03", "the database system is shutting down"},
                {"08006", "connection failure"},
                {"53300", "sorry, too many clients already"}}) {
            ApiError e = classify(new PgException(state[1], "FATAL", state[0], null));
            assertEquals(ErrorKind.UNAVAILABLE, e.kind(), state[0]);
            assertEquals(503, e.status());
            assertTrue(e.retryAfterSeconds() > 0, "Retry-After for " + state[0]);
        }
    }

    @Test
    void aConnectionLostOrRefusedIsUnavailable() {
        for (Throwable t : new Throwable[] {
                ClosedConnectionException.INSTANCE,
                new SocketException("Connection reset"),
                new IOException("Broken pipe"),
                new ConnectException("Connection refused: localhost/127.0.0.1:5433"),
                new NoStackTraceThrowable("Connection is not active now, current status: CLOSED"),
                new VertxException("Connection was closed", true),
                new io.netty.channel.ConnectTimeoutException("connection timed out: localhost/127.0.0.1:5433"),
                new CircuitBreakerOpenException("open")}) {
            assertEquals(ErrorKind.UNAVAILABLE, classify(t).kind(), t.toString());
        }
    }

    @Test
    void aTransportSentenceOnAnotherTypeIsNotAConnectionLoss() {
        // only the transport types are read by their message: an application's own exception is an internal error
        for (Throwable t : new Throwable[] {
                new IllegalStateException("Connection reset"),
                new IllegalArgumentException("Connection is not active now"),
                new PgException("the database system is in recovery mode", "ERROR", "XX000", null)}) {
            assertEquals(ErrorKind.INTERNAL, classify(t).kind(), t.toString());
        }
    }

    @Test
    void aConstraintOrSyntaxErrorOfTheDatabaseIsStillAnInternalError() {
        // a bug of ours must page someone, not hide behind "retry later"
        ApiError e = classify(new PgException("relation \"x\" does not exist", "ERROR", "42P01", null));
        assertEquals(ErrorKind.INTERNAL, e.kind());
        assertEquals(ErrorKind.INTERNAL, classify(new PgException("check constraint", "ERROR", "23514", null)).kind());
        assertEquals(ErrorKind.INTERNAL, classify(new NullPointerException()).kind());
    }

    @Test
    void aChunkedBodyOverTheLimitIsTooLargeNotAFault() {
        ApiError e = classify(new IOException("Request too large"));
        assertEquals(ErrorKind.PAYLOAD_TOO_LARGE, e.kind());
        assertEquals(413, e.status());
        assertEquals(ErrorKind.INTERNAL, classify(new IOException("disk full")).kind());
    }

    @Test
    void theFirstApiErrorInTheChainWins() {
        ApiError thrown = ApiError.invalidFormat("consumerId", "must match");
        assertEquals(thrown, classify(thrown));
        assertFalse(classify(thrown).kind().equals(ErrorKind.INTERNAL));
    }
}
