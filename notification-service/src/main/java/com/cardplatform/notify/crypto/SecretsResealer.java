package com.cardplatform.notify.crypto;

import com.cardplatform.guard.idempotency.IdempotencyKeys;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;

/**
 * The second half of a rotation of {@code platform.notify.secrets-key}: every stored secret (webhook endpoints'
 * current and previous signing secrets, issuers' OAuth client secrets, the kept answers of Idempotency-Keys that
 * show a new signing secret) that a previous key sealed is sealed again
 * with the current one. Each replica runs it at start when previous keys are configured; the UPDATE only replaces
 * the exact ciphertext it read, so replicas running it together, or a secret rotated meanwhile by its owner, are
 * harmless. Once the log says no secret remains under a previous key, the previous keys can be removed.
 */
@ApplicationScoped
public class SecretsResealer {

    /**
     * One sealed value: its table and column, the row's key (column names and values), the ciphertext read and the
     * identity it is bound to.
     */
    private record Sealed(String table, String column, List<String> keyColumns, List<Object> key, byte[] box,
            String boundTo) {
    }

    /** What a run did: re-sealed, already under the current key, not opened by any configured key. */
    public record Outcome(int resealed, int current, int unreadable) {
    }

    private final Pool pool;
    private final SecretBox box;

    public SecretsResealer(Pool pool, SecretBox box) {
        this.pool = pool;
        this.box = box;
    }

    void onStart(@Observes StartupEvent event) {
        if (!box.rotating()) {
            return;
        }
        // after the start, off the start's path: the service serves meanwhile (both keys open every secret)
        resealAll().subscribe().with(
                outcome -> Log.infof("Secrets key rotation: %d stored secrets re-sealed with platform.notify.secrets-key,"
                        + " %d already under it, %d opened by no configured key%s", outcome.resealed(),
                        outcome.current(), outcome.unreadable(), outcome.unreadable() == 0
                                ? "; platform.notify.previous-secrets-keys can be removed once every replica runs "
                                        + "with this key" : ""),
                failure -> Log.errorf("Secrets key rotation: re-sealing failed (%s); it runs again at the next start",
                        failure.getClass().getSimpleName()));
    }

    /** Re-seals every secret sealed with a previous key. */
    public Uni<Outcome> resealAll() {
        return sealedValues().onItem().transformToUni(values -> Multi.createFrom().iterable(values)
                .onItem().transformToUniAndConcatenate(this::reseal)
                .collect().asList()
                .map(results -> {
                    int resealed = 0;
                    int current = 0;
                    int unreadable = 0;
                    for (Integer r : results) {
                        if (r > 0) {
                            resealed++;
                        } else if (r == 0) {
                            current++;
                        } else {
                            unreadable++;
                        }
                    }
                    return new Outcome(resealed, current, unreadable);
                }));
    }

    private Uni<List<Sealed>> sealedValues() {
        Uni<List<Sealed>> endpoints = pool.query("SELECT endpoint_id, secret, previous_secret FROM notify.endpoints")
                .execute().map(rows -> {
                    List<Sealed> values = new ArrayList<>();
                    for (Row row : rows) {
                        Object id = row.getUUID("endpoint_id");
                        String bound = "endpoint:" + id;
                        values.add(new Sealed("notify.endpoints", "secret", List.of("endpoint_id"), List.of(id),
                                row.getBuffer("secret").getBytes(), bound));
                        Buffer previous = row.getBuffer("previous_secret");
                        if (previous != null) {
                            values.add(new Sealed("notify.endpoints", "previous_secret", List.of("endpoint_id"),
                                    List.of(id), previous.getBytes(), bound));
                        }
                    }
                    return values;
                });
        Uni<List<Sealed>> issuers = pool.query("SELECT issuer_id, client_secret FROM notify.issuers"
                + " WHERE client_secret IS NOT NULL").execute().map(rows -> {
                    List<Sealed> values = new ArrayList<>();
                    for (Row row : rows) {
                        String id = row.getString("issuer_id");
                        values.add(new Sealed("notify.issuers", "client_secret", List.of("issuer_id"), List.of(id),
                                row.getBuffer("client_secret").getBytes(), "issuer:" + id));
                    }
                    return values;
                });
        // the kept answers of Idempotency-Keys that hold a secret (partner-guard; IdempotentAnswerSealer)
        Uni<List<Sealed>> answers = pool.query("SELECT client_id, idempotency_key, response_body"
                + " FROM notify.idempotency_key WHERE response_sealed AND response_body IS NOT NULL").execute()
                .map(rows -> {
                    List<Sealed> values = new ArrayList<>();
                    for (Row row : rows) {
                        String client = row.getString("client_id");
                        String key = row.getString("idempotency_key");
                        values.add(new Sealed("notify.idempotency_key", "response_body",
                                List.of("client_id", "idempotency_key"), List.of(client, key),
                                row.getBuffer("response_body").getBytes(), IdempotencyKeys.boundTo(client, key)));
                    }
                    return values;
                });
        return Uni.combine().all().unis(endpoints, issuers, answers).with((a, b, c) -> {
            List<Sealed> all = new ArrayList<>(a);
            all.addAll(b);
            all.addAll(c);
            return all;
        });
    }

    /** 1 when re-sealed, 0 when already under the current key (or changed meanwhile), -1 when no key opens it. */
    private Uni<Integer> reseal(Sealed value) {
        byte[] fresh;
        try {
            fresh = box.resealed(value.box(), value.boundTo());
        } catch (IllegalStateException e) {
            Log.errorf("Secrets key rotation: the %s of %s opens with no configured key", value.column(),
                    value.boundTo());
            return Uni.createFrom().item(-1);
        }
        if (fresh == null) {
            return Uni.createFrom().item(0);
        }
        // the table and column names are this class's constants, never input; only the ciphertext read is replaced
        StringBuilder sql = new StringBuilder("UPDATE ").append(value.table()).append(" SET ").append(value.column())
                .append(" = $1 WHERE ").append(value.column()).append(" = $2");
        Tuple params = Tuple.tuple().addBuffer(Buffer.buffer(fresh)).addBuffer(Buffer.buffer(value.box()));
        for (int i = 0; i < value.keyColumns().size(); i++) {
            sql.append(" AND ").append(value.keyColumns().get(i)).append(" = $").append(i + 3);
            params.addValue(value.key().get(i));
        }
        return pool.preparedQuery(sql.toString()).execute(params).map(rows -> rows.rowCount() == 1 ? 1 : 0);
    }
}
