package com.cardplatform.consumer.api;

import com.cardplatform.consumer.repository.OperationEvents;
import com.cardplatform.consumer.repository.OperationRow;
import com.cardplatform.events.EventRenderer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Set;

/**
 * The public data of {@code consumer.operation.updated}: {@code issuerId}, {@code consumerId} and {@code operation},
 * D1's operation object exactly as the on-demand GET returns it. The payload is the raw snapshot of the operations
 * row that the writing statement recorded ({@code to_jsonb}: column names, timestamps with their offset, details as
 * JSON); it is read into the same {@link OperationRow} the GET reads and rendered by the same
 * {@link OperationDetails} and the application's own ObjectMapper, so the event and the GET cannot disagree.
 */
@ApplicationScoped
public class OperationEventRenderer implements EventRenderer {

    private final ObjectMapper mapper;

    public OperationEventRenderer(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Set<String> types() {
        return Set.of(OperationEvents.TYPE);
    }

    @Override
    public JsonObject render(String type, JsonObject payload) {
        if (!OperationEvents.TYPE.equals(type)) {
            throw new IllegalArgumentException("Not an event of consumer-service: " + type);
        }
        Object details = payload.getValue("details");
        OperationRow row = new OperationRow(
                payload.getString("operation_id"),
                payload.getString("operation"),
                payload.getString("status"),
                time(payload.getString("start_time")),
                time(payload.getString("end_time")),
                payload.getString("requestor_type"),
                payload.getString("requestor_id"),
                payload.getString("reason"),
                payload.getString("reason_code"),
                details == null ? null : io.vertx.core.json.Json.encode(details),
                payload.getString("error_code"),
                payload.getString("error"));
        try {
            return new JsonObject()
                    .put("issuerId", payload.getString("issuer_id"))
                    .put("consumerId", payload.getString("consumer_id"))
                    .put("operation", new JsonObject(mapper.writeValueAsString(OperationDetails.of(row))));
        } catch (JsonProcessingException e) {
            // the operation names no secret, but the message of a failed rendering is not worth carrying further
            throw new IllegalStateException("Could not render operation " + row.operationId());
        }
    }

    /** PostgreSQL writes a timestamptz in JSON as ISO 8601 with its offset ("2026-12-03T07:40:00.123+00:00"). */
    private static OffsetDateTime time(String value) {
        return value == null ? null : OffsetDateTime.parse(value);
    }
}
