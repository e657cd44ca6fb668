package com.cardplatform.notify.repository;

import static com.cardplatform.notify.repository.DeliveryStore.instant;
import static com.cardplatform.notify.repository.DeliveryStore.utc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.cardplatform.errors.ApiError;
import com.cardplatform.runtime.write.WriteOutcomes;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The SQL of the APIs: ingestion (one statement: events and their fan-out), endpoints, issuers, event history. */
@ApplicationScoped
public class NotifyRepository {

    /** The event types delivered to D1 issuers as Notify Card Operations. */
    public static final List<String> D1_TYPES = List.of("tracking.operation.updated", "consumer.operation.updated");

    /*
     * One statement: the new events (a repeated id is skipped, also within the request) and, for those alone, a
     * delivery per subscribed endpoint of the tenant and per enabled D1 issuer configuration. Either all of it is
     * committed or none: an event is never stored without its deliveries.
     */
    private static final String INGEST = "WITH input AS ("
            + " SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::timestamptz[],"
            + " $7::text[], $8::text[], $9::text[]) AS t(event_id, type, tenant, entity_id, sequence, occurred_at,"
            + " correlation_id, traceparent, data)),"
            + " ins AS (INSERT INTO notify.events (event_id, type, tenant, entity_id, sequence, occurred_at,"
            + " correlation_id, traceparent, data)"
            + " SELECT DISTINCT ON (event_id) event_id, type, tenant, entity_id, sequence, occurred_at, correlation_id,"
            + " traceparent, data::jsonb FROM input ORDER BY event_id"
            + " ON CONFLICT (event_id) DO NOTHING RETURNING event_id, type, tenant),"
            + " web AS (INSERT INTO notify.deliveries (event_id, endpoint_id)"
            + " SELECT ins.event_id, e.endpoint_id FROM ins JOIN notify.endpoints e ON e.tenant = ins.tenant"
            + " AND NOT e.disabled AND (ins.type = ANY (e.event_types) OR '*' = ANY (e.event_types)) RETURNING 1),"
            + " d1 AS (INSERT INTO notify.deliveries (event_id, issuer_id)"
            + " SELECT ins.event_id, i.issuer_id FROM ins JOIN notify.issuers i"
            + " ON ins.tenant = 'issuer:' || i.issuer_id AND i.enabled"
            + " AND ins.type IN ('tracking.operation.updated', 'consumer.operation.updated') RETURNING 1)"
            + " SELECT (SELECT count(*) FROM ins) AS accepted,"
            + " (SELECT count(*) FROM web) + (SELECT count(*) FROM d1) AS deliveries";

    private static final String ENDPOINT_COLUMNS = "endpoint_id, url, event_types, description, disabled, disabled_at,"
            + " disabled_reason, created_at, updated_at";

    private final Pool pool;

    public NotifyRepository(Pool pool) {
        this.pool = pool;
    }

    // ---- ingestion ----------------------------------------------------------------------------------------

    public record NewEvent(UUID id, String type, String tenant, String entityId, long sequence,
            OffsetDateTime occurredAt, String correlationId, String traceparent, String dataJson) {
    }

    public record Ingested(long accepted, long deliveries) {
    }

