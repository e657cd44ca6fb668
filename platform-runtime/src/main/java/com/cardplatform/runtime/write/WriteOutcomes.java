package com.cardplatform.runtime.write;

import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.ErrorKind;
import com.cardplatform.errors.ExceptionClassifier;
import io.netty.channel.ConnectTimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Writes on the raw reactive pool with the guarantee of {@link WriteTransaction}: a 503 means nothing was
 * written, except where the connection was lost once the change had been sent to be committed, which is answered
 * as {@link ApiError#outcomeUnknown}.
 */
public final class WriteOutcomes {

    private WriteOutcomes() {
    }

    /** {@code work} in one transaction of {@code pool}; a connection lost during its COMMIT: outcome unknown. */
    public static <T> Uni<T> inTransaction(Pool pool, Function<SqlConnection, Uni<T>> work) {
        AtomicBoolean committing = new AtomicBoolean();
        return pool.withTransaction(connection -> work.apply(connection).invoke(() -> committing.set(true)))
                .onFailure(failure -> committing.get())
                .transform(WriteOutcomes::lostDuringCommit);
    }

    /**
     * One statement that commits by itself (autocommit). Once it was sent, a lost connection leaves its outcome
     * unknown; a connection that could not be had (refused, pool exhausted) sent nothing.
     */
    public static <T> Uni<T> autocommit(Uni<T> statement) {
        return statement.onFailure(WriteOutcomes::sentThenLost).transform(ApiError::outcomeUnknown);
    }

    /** A failure after the COMMIT was sent: outcome unknown when it is the connection's loss, else as it was. */
    static Throwable lostDuringCommit(Throwable failure) {
        return connectionLost(failure) ? ApiError.outcomeUnknown(failure) : failure;
    }

    private static boolean sentThenLost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof ConnectionPoolTooBusyException
                    || t instanceof ConnectTimeoutException
                    || t instanceof PgException pg && REFUSED_AT_CONNECT.contains(pg.getSqlState())) {
                return false;
            }
        }
        return connectionLost(failure);
    }

    /**
     * SQLSTATEs with which PostgreSQL refuses a new connection (starting up or shutting down, too many clients):
     * the statement was never sent.
     */
    private static final Set<String> REFUSED_AT_CONNECT = Set.of("57P03", "53300");

    /** The database went away under the request (what the classifier answers as 503), not an answer of its own. */
    private static boolean connectionLost(Throwable failure) {
        if (failure instanceof ApiError) {
            return false; // the service's own answer (a conflict, a refusal): PostgreSQL did not commit
        }
        return ExceptionClassifier.classify(failure).kind() == ErrorKind.UNAVAILABLE;
    }
}
