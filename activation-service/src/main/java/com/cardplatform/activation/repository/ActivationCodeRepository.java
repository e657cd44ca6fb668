package com.cardplatform.activation.repository;

import com.cardplatform.errors.ApiError;
import com.cardplatform.guard.idempotency.KeyInTheWrite;
import com.cardplatform.guard.idempotency.KeyInTheWrite.KeyRow;
import com.cardplatform.runtime.observability.Traceparent;
import com.cardplatform.runtime.write.WriteOutcomes;
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
 * statement that checks and counts). Each writes the events it causes (platform-events outbox) itself, one CTE
 * more, so an event exists exactly when its change does and no write costs a round trip more.
 */
@ApplicationScoped
public class ActivationCodeRepository {

    /** Event types of this service (platform-events); their payload is already the public data. */
    public static final String CODES_SET = "activation_codes.set";
    public static final String CODE_LOCKED = "activation_code.locked";
    /** The reason of {@value #CODE_LOCKED}: the only way a code gets locked here. */
    public static final String LOCKED_REASON = "TOO_MANY_FAILED_ATTEMPTS";

    /**
     * One statement for the whole request: three parallel arrays unnested into rows. A new code clears the
     * failed attempts and the lock. The rows arrive in the order of the arrays, and callers sort them by card,
     * so two requests touching the same cards lock them in the same order: the later one waits for the earlier
     * one to commit and then overwrites all the common cards (never a deadlock, never a mix).
     * <p>
     * A card whose row already is what the request would write (same keyed hash, no failed attempt, not locked) is
     * left as it is (the conflicting row is still locked, so the order above holds): the same batch sent again,
     * for instance after an unknown outcome, writes nothing, and so records no second event. The request's
     * {@value #CODES_SET} event is written by the same statement when it wrote at least one card: its own id
     * (a new uuid), the issuer, the number of cards written and their ids ({@code cardId} = proxy number, with the
     * quote number that completes it). Never a code or a hash. A keyed request's {@code Idempotency-Key} is kept by
     * the same statement, with the answer it gets (partner-guard's {@link KeyInTheWrite}, parameters 7 to 13): the
     * statement either succeeds whole or fails whole, so the key's row exists exactly when the codes are written.
     */
    static final String UPSERT = """
            WITH written AS (
                INSERT INTO activation.activation_codes AS a
                       (issuer_id, quote_number, proxy_number, code_hmac, failed_attempts, locked_at, updated_at)
                SELECT $1::text, t.quote_number, t.proxy_number, t.code_hmac, 0, NULL, now()
                  FROM unnest($2::varchar[], $3::varchar[], $4::bytea[]) AS t(quote_number, proxy_number, code_hmac)
                ON CONFLICT (issuer_id, quote_number, proxy_number) DO UPDATE
                   SET code_hmac = EXCLUDED.code_hmac, failed_attempts = 0, locked_at = NULL, updated_at = now(),
                       last_attempt_by_request = NULL
                 WHERE a.code_hmac IS DISTINCT FROM EXCLUDED.code_hmac OR a.failed_attempts <> 0
                    OR a.locked_at IS NOT NULL
                RETURNING a.quote_number, a.proxy_number)
            , event AS (
                INSERT INTO activation.outbox_event (event_type, tenant, entity_id, payload, correlation_id,
                                                     traceparent)
                SELECT 'activation_codes.set', 'issuer:' || $1::text, gen_random_uuid()::text,
                       jsonb_build_object('issuerId', $1::text, 'count', count(*),
                           'cards', jsonb_agg(jsonb_build_object('cardId', proxy_number, 'quoteNumber', quote_number)
                                              ORDER BY quote_number, proxy_number)),
                       $5::text, $6::text
                  FROM written HAVING count(*) > 0)
            , %s
            SELECT count(*) AS written FROM written
            """.formatted(KeyInTheWrite.cte("activation", 7, null));

