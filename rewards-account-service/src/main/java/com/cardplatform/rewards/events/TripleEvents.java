package com.cardplatform.rewards.events;

import com.cardplatform.runtime.observability.Traceparent;
import com.cardplatform.rewards.owned.OwnedEntity;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The events of rewards-account-service (platform-events): {@code publisher.created}, {@code card_program.created},
 * {@code card_account.created} and {@code card_account.updated}, tenant {@code client:<owner>} (Triple entities
 * belong to the client that created them), entity the Triple id. Each is written by the statement that makes the
 * change, one more CTE: the event exists exactly when the change does, and the write keeps its round trips.
 * <p>
 * The recorded payload is the raw snapshot of the row as the statement left it ({@code to_jsonb}: column names,
 * timestamps with their offset); {@link TripleEventRenderer} turns it into the object exactly as the Triple API
 * returns it, with the API's own views. {@code publisher.updated} and {@code card_program.updated} are part of the
 * contract but nothing changes a publisher or a card program after its creation (the API has no such update).
 */
public final class TripleEvents {

    public static final String PUBLISHER_CREATED = "publisher.created";
    public static final String PUBLISHER_UPDATED = "publisher.updated";
    public static final String CARD_PROGRAM_CREATED = "card_program.created";
    public static final String CARD_PROGRAM_UPDATED = "card_program.updated";
    public static final String CARD_ACCOUNT_CREATED = "card_account.created";
    public static final String CARD_ACCOUNT_UPDATED = "card_account.updated";

    private TripleEvents() {
    }

    /**
     * {@code WITH changed AS (<change> RETURNING alias.id, alias.owner, to_jsonb(alias) AS snapshot), event AS
     * (INSERT INTO rewards.outbox_event ...) SELECT count(*) FROM changed}: the change of one row and its event.
     * {@code change} is an INSERT or UPDATE whose target is aliased {@code alias}; parameters are Hibernate's named
     * ones ({@code :correlationId} and {@code :traceparent} are the last), and the text has no {@code ::} cast (Hibernate would read a
     * parameter there; the colon of {@code 'client:'} is inside a literal, which it skips).
     * <p>
     * Run with {@code executeUpdate()}, never as a selection ({@code getSingleResult()}): Hibernate Reactive 3.2 keys
     * the plan of a native selection with a result set mapping that has no {@code equals}, so every execution missed
     * the query plan cache and added a plan; all of one statement's plans share its text's hash, and every lookup
     * walked the cache's 2,048 of them: a quarter of rewards-account-service's CPU at its top write rate
     * (bench/results/notifications.md). A native update's plan is keyed by its text (TripleEventsTest checks it).
     */
    public static String withEvent(String change, String alias, String type) {
        return withEvent(null, change, alias, type);
    }

    /**
     * {@link #withEvent} after another {@code WITH} element, {@code first} (null for none): the request's
     * {@code Idempotency-Key} kept by the same statement (partner-guard's {@code KeyInTheWrite.namedCte}), which the
     * change selects from so that the key's row goes in first.
     */
    public static String withEvent(String first, String change, String alias, String type) {
        return "WITH " + (first == null ? "" : first + ", ") + "changed AS (" + change
                + " RETURNING " + alias + ".id, " + alias + ".owner, to_jsonb(" + alias + ") AS snapshot),"
                + " event AS (INSERT INTO rewards.outbox_event (event_type, tenant, entity_id, payload, correlation_id,"
                + "  traceparent)"
                + "  SELECT '" + type + "', 'client:' || owner, id, snapshot, :correlationId, :traceparent FROM changed)"
                + " SELECT count(*) FROM changed";
    }

    /**
     * A {@link #withEvent} INSERT of {@code entity} with the columns every entity has ({@code :id}, {@code :owner},
     * {@code :externalId}, {@code :createdAt}, {@code :updatedAt}), {@code :correlationId} and the request's {@code :traceparent} bound; the caller
     * binds the entity's own columns and runs it.
     */
    public static Mutiny.Query<Object> insert(Mutiny.Session session, String statement, OwnedEntity entity,
            String correlationId) {
        return session.<Object>createNativeQuery(statement)
                .setParameter("id", entity.id)
                .setParameter("owner", entity.owner)
                .setParameter("externalId", entity.externalId)
                .setParameter("createdAt", utc(entity.createdAt))
                .setParameter("updatedAt", utc(entity.updatedAt))
                .setParameter("correlationId", correlationId)
                .setParameter("traceparent", Traceparent.current());
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
