package com.cardplatform.activation.repository;

import com.cardplatform.errors.write.WriteOutcomes;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The two statements of the service, on the reactive pool directly: a bulk upsert of a whole request (one
 * statement, one transaction, whatever the number of records) and the verification of one attempt (one atomic
 * statement that checks and counts).
 */
@ApplicationScoped
public class ActivationCodeRepository {

    /**
     * One statement for the whole request: three parallel arrays unnested into rows. A new code clears the
     * failed attempts and the lock. The rows arrive in the order of the arrays, and callers sort them by card,
     * so two requests touching the same cards lock them in the same order: the later one waits for the earlier
     * one to commit and then overwrites all the common cards (never a deadlock, never a mix).
     */
    static final String UPSERT = """
            INSERT INTO activation.activation_codes AS a
                   (issuer_id, quote_number, proxy_number, code_hmac, failed_attempts, locked_at, updated_at)
            SELECT $1, t.quote_number, t.proxy_number, t.code_hmac, 0, NULL, now()
              FROM unnest($2::varchar[], $3::varchar[], $4::bytea[]) AS t(quote_number, proxy_number, code_hmac)
            ON CONFLICT (issuer_id, quote_number, proxy_number) DO UPDATE
               SET code_hmac = EXCLUDED.code_hmac, failed_attempts = 0, locked_at = NULL, updated_at = now()
            """;

    /**
     * One attempt, checked and counted atomically (the row lock serialises concurrent attempts on a card). A card
     * without a row gets one without a code, so that unknown cards count attempts and lock exactly like known
     * cards with a wrong code. Once locked, nothing changes until a new code is set.
     */
    static final String VERIFY = """
            INSERT INTO activation.activation_codes AS a
                   (issuer_id, quote_number, proxy_number, code_hmac, failed_attempts, locked_at, updated_at)
            VALUES ($1, $2, $3, NULL, 1, CASE WHEN $5 <= 1 THEN now() END, now())
            ON CONFLICT (issuer_id, quote_number, proxy_number) DO UPDATE
               SET failed_attempts = CASE
                       WHEN a.locked_at IS NOT NULL THEN a.failed_attempts
                       WHEN a.code_hmac = $4 THEN 0
                       ELSE a.failed_attempts + 1 END,
                   locked_at = CASE
                       WHEN a.locked_at IS NOT NULL THEN a.locked_at
                       WHEN a.code_hmac = $4 THEN NULL
                       WHEN a.failed_attempts + 1 >= $5 THEN now()
                       ELSE NULL END
            RETURNING a.locked_at IS NOT NULL AS locked,
                      a.locked_at IS NULL AND COALESCE(a.code_hmac = $4, FALSE) AS matched
            """;

    private final Pool pool;

    public ActivationCodeRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Writes every card's hash in one transaction with one statement; returns the number of rows written. A lost
     * connection before the COMMIT was sent rolled everything back (an ordinary 503); lost during the COMMIT, the
     * outcome is unknown ({@link WriteOutcomes#inTransaction}): the upsert makes the same request, sent again,
     * write the same rows and answer the same result.
     */
    public Uni<Integer> upsertAll(String issuerId, String[] quoteNumbers, String[] proxyNumbers, byte[][] hashes) {
        Buffer[] buffers = new Buffer[hashes.length];
        for (int i = 0; i < hashes.length; i++) {
            buffers[i] = Buffer.buffer(hashes[i]);
        }
        Tuple parameters = Tuple.of(issuerId, quoteNumbers, proxyNumbers, buffers);
        return WriteOutcomes.inTransaction(pool, connection -> connection
                        .preparedQuery(UPSERT)
                        .execute(parameters))
                .map(RowSet::rowCount);
    }

    /**
     * Checks one attempt and counts it; the outcome as the database decided it. One statement that commits by
     * itself: once sent, a lost connection leaves its outcome unknown (the attempt may have been counted), and a
     * repetition is counted as a new attempt, no more.
     */
    public Uni<Outcome> verify(String issuerId, String quoteNumber, String proxyNumber, byte[] hash,
            int maxFailedAttempts) {
        Tuple parameters = Tuple.of(issuerId, quoteNumber, proxyNumber, Buffer.buffer(hash), maxFailedAttempts);
        return WriteOutcomes.autocommit(pool.preparedQuery(VERIFY).execute(parameters))
                .map(rows -> rows.iterator().next())
                .map(ActivationCodeRepository::outcome);
    }

    private static Outcome outcome(Row row) {
        if (Boolean.TRUE.equals(row.getBoolean("locked"))) {
            return Outcome.LOCKED;
        }
        return Boolean.TRUE.equals(row.getBoolean("matched")) ? Outcome.MATCH : Outcome.NO_MATCH;
    }

    /** What one verification attempt found. */
    public enum Outcome {
        MATCH, NO_MATCH, LOCKED
    }
}
