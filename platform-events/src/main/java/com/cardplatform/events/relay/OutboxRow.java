package com.cardplatform.events.relay;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One claimed row of {@code outbox_event}; {@code payload} is the service's private snapshot, as JSON text (read
 * only by a renderer; an event without one is relayed without parsing it), never logged.
 */
public record OutboxRow(UUID eventId, long sequence, String type, String tenant, String entityId,
        OffsetDateTime occurredAt, String payload, String correlationId, String traceparent, int attempts) {

    @Override
    public String toString() {
        return "OutboxRow[" + eventId + ", " + type + ", sequence=" + sequence + ", attempts=" + attempts + "]";
    }
}
