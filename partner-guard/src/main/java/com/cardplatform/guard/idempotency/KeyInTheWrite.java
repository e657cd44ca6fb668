package com.cardplatform.guard.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;

/**
 * The {@code Idempotency-Key} of a {@link KeptByItsWrite} request, kept by the write's own statement: one row more in
 * a statement the write sends anyway, instead of the guard's claim before the write and its kept answer after it
 * (two row writes in statements of their own, a hand-over to the guard's connection and back). A keyed write costs
 * about half as much more than a plain one this way (bench/results/idempotency.md).
 *
 * <p>For a write of one statement whose successful answer is known before it runs. The resource names that answer
 * ({@link #answering}); the statement inserts the key's row, already {@code DONE} with that answer, in a
 * data-modifying {@code WITH} of its own ({@link #cte}), only when the write succeeds (its condition), so that the row
 * exists exactly when the change does: a failure rolls both back, and a connection lost once the statement was sent
 * leaves either both or neither, so the repetition finds the row (a replay) or runs. A second request with the key
 * waits for the first one's row and fails on the table's unique key, which rolls its own change back
 * ({@link KeyRow#keptWith}); the guard then answers it as it answers any key already used: the kept answer replayed,
 * 422 for another request, 409 while a claim of another write holds the key. The partner gets exactly the bytes that
 * were kept.</p>
 */
@ApplicationScoped
public class KeyInTheWrite {

    /*
     * The row's claim is the nil UUID: a claim names a request that may still keep or release the key, and a row kept
     * by its write is done when it exists (no random value to draw for it).
     */

    /** The parameters of {@link #cte}, in the order {@link KeyRow#addTo} adds them. */
    public static final int PARAMETERS = 7;
    static final String ANSWER = KeyInTheWrite.class.getName() + ".answer";
    private static final String PRIMARY_KEY = "idempotency_key_pkey";

    /** The key of a {@link KeptByItsWrite} request, before its write: who, which key, which request. */
    record Pending(String clientId, String key, byte[] fingerprint) {
    }

    private final ObjectMapper json;
    private final IdempotencyStore store;

    public KeyInTheWrite(ObjectMapper json, IdempotencyStore store) {
        this.json = json;
        this.store = store;
    }

    /**
     * A data-modifying {@code WITH} element named {@code kept_key}, for a statement that already has a {@code WITH}:
     * the key's row of the table in {@code schema}, inserted when parameter {@code $first} (the client) is not null
     * and {@code condition} (SQL over the statement's other elements, null for none) holds: when the write succeeds.
     * Parameters {@code $first} to {@code $first + 6}, as {@link KeyRow#addTo} gives them.
     */
    public static String cte(String schema, int first, String condition) {
        String p = "$";
        return "kept_key AS (INSERT INTO " + schema + ".idempotency_key (client_id, idempotency_key, fingerprint, claim,"
                + " state, response_status, response_headers, response_body, expires_at) SELECT " + p + first
                + "::text, " + p + (first + 1) + "::text, " + p + (first + 2) + "::bytea,"
                + " '00000000-0000-0000-0000-000000000000', 'DONE', "
                + p + (first + 3) + "::int, " + p + (first + 4) + "::text::jsonb, " + p + (first + 5) + "::bytea,"
                + " now() + make_interval(secs => " + p + (first + 6) + "::float8) WHERE " + p + first
                + "::text IS NOT NULL" + (condition == null ? "" : " AND (" + condition + ")") + ")";
    }

    /**
     * {@link #cte} for a statement run by Hibernate: named parameters ({@code :keyClient}, {@code :keyName},
     * {@code :keyFingerprint}, {@code :keyStatus}, {@code :keyHeaders}, {@code :keyBody}, {@code :keyRetention}, as
     * {@link KeyRow#namedValues} gives them), {@code CAST} instead of {@code ::} (Hibernate would read a parameter
     * there), and no condition: for the keyed statement of a write that runs another one without a key. Returns
     * {@code 1}, so that the write can select from it and run only once the key's row is in (a key already used fails
     * the statement before the write changed anything).
     */
    public static String namedCte(String schema) {
        return "kept_key AS (INSERT INTO " + schema + ".idempotency_key (client_id, idempotency_key, fingerprint, claim,"
                + " state, response_status, response_headers, response_body, expires_at) VALUES (:keyClient, :keyName,"
                + " :keyFingerprint, '00000000-0000-0000-0000-000000000000', 'DONE', :keyStatus,"
                + " CAST(CAST(:keyHeaders AS text) AS jsonb), :keyBody,"
                + " now() + CAST(:keyRetention AS float8) * interval '1 second') RETURNING 1 AS kept)";
    }

    /**
     * The key's row of the request being served, answering {@code status} with {@code entity} (null for no body) as
     * JSON when the write succeeds; {@link KeyRow#NONE} for a request without a key (or a method not marked
     * {@link KeptByItsWrite}). Call it on the request's own thread, before the first asynchronous step. When the
     * statement kept the row ({@link KeyRow#keptWith}) and the resource answers {@code status}, the partner gets the
     * bytes rendered here, so the answer and its replay are the same bytes.
     */
    public KeyRow answering(int status, Object entity) {
        return answering(status, entity, Map.of());
    }