    /**
     * One attempt, checked and counted atomically (the row lock serialises concurrent attempts on a card). A card
     * without a row gets one without a code, so that unknown cards count attempts and lock exactly like known
     * cards with a wrong code. Once locked, nothing changes until a new code is set: a locked row is not updated at
     * all, so the statement returns no row for it (LOCKED), and a row it returns as locked was locked by this very
     * attempt. That attempt writes the card's {@value #CODE_LOCKED} event in the same statement, once per lock,
     * and only for a card that has a code: the row of an unknown card locks only to look like a known one, it is
     * not a card of the issuer and nothing is announced for it.
     */
    static final String VERIFY = """
            WITH attempt AS (
                INSERT INTO activation.activation_codes AS a
                       (issuer_id, quote_number, proxy_number, code_hmac, failed_attempts, locked_at, updated_at,
                        last_attempt_by_request)
                VALUES ($1, $2, $3, NULL, 1, CASE WHEN $5 <= 1 THEN now() END, now(), $8)
                ON CONFLICT (issuer_id, quote_number, proxy_number) DO UPDATE
                   SET failed_attempts = CASE
                           WHEN a.code_hmac = $4 THEN 0
                           ELSE a.failed_attempts + 1 END,
                       locked_at = CASE
                           WHEN a.code_hmac = $4 THEN NULL
                           WHEN a.failed_attempts + 1 >= $5 THEN now()
                           ELSE NULL END,
                       last_attempt_by_request = $8
                 WHERE a.locked_at IS NULL
                   AND ($8::text IS NULL OR a.last_attempt_by_request IS DISTINCT FROM $8)
                RETURNING a.locked_at IS NOT NULL AS locked,
                          a.locked_at IS NULL AND COALESCE(a.code_hmac = $4, FALSE) AS matched,
                          a.issuer_id, a.quote_number, a.proxy_number, a.code_hmac IS NOT NULL AS has_code)
            , event AS (
                INSERT INTO activation.outbox_event (event_type, tenant, entity_id, payload, correlation_id,
                                                     traceparent)
                SELECT 'activation_code.locked', 'issuer:' || issuer_id, proxy_number,
                       jsonb_build_object('issuerId', issuer_id, 'cardId', proxy_number, 'quoteNumber', quote_number,
                                          'reason', 'TOO_MANY_FAILED_ATTEMPTS'),
                       $6::text, $7::text
                  FROM attempt WHERE locked AND has_code)
            SELECT locked, matched FROM attempt
            """;

    /**
     * A keyed attempt that {@link #VERIFY} did not count (the card was locked, or this request's attempt was already
     * counted: its repetition): the card as it stands. A statement of its own, so that its snapshot sees an attempt
     * committed while {@link #VERIFY} waited for the card's row.
     */
    static final String REPEATED = """
            SELECT locked_at IS NOT NULL AS locked, locked_at IS NULL AND COALESCE(code_hmac = $4, FALSE) AS matched
              FROM activation.activation_codes
             WHERE issuer_id = $1 AND quote_number = $2 AND proxy_number = $3
            """;

    private final Pool pool;

    public ActivationCodeRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Writes every card's hash in one transaction with one statement, with the request's event; returns the number
     * of rows written (a card that already had exactly this is not rewritten). A lost
     * connection before the COMMIT was sent rolled everything back (an ordinary 503); lost during the COMMIT, the
     * outcome is unknown ({@link WriteOutcomes#inTransaction}): the upsert makes the same request, sent again,
     * write the same rows and answer the same result.
     */
    public Uni<Integer> upsertAll(String issuerId, String[] quoteNumbers, String[] proxyNumbers, byte[][] hashes,
            String correlationId, KeyRow key) {
        Buffer[] buffers = new Buffer[hashes.length];
        for (int i = 0; i < hashes.length; i++) {
            buffers[i] = Buffer.buffer(hashes[i]);
        }
        Tuple parameters = key.addTo(Tuple.of(issuerId, quoteNumbers, proxyNumbers, buffers, correlationId,
                Traceparent.current()));
        return key.keptWith(WriteOutcomes.inTransaction(pool, connection -> connection
                        .preparedQuery(UPSERT)
                        .execute(parameters)))
                .map(rows -> rows.iterator().next().getLong("written").intValue());
    }

    /**
     * Checks one attempt and counts it; the outcome as the database decided it. One statement that commits by
     * itself: once sent, a lost connection leaves its outcome unknown (the attempt may have been counted). A
     * repetition without a key is counted as a new attempt, no more. A keyed attempt records its request's token
     * ({@code byRequest}, partner-guard's KeyedRequest): when it is the card's last counted attempt already, the
     * repetition is answered as the card stands (locked, or the code compared) and not counted again.
     */
    public Uni<Outcome> verify(String issuerId, String quoteNumber, String proxyNumber, byte[] hash,
            int maxFailedAttempts, String correlationId, String byRequest) {
        Tuple parameters = Tuple.of(issuerId, quoteNumber, proxyNumber, Buffer.buffer(hash), maxFailedAttempts,
                correlationId).addString(Traceparent.current()).addString(byRequest);
        return WriteOutcomes.autocommit(pool.preparedQuery(VERIFY).execute(parameters))
                .flatMap(rows -> rows.size() > 0 || byRequest == null
                        ? Uni.createFrom().item(outcome(rows))
                        // any failure of this read leaves the answer unknown, which keeps the key bound to this
                        // request (and its token) for the next repetition: a release would let it be counted again
                        : pool.preparedQuery(REPEATED)
                                .execute(Tuple.of(issuerId, quoteNumber, proxyNumber, Buffer.buffer(hash)))
                                .onFailure().transform(ApiError::outcomeUnknown)
                                .map(ActivationCodeRepository::outcome));
    }

    private static Outcome outcome(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Outcome.LOCKED; // locked before this attempt: the row was left as it is
        }
        Row row = rows.iterator().next();
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
