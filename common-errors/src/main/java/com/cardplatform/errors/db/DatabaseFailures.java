package com.cardplatform.errors.db;

import io.vertx.pgclient.PgException;
import java.sql.SQLException;
import java.util.function.Predicate;
import org.hibernate.JDBCException;

/**
 * What PostgreSQL says about a failure, read from the SQLSTATE that the drivers carry (never from message text):
 * the reactive client's {@link PgException#getSqlState()}, Hibernate's {@link JDBCException#getSQLState()} and JDBC's
 * {@link SQLException#getSQLState()}, anywhere in the cause chain (Hibernate Reactive and Mutiny wrap them).
 */
public final class DatabaseFailures {

    /** {@code unique_violation}: a row with this key already exists (e.g. two concurrent creations). */
    public static final String UNIQUE_VIOLATION = "23505";

    private DatabaseFailures() {
    }

    /** Whether the failure is (or was caused by) a unique violation. */
    public static boolean uniqueViolation(Throwable failure) {
        return anySqlState(failure, UNIQUE_VIOLATION::equals);
    }

    /**
     * Whether a SQLSTATE means "the database is going away or not there yet": admin shutdown 57P01, crash shutdown
     * 57P02, cannot connect now 57P03, database dropped 57P04, the connection exceptions of class 08, too many
     * connections 53300. A request caught by a restart is retryable, not an internal error.
     */
    public static boolean databaseUnavailable(String sqlState) {
        return sqlState != null && (sqlState.matches("57P0[1-4]") || sqlState.startsWith("08") || sqlState.equals("53300"));
    }

    /** Whether any SQLSTATE in the cause chain satisfies {@code test}. */
    public static boolean anySqlState(Throwable failure, Predicate<String> test) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 12; depth++, t = t.getCause()) {
            String state = sqlState(t);
            if (state != null && test.test(state)) {
                return true;
            }
        }
        return false;
    }

    /** The SQLSTATE of this one throwable (not its causes), or null. */
    public static String sqlState(Throwable t) {
        if (t instanceof PgException pg) {
            return pg.getSqlState();
        }
        if (t instanceof JDBCException jdbc) {
            return jdbc.getSQLState();
        }
        if (t instanceof SQLException sql) {
            return sql.getSQLState();
        }
        return null;
    }
}