    /** {@link #answering(int, Object)} with headers that are part of the answer ({@code Location}). */
    public KeyRow answering(int status, Object entity, Map<String, String> headers) {
        ResteasyReactiveRequestContext request = CurrentRequestManager.get();
        if (request == null || !(request.getProperty(IdempotencyKeys.PENDING) instanceof Pending pending)) {
            return KeyRow.NONE;
        }
        if (Boolean.TRUE.equals(request.getProperty(IdempotencyKeys.HOLDS_SECRET))) {
            // such an answer is kept only sealed, by the guard's own kept answer
            throw new IllegalStateException("A @KeptByItsWrite method cannot answer a secret (@AnswerHoldsSecret)");
        }
        byte[] body;
        try {
            body = entity == null ? new byte[0] : json.writeValueAsBytes(entity);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> kept = new LinkedHashMap<>();
        if (body.length > 0) {
            kept.put("Content-Type", MediaType.APPLICATION_JSON);
        }
        kept.putAll(headers);
        KeyRow row = new KeyRow(pending, new StoredAnswer(status, kept, body, false), store.retentionSeconds());
        request.setProperty(ANSWER, row);
        return row;
    }

    /** The values of a statement's key row, or nulls: then it inserts nothing. */
    public static final class KeyRow {

        /** No key: the statement's key row inserts nothing. */
        public static final KeyRow NONE = new KeyRow(null, null, 0);

        private final Pending pending;
        private final StoredAnswer answer;
        private final double retentionSeconds;
        /** The statement succeeded: the row is kept (once committed) and the answer is the one to send. */
        private volatile boolean written;

        private KeyRow(Pending pending, StoredAnswer answer, double retentionSeconds) {
            this.pending = pending;
            this.answer = answer;
            this.retentionSeconds = retentionSeconds;
        }

        /** Adds the {@link #PARAMETERS} values of {@link #cte} to the statement's parameters. */
        public Tuple addTo(Tuple parameters) {
            if (pending == null) {
                for (int i = 0; i < PARAMETERS; i++) {
                    parameters.addValue(null);
                }
                return parameters;
            }
            // no headers kept for a JSON body alone: a replay answers application/json by default (no jsonb to parse)
            boolean jsonOnly = answer.headers().isEmpty() || answer.headers().size() == 1
                    && MediaType.APPLICATION_JSON.equals(answer.headers().get("Content-Type"));
            return parameters.addString(pending.clientId()).addString(pending.key())
                    .addValue(Buffer.buffer(pending.fingerprint())).addInteger(answer.status())
                    .addString(jsonOnly ? null : headersJson()).addValue(Buffer.buffer(answer.body()))
                    .addDouble(retentionSeconds);
        }

        /** Whether the request has a key: its statement must keep it. */
        public boolean present() {
            return pending != null;
        }

        /** The values of {@link #namedCte}'s parameters, by name; only for a request with a key. */
        public Map<String, Object> namedValues() {
            if (pending == null) {
                throw new IllegalStateException("A request without an Idempotency-Key has no key row");
            }
            return Map.of("keyClient", pending.clientId(), "keyName", pending.key(), "keyFingerprint",
                    pending.fingerprint(), "keyStatus", answer.status(), "keyHeaders", headersJson(),
                    "keyBody", answer.body(), "keyRetention", retentionSeconds);
        }

        private String headersJson() {
            JsonObject headers = new JsonObject();
            answer.headers().forEach(headers::put);
            return headers.encode();
        }

        /** The answer kept with the key, when the statement succeeded; null before, or after a failure. */
        StoredAnswer writtenAnswer() {
            return written ? answer : null;
        }

        /**
         * The statement that keeps this row: on success the answer is the one kept; its failure because the key's
         * row is already there (another request with the key, the same or not) becomes {@link IdempotencyKeyTaken}:
         * the statement rolled back, and the guard answers the request from that row.
         */
        public <T> Uni<T> keptWith(Uni<T> statement) {
            if (pending == null) {
                return statement;
            }
            return statement.invoke(() -> written = true).onFailure(KeyRow::keyTaken)
                    .transform(failure -> new IdempotencyKeyTaken(pending.clientId(), pending.key(),
                            pending.fingerprint()));
        }

        /**
         * The key table's unique key violated: the reactive client's own failure, or Hibernate's (a JDBC exception
         * whose cause is an {@link SQLException} carrying PostgreSQL's SQLSTATE and message, not the client's).
         */
        private static boolean keyTaken(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof PgException pg) {
                    return "23505".equals(pg.getSqlState()) && PRIMARY_KEY.equals(pg.getConstraint());
                }
                if (t instanceof SQLException sql) {
                    return "23505".equals(sql.getSQLState()) && sql.getMessage() != null
                            && sql.getMessage().contains("\"" + PRIMARY_KEY + "\"");
                }
            }
            return false;
        }
    }
}
