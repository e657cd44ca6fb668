package com.cardplatform.rewards.events;

import com.cardplatform.events.EventRenderer;
import com.cardplatform.primitives.time.Timestamps;
import com.cardplatform.rewards.account.CardAccount;
import com.cardplatform.rewards.account.CardAccountStatus;
import com.cardplatform.rewards.account.api.CardAccountView;
import com.cardplatform.rewards.owned.OwnedEntity;
import com.cardplatform.rewards.program.CardProgram;
import com.cardplatform.rewards.program.api.CardProgramView;
import com.cardplatform.rewards.publisher.Publisher;
import com.cardplatform.rewards.publisher.api.PublisherView;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Set;

/**
 * The public data of the Triple events: the publisher, card program or card account exactly as the Triple API
 * returns it. The payload is the raw snapshot of the row that the writing statement recorded ({@code to_jsonb}:
 * column names, timestamps with their offset); it is read back into the entity and rendered by the API's own view
 * and the application's ObjectMapper, so the event and {@code GET .../{id}} cannot disagree. The row's
 * {@code owner} (the client) is in the payload, for the tenant, but no view shows it.
 */
@ApplicationScoped
public class TripleEventRenderer implements EventRenderer {

    private final ObjectMapper mapper;

    public TripleEventRenderer(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Set<String> types() {
        return Set.of(TripleEvents.PUBLISHER_CREATED, TripleEvents.PUBLISHER_UPDATED,
                TripleEvents.CARD_PROGRAM_CREATED, TripleEvents.CARD_PROGRAM_UPDATED,
                TripleEvents.CARD_ACCOUNT_CREATED, TripleEvents.CARD_ACCOUNT_UPDATED);
    }

    @Override
    public JsonObject render(String type, JsonObject row) {
        return new JsonObject(renderJson(type, row));
    }

    /** The view as the application's ObjectMapper writes it, which is what the relay sends (nothing parsed again). */
    @Override
    public String renderJson(String type, JsonObject row) {
        Object view = switch (type) {
            case TripleEvents.PUBLISHER_CREATED, TripleEvents.PUBLISHER_UPDATED -> PublisherView.of(publisher(row));
            case TripleEvents.CARD_PROGRAM_CREATED, TripleEvents.CARD_PROGRAM_UPDATED ->
                    CardProgramView.of(program(row));
            case TripleEvents.CARD_ACCOUNT_CREATED, TripleEvents.CARD_ACCOUNT_UPDATED -> CardAccountView.of(account(row));
            default -> throw new IllegalArgumentException("Not an event of rewards-account-service: " + type);
        };
        try {
            return mapper.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not render a " + type + " event");
        }
    }

    private static Publisher publisher(JsonObject row) {
        Publisher p = owned(new Publisher(), row);
        p.name = row.getString("name");
        return p;
    }

    private static CardProgram program(JsonObject row) {
        CardProgram p = owned(new CardProgram(), row);
        p.publisherId = row.getString("publisher_id");
        p.name = row.getString("name");
        p.currency = row.getString("currency");
        p.defaultCountryCode = row.getString("default_country_code");
        p.defaultPostalCode = row.getString("default_postal_code");
        return p;
    }

    private static CardAccount account(JsonObject row) {
        CardAccount a = owned(new CardAccount(), row);
        a.cardProgramId = row.getString("card_program_id");
        a.status = CardAccountStatus.valueOf(row.getString("status"));
        a.defaultCountryCode = row.getString("default_country_code");
        a.defaultPostalCode = row.getString("default_postal_code");
        return a;
    }

    /** The columns every entity has ({@link OwnedEntity}). */
    private static <E extends OwnedEntity> E owned(E entity, JsonObject row) {
        entity.id = row.getString("id");
        entity.owner = row.getString("owner");
        entity.externalId = row.getString("external_id");
        entity.createdAt = time(row.getString("created_at"));
        entity.updatedAt = time(row.getString("updated_at"));
        return entity;
    }

    /** PostgreSQL writes a timestamptz in JSON as ISO 8601 with its offset ("2026-12-03T07:40:00.123+00:00"). */
    private static Instant time(String value) {
        return value == null ? null : Timestamps.parse(value);
    }
}
