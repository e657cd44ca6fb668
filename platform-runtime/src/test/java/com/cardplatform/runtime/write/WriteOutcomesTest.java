package com.cardplatform.runtime.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.ErrorKind;
import com.cardplatform.errors.ExceptionClassifier;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Which failures of a write leave its outcome unknown. The end-to-end proof (a real COMMIT lost by a real service)
 * is each service's WriteOutcomeTest; this pins the classification.
 */
class WriteOutcomesTest {

    private static ApiError outcomeOf(Uni<?> write) {
        try {
            WriteOutcomes.autocommit(write).await().indefinitely();
        } catch (RuntimeException e) {
            return ExceptionClassifier.classify(e);
        }
        throw new AssertionError("the write did not fail");
    }

    @Test
    void aStatementSentThenLostHasAnUnknownOutcome() {
        for (Throwable lost : new Throwable[] {
                ClosedConnectionException.INSTANCE,
                new SocketException("Connection reset"),
                new PgException("terminating connection due to administrator command", "FATAL", "57P01", null)}) {
            ApiError e = outcomeOf(Uni.createFrom().failure(new CompletionException(lost)));
            assertTrue(e.outcomeUnknown(), lost.toString());
            assertEquals(503, e.status());
            assertEquals(5, e.retryAfterSeconds());
            assertEquals(ApiError.OUTCOME_UNKNOWN, e.detail());
        }
    }

    @Test
    void aConnectionThatCouldNotBeHadSentNothing() {
        for (Throwable refused : new Throwable[] {
                new ConnectException("Connection refused: localhost/127.0.0.1:5432"),
                new PgException("the database system is starting up", "FATAL", "57P03", null),
                new PgException("sorry, too many clients already", "FATAL", "53300", null)}) {
            ApiError e = outcomeOf(Uni.createFrom().failure(refused));
            assertEquals(ErrorKind.UNAVAILABLE, e.kind(), refused.toString());
            assertFalse(e.outcomeUnknown(), "nothing was sent, an ordinary 503: " + refused);
        }
    }

    @Test
    void anAnswerOfTheDatabaseOrOfTheServiceIsNotAnUnknownOutcome() {
        // PostgreSQL refused the statement: it did not commit
        ApiError constraint = outcomeOf(Uni.createFrom().failure(new PgException("duplicate key", "ERROR", "23505", null)));
        assertFalse(constraint.outcomeUnknown());
        ApiError refusal = ApiError.conflict("already there");
        assertSame(refusal, WriteOutcomes.lostDuringCommit(refusal));
    }

    @Test
    void aLostCommitIsUnknownAndAnythingElseDuringItStaysWhatItWas() {
        assertTrue(((ApiError) WriteOutcomes.lostDuringCommit(ClosedConnectionException.INSTANCE)).outcomeUnknown());
        IllegalStateException bug = new IllegalStateException("a bug");
        assertSame(bug, WriteOutcomes.lostDuringCommit(bug));
    }
}
