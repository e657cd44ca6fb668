package com.cardplatform.events.relay;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One claimed row of {@code outbox_event}; {@code payload} is the service's private snapshot, never logged. */
public record OutboxRow(UUID eventId, long sequence, String type, String tenant, String entityId,
        OffsetDateTime occurredAt, JsonObject payload, String correlationId, String traceparent, int attempts) {

    @Override
    public String toString() {
        return "OutboxRow[" + eventId + ", " + type + ", sequence=" + sequence + ", attempts=" + attempts + "]";
    }
}
