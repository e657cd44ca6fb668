package com.cardplatform.card.tracking.api;

import com.cardplatform.card.cards.Patterns;
import com.cardplatform.card.tracking.TrackingEventStatus;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An update from a carrier or the card bureau. It names its operations either by {@code operationId} or by
 * {@code carrier} (D1's carrier code) and {@code trackingNumber} (every open shipment or return with them).
 * {@code message} is the carrier's own text, normalised before it is shown; {@code productionSite} the bureau's.
 */
public record TrackingEventRequest(
        @NotNull @Pattern(regexp = "^[A-Za-z0-9_.:-]{1,64}$") @Schema(example = "dhl-evt-000123") String eventId,
        @Pattern(regexp = "^[A-Za-z0-9_-]{1,64}$") String operationId,
        @Pattern(regexp = Patterns.CARRIER) @Schema(example = "dhl") String carrier,
        @Pattern(regexp = Patterns.TRACKING_NUMBER) @Schema(example = "JD014600006281230704") String trackingNumber,
        @NotNull @Schema(example = "IN_TRANSIT") TrackingEventStatus status,
        @NotNull @Schema(example = "2026-03-03T08:00:00.000Z") Instant occurredAt,
        @Size(max = 1024) @Schema(example = "Shipment arrived at the DHL sort facility  LEIPZIG - GERMANY")
        String message,
        @Pattern(regexp = Patterns.PRODUCTION_SITE) @Schema(example = "FR-GEMENOS-01") String productionSite) {
}
