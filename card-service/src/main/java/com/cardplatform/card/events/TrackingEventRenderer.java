package com.cardplatform.card.events;

import com.cardplatform.card.tracking.OperationStatus;
import com.cardplatform.card.tracking.TrackingOperation;
import com.cardplatform.card.tracking.TrackingType;
import com.cardplatform.card.tracking.api.OperationView;
import com.cardplatform.events.EventRenderer;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;

/**
 * {@code tracking.operation.updated}: the outbox keeps the operation row as it was written ({@code to_jsonb} of the
 * row, snake_case columns); its public data is D1's operation object exactly as the on-demand GET renders it
 * ({@link OperationView}, through the same object mapper), plus {@code cardId}. The rendering lives in one place,
 * so an event can never say something the GET would not.
 */
@ApplicationScoped
public class TrackingEventRenderer implements EventRenderer {

    public static final String OPERATION_UPDATED = "tracking.operation.updated";

    private final ObjectMapper mapper;

    public TrackingEventRenderer(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Set<String> types() {
        return Set.of(OPERATION_UPDATED);
    }

    @Override
    @SuppressWarnings("unchecked")
    public JsonObject render(String type, JsonObject row) {
        TrackingOperation operation = operation(row);
        JsonObject view = new JsonObject(mapper.convertValue(OperationView.of(operation), Map.class));
        view.put("cardId", operation.cardId());
        return new JsonObject()
                .put("issuerId", operation.issuerId())
                .put("cardId", operation.cardId())
                .put("operation", view);
    }

    /** The row as {@code TrackingRepository} reads it (column for column). */
    static TrackingOperation operation(JsonObject row) {
        return new TrackingOperation(row.getString("operation_id"), row.getString("issuer_id"),
                row.getString("card_id"), TrackingType.valueOf(row.getString("tracking_type")),
                OperationStatus.valueOf(row.getString("status")), row.getString("details_status"),
                row.getString("production_site"), row.getString("carrier"), row.getString("tracking_number"),
                row.getString("shipment_status"), row.getString("shipment_message"), row.getString("tracking_url"),
                time(row.getString("start_time")), time(row.getString("end_time")));
    }

    private static OffsetDateTime time(String value) {
        // to_jsonb writes timestamptz as ISO 8601 with the session's offset and microseconds
        return value == null ? null : OffsetDateTime.parse(value);
    }
}