    public Uni<Ingested> ingest(List<NewEvent> events) {
        int n = events.size();
        UUID[] ids = new UUID[n];
        String[] types = new String[n];
        String[] tenants = new String[n];
        String[] entities = new String[n];
        Long[] sequences = new Long[n];
        OffsetDateTime[] occurred = new OffsetDateTime[n];
        String[] correlations = new String[n];
        String[] traceparents = new String[n];
        String[] data = new String[n];
        for (int i = 0; i < n; i++) {
            NewEvent e = events.get(i);
            ids[i] = e.id();
            types[i] = e.type();
            tenants[i] = e.tenant();
            entities[i] = e.entityId();
            sequences[i] = e.sequence();
            occurred[i] = e.occurredAt();
            correlations[i] = e.correlationId();
            traceparents[i] = e.traceparent();
            data[i] = e.dataJson();
        }
        return pool.preparedQuery(INGEST)
                .execute(Tuple.from(new Object[] {ids, types, tenants, entities, sequences, occurred, correlations,
                        traceparents, data}))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Ingested(row.getLong("accepted"), row.getLong("deliveries"));
                });
    }

    // ---- endpoints ----------------------------------------------------------------------------------------

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Endpoint(String id, String url, List<String> eventTypes, String description, boolean disabled,
            Instant disabledAt, String disabledReason, Instant createdAt, Instant updatedAt, String secret) {

        public Endpoint withSecret(String shownOnce) {
            return new Endpoint(id, url, eventTypes, description, disabled, disabledAt, disabledReason, createdAt,
                    updatedAt, shownOnce);
        }

        /** Never the signing secret (shown once, in the answer to its creation or rotation only). */
        @Override
        public String toString() {
            return "Endpoint[id=" + id + ", url=" + url + ", eventTypes=" + eventTypes + ", disabled=" + disabled
                    + ", secret=" + (secret == null ? "null" : "(hidden)") + "]";
        }
    }

    /**
     * A new endpoint; or, when {@code byRequest} (a keyed request's token) already created one, that endpoint with its
     * current secret still sealed ({@link Written#keptSecret}): the repetition of a creation whose answer was lost.
     * Empty only when the endpoint that request created was deleted between the two statements (deleted before, its
     * token is gone with it, and the repetition creates a new endpoint).
     */
    public Uni<Optional<Written>> createEndpoint(UUID id, String tenant, String url, List<String> types, String description,
            byte[] secret, Instant now, String byRequest) {
        // one statement that commits by itself: a connection lost once it was sent is an unknown outcome, which keeps
        // the key bound to this request (and so its token) for the repetition
        return WriteOutcomes.autocommit(pool.preparedQuery(CREATE)
                        .execute(Tuple.from(new Object[] {id, tenant, url, types.toArray(String[]::new), description,
                                Buffer.buffer(secret), utc(now), byRequest})))
                .flatMap(rows -> rows.iterator().hasNext() || byRequest == null
                        ? Uni.createFrom().item(written(rows))
                        : byRequest(CREATED_BY, tenant, byRequest));
    }

    /*
     * The insert, or nothing when the request's token is already there: the creation it made was committed before
     * (ON CONFLICT waits for one in progress), and is read by a statement of its own (byRequest), whose snapshot sees it.
     */
    private static final String CREATE = "INSERT INTO notify.endpoints (endpoint_id, tenant, url,"
            + " event_types, description, secret, created_at, updated_at, created_by_request)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)"
            + " ON CONFLICT (created_by_request) WHERE created_by_request IS NOT NULL DO NOTHING"
            + " RETURNING " + ENDPOINT_COLUMNS + ", NULL::bytea AS kept_secret";

    private static final String CREATED_BY = "SELECT " + ENDPOINT_COLUMNS + ", secret AS kept_secret"
            + " FROM notify.endpoints WHERE tenant = $1 AND created_by_request = $2";

    private static final String ROTATED_BY = "SELECT " + ENDPOINT_COLUMNS + ", secret AS kept_secret"
            + " FROM notify.endpoints WHERE tenant = $1 AND endpoint_id = $3 AND rotated_by_request = $2";

    /** The endpoint that the keyed request {@code byRequest} created or rotated, with its secret still sealed. */
    private Uni<Optional<Written>> byRequest(String sql, String tenant, String byRequest, Object... more) {
        Tuple parameters = Tuple.of(tenant, byRequest);
        for (Object value : more) {
            parameters.addValue(value);
        }
        // the first run committed: any failure of this read leaves the answer unknown, which keeps the key bound to
        // this request (and its token) for the next repetition; a release would let it create or rotate again
        return pool.preparedQuery(sql).execute(parameters).onFailure().transform(ApiError::outcomeUnknown)
                .map(NotifyRepository::written);
    }

    /** An endpoint as a write left it; {@code keptSecret}: sealed, when the write was a repetition that changed nothing. */
    public record Written(Endpoint endpoint, byte[] keptSecret) {
    }

    private static Optional<Written> written(RowSet<Row> rows) {
        if (!rows.iterator().hasNext()) {
            return Optional.empty();
        }
        Row row = rows.iterator().next();
        var kept = row.getBuffer("kept_secret");
        return Optional.of(new Written(endpoint(row), kept == null ? null : kept.getBytes()));
    }

    public Uni<List<Endpoint>> listEndpoints(String tenant) {
        return pool.preparedQuery("SELECT " + ENDPOINT_COLUMNS + " FROM notify.endpoints WHERE tenant = $1"
                        + " ORDER BY created_at, endpoint_id")
                .execute(Tuple.of(tenant))
                .map(rows -> {
                    List<Endpoint> list = new ArrayList<>();
                    rows.forEach(row -> list.add(endpoint(row)));
                    return list;
                });
    }

    public Uni<Optional<Endpoint>> findEndpoint(String tenant, UUID id) {
        return pool.preparedQuery("SELECT " + ENDPOINT_COLUMNS + " FROM notify.endpoints"
                        + " WHERE tenant = $1 AND endpoint_id = $2")
                .execute(Tuple.of(tenant, id))
                .map(NotifyRepository::firstEndpoint);
    }

    /*
     * Re-enabling resumes the deliveries paused while the endpoint was disabled, with a fresh retry window;
     * disabling pauses its pending ones. Both in the statement that changes the endpoint.
     */
    private static final String PATCH = "WITH before AS (SELECT endpoint_id, disabled FROM notify.endpoints"
            + " WHERE tenant = $1 AND endpoint_id = $2 FOR UPDATE),"
            + " upd AS (UPDATE notify.endpoints e SET url = COALESCE($3, e.url),"
            + " event_types = COALESCE($4, e.event_types),"
            + " description = CASE WHEN $5 THEN $6 ELSE e.description END,"
            + " disabled = COALESCE($7, e.disabled),"
            + " disabled_at = CASE WHEN $7 IS NULL THEN e.disabled_at WHEN $7 THEN COALESCE(e.disabled_at, $8) END,"
            + " disabled_reason = CASE WHEN $7 IS NULL THEN e.disabled_reason WHEN $7"
            + " THEN COALESCE(e.disabled_reason, 'disabled by the partner') END,"
            + " failing_since = CASE WHEN $7 = false THEN NULL ELSE e.failing_since END,"
            + " updated_at = $8 FROM before WHERE e.endpoint_id = before.endpoint_id"
            + " RETURNING e.endpoint_id, e.url, e.event_types, e.description, e.disabled, e.disabled_at,"
            + " e.disabled_reason, e.created_at, e.updated_at, before.disabled AS was_disabled),"
            + " resumed AS (UPDATE notify.deliveries d SET status = 'PENDING', next_attempt_at = $8, created_at = $8"
            + " FROM upd WHERE d.endpoint_id = upd.endpoint_id AND d.status = 'PAUSED' AND NOT upd.disabled),"
            + " paused AS (UPDATE notify.deliveries d SET status = 'PAUSED'"
            + " FROM upd WHERE d.endpoint_id = upd.endpoint_id AND d.status = 'PENDING' AND upd.disabled"
            + " AND NOT upd.was_disabled)"
            + " SELECT * FROM upd";

    public Uni<Optional<Endpoint>> patchEndpoint(String tenant, UUID id, String url, List<String> types,
            boolean descriptionGiven, String description, Boolean disabled, Instant now) {
        return pool.preparedQuery(PATCH)
                .execute(Tuple.from(new Object[] {tenant, id, url, types == null ? null : types.toArray(String[]::new),
                        descriptionGiven, description, disabled, utc(now)}))
                .map(NotifyRepository::firstEndpoint);
    }

    public Uni<Boolean> deleteEndpoint(String tenant, UUID id) {
        return pool.preparedQuery("DELETE FROM notify.endpoints WHERE tenant = $1 AND endpoint_id = $2")
                .execute(Tuple.of(tenant, id))
                .map(rows -> rows.rowCount() > 0);
    }

    /**
     * The current secret becomes the previous one (signing beside the new one until {@code previousUntil}); or, when
     * {@code byRequest} (a keyed request's token) was the last rotation, nothing changes and the endpoint comes back
     * with its current secret still sealed ({@link Written#keptSecret}).
     */
    public Uni<Optional<Written>> rotateSecret(String tenant, UUID id, byte[] secret, Instant now,
            Instant previousUntil, String byRequest) {
        return WriteOutcomes.autocommit(pool.preparedQuery(ROTATE)
                        .execute(Tuple.from(new Object[] {tenant, id, Buffer.buffer(secret), utc(previousUntil),
                                utc(now), byRequest})))
                .flatMap(rows -> rows.iterator().hasNext() || byRequest == null
                        ? Uni.createFrom().item(written(rows))
                        : byRequest(ROTATED_BY, tenant, byRequest, id));
    }

    /*
     * Nothing when the endpoint is not the tenant's, or when the request's token is already its last rotation (read
     * then by a statement of its own, whose snapshot sees a rotation committed while this one waited for the row).
     */
    private static final String ROTATE = "UPDATE notify.endpoints SET previous_secret = secret,"
            + " previous_secret_until = $4, secret = $3, updated_at = $5, rotated_by_request = $6"
            + " WHERE tenant = $1 AND endpoint_id = $2"
            + " AND ($6::text IS NULL OR rotated_by_request IS DISTINCT FROM $6)"
            + " RETURNING " + ENDPOINT_COLUMNS + ", NULL::bytea AS kept_secret";

    /** Failed (or still failing) deliveries of the endpoint created since then: due again now, a new window. */
    public Uni<Long> recover(String tenant, UUID endpointId, Instant since, Instant now) {
        return pool.preparedQuery("UPDATE notify.deliveries d SET status = 'PENDING', next_attempt_at = $4,"
                        + " created_at = $4 FROM notify.endpoints e WHERE e.endpoint_id = d.endpoint_id"
                        + " AND e.tenant = $1 AND e.endpoint_id = $2 AND d.created_at >= $3"
                        + " AND (d.status = 'FAILED' OR (d.status = 'PENDING' AND d.attempts > 0))")
                .execute(Tuple.of(tenant, endpointId, utc(since), utc(now)))
                .map(rows -> (long) rows.rowCount());
    }

    private static Optional<Endpoint> firstEndpoint(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? Optional.of(endpoint(rows.iterator().next())) : Optional.empty();
    }

    private static Endpoint endpoint(Row row) {
        return new Endpoint(
                row.getUUID("endpoint_id").toString(),
                row.getString("url"),
                Arrays.asList(row.getArrayOfStrings("event_types")),
                row.getString("description"),
                row.getBoolean("disabled"),
                instant(row.getOffsetDateTime("disabled_at")),
                row.getString("disabled_reason"),
                instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("updated_at")),
                null);
    }

    // ---- events -------------------------------------------------------------------------------------------

    public record EventView(String id, String type, String entityId, long sequence, Instant occurredAt,
            Instant receivedAt, @JsonRawValue String data) {
    }

    /**
     * The tenant's events of the last {@code days}, newest first, after the cursor event (exclusive); one more
     * than asked tells whether there is a next page.
     */
    public Uni<List<EventView>> listEvents(String tenant, UUID after, String type, int limit, Instant notBefore) {
        String sql = "SELECT event_id, type, entity_id, sequence, occurred_at, received_at, data::text AS data"
                + " FROM notify.events e WHERE tenant = $1 AND received_at >= $2"
                + " AND ($3::text IS NULL OR type = $3)"
                + " AND ($4::uuid IS NULL OR (received_at, event_id) < (SELECT received_at, event_id"
                + " FROM notify.events c WHERE c.event_id = $4 AND c.tenant = $1))"
                + " ORDER BY received_at DESC, event_id DESC LIMIT $5";
        return pool.preparedQuery(sql)
                .execute(Tuple.of(tenant, utc(notBefore), type, after, limit))
                .map(rows -> {
                    List<EventView> list = new ArrayList<>();
                    rows.forEach(row -> list.add(event(row)));
                    return list;
                });
    }

    public Uni<Optional<EventView>> findEvent(String tenant, UUID id) {
        return pool.preparedQuery("SELECT event_id, type, entity_id, sequence, occurred_at, received_at,"
                        + " data::text AS data FROM notify.events WHERE tenant = $1 AND event_id = $2")
                .execute(Tuple.of(tenant, id))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(event(rows.iterator().next()))
                        : Optional.empty());
    }

    private static EventView event(Row row) {
        return new EventView(row.getUUID("event_id").toString(), row.getString("type"), row.getString("entity_id"),
                row.getLong("sequence"), instant(row.getOffsetDateTime("occurred_at")),
                instant(row.getOffsetDateTime("received_at")), row.getString("data"));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AttemptView(String endpointId, Instant attemptedAt, Integer statusCode, int latencyMs,
            String response, String error) {
    }

    /** The attempts at the tenant's webhook endpoints for one event, oldest first. */
    public Uni<List<AttemptView>> attempts(String tenant, UUID eventId) {
        return pool.preparedQuery("SELECT a.endpoint_id, a.attempted_at, a.status_code, a.latency_ms, a.response,"
                        + " a.error FROM notify.attempts a JOIN notify.endpoints e ON e.endpoint_id = a.endpoint_id"
                        + " WHERE a.event_id = $2 AND e.tenant = $1 ORDER BY a.attempted_at, a.attempt_id")
                .execute(Tuple.of(tenant, eventId))
                .map(rows -> {
                    List<AttemptView> list = new ArrayList<>();
                    rows.forEach(row -> list.add(new AttemptView(row.getUUID("endpoint_id").toString(),
                            instant(row.getOffsetDateTime("attempted_at")), row.getInteger("status_code"),
                            row.getInteger("latency_ms"), row.getString("response"), row.getString("error"))));
                    return list;
                });
    }

    /**
     * The event again to every endpoint of the tenant subscribed to it now: a delivery it had is due again (a new
     * retry window), a newly subscribed endpoint gets one. Same event id, so receivers de-duplicate.
     */
    public Uni<Long> resend(String tenant, UUID eventId, Instant now) {
        return pool.preparedQuery("INSERT INTO notify.deliveries (event_id, endpoint_id, next_attempt_at, created_at)"
                        + " SELECT ev.event_id, e.endpoint_id, $3, $3 FROM notify.events ev JOIN notify.endpoints e"
                        + " ON e.tenant = ev.tenant AND NOT e.disabled"
                        + " AND (ev.type = ANY (e.event_types) OR '*' = ANY (e.event_types))"
                        + " WHERE ev.event_id = $2 AND ev.tenant = $1"
                        + " ON CONFLICT (event_id, endpoint_id) WHERE endpoint_id IS NOT NULL DO UPDATE"
                        + " SET status = 'PENDING', next_attempt_at = $3, created_at = $3")
                .execute(Tuple.of(tenant, eventId, utc(now)))
                .map(rows -> (long) rows.rowCount());
    }

    // ---- issuers ------------------------------------------------------------------------------------------

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Issuer(String issuerId, String baseUrl, String tokenUrl, String clientId, boolean clientSecretSet,
            String scope, int maxOperations, boolean enabled, Instant updatedAt) {
    }

    private static final String ISSUER_COLUMNS = "issuer_id, base_url, token_url, client_id,"
            + " client_secret IS NOT NULL AS secret_set, scope, max_operations, enabled, updated_at";

    public Uni<Issuer> putIssuer(String issuerId, String baseUrl, String tokenUrl, String clientId, byte[] secret,
            String scope, int maxOperations, boolean enabled, Instant now) {
        return pool.preparedQuery("WITH up AS (INSERT INTO notify.issuers (issuer_id, base_url, token_url, client_id,"
                        + " client_secret, scope, max_operations, enabled, updated_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (issuer_id) DO UPDATE SET"
                        + " base_url = EXCLUDED.base_url, token_url = EXCLUDED.token_url, client_id = EXCLUDED.client_id,"
                        + " client_secret = EXCLUDED.client_secret, scope = EXCLUDED.scope,"
                        + " max_operations = EXCLUDED.max_operations, enabled = EXCLUDED.enabled,"
                        + " updated_at = EXCLUDED.updated_at RETURNING " + ISSUER_COLUMNS + "),"
                        // disabling pauses its pending deliveries; enabling resumes the paused ones
                        + " paused AS (UPDATE notify.deliveries d SET status = 'PAUSED' FROM up"
                        + " WHERE d.issuer_id = up.issuer_id AND d.status = 'PENDING' AND NOT up.enabled),"
                        + " resumed AS (UPDATE notify.deliveries d SET status = 'PENDING', next_attempt_at = $9,"
                        + " created_at = $9 FROM up WHERE d.issuer_id = up.issuer_id AND d.status = 'PAUSED'"
                        + " AND up.enabled)"
                        + " SELECT * FROM up")
                .execute(Tuple.from(new Object[] {issuerId, baseUrl, tokenUrl, clientId,
                        secret == null ? null : Buffer.buffer(secret), scope, maxOperations, enabled, utc(now)}))
                .map(rows -> issuer(rows.iterator().next()));
    }

    public Uni<Optional<Issuer>> findIssuer(String issuerId) {
        return pool.preparedQuery("SELECT " + ISSUER_COLUMNS + " FROM notify.issuers WHERE issuer_id = $1")
                .execute(Tuple.of(issuerId))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(issuer(rows.iterator().next()))
                        : Optional.empty());
    }

    public Uni<Boolean> deleteIssuer(String issuerId) {
        return pool.preparedQuery("DELETE FROM notify.issuers WHERE issuer_id = $1")
                .execute(Tuple.of(issuerId))
                .map(rows -> rows.rowCount() > 0);
    }

    private static Issuer issuer(Row row) {
        return new Issuer(row.getString("issuer_id"), row.getString("base_url"), row.getString("token_url"),
                row.getString("client_id"), row.getBoolean("secret_set"), row.getString("scope"),
                row.getInteger("max_operations"), row.getBoolean("enabled"),
                instant(row.getOffsetDateTime("updated_at")));
    }
}
