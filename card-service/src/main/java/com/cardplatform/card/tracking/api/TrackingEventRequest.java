package com.cardplatform.card.tracking.api;

import com.cardplatform.card.tracking.TrackingEventStatus;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An update from a carrier or the card bureau. It names its operations either by {@code operationId} or by
 * {@code carrier} and {@code trackingNumber} (every pending shipment or return with them).
 */
public record TrackingEventRequest(
        @NotNull @Pattern(regexp = "^[A-Za-z0-9_.:-]{1,64}$") @Schema(example = "dhl-evt-000123") String eventId,
        @Pattern(regexp = "^[A-Za-z0-9_-]{1,64}$") String operationId,
        @Pattern(regexp = "^[A-Z0-9_]{2,32}$") @Schema(example = "DHL") String carrier,
        @Pattern(regexp = "^[A-Za-z0-9-]{4,64}$") @Schema(example = "JD014600006281230704") String trackingNumber,
        @NotNull @Schema(example = "IN_TRANSIT") TrackingEventStatus status,
        @NotNull @Schema(example = "2026-03-03T08:00:00.000Z") Instant occurredAt) {
}
