package com.cardplatform.card.tracking.service;

import com.cardplatform.card.tracking.api.TrackingEventRequest;
import com.cardplatform.card.tracking.api.TrackingEventResult;
import com.cardplatform.card.tracking.repository.TrackingRepository;
import com.cardplatform.errors.ApiError;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;

/**
 * Carrier (and card bureau) updates: each event id counts once; an update changes the operations it names (by
 * operation id, or by carrier and tracking number) as {@link com.cardplatform.card.tracking.TrackingEventStatus}
 * says, never with older data than they have. The same event sent again (a retry) is answered with its original
 * result; another event reusing a recorded id is a duplicate, acknowledged and ignored.
 */
@ApplicationScoped
public class TrackingEventService {

    private final TrackingRepository repository;

    public TrackingEventService(TrackingRepository repository) {
        this.repository = repository;
    }

    public Uni<TrackingEventResult> ingest(TrackingEventRequest event) {
        if (event.operationId() == null) {
            if (event.carrier() == null) {
                return Uni.createFrom().failure(ApiError.invalidFormat("carrier",
                        "carrier and trackingNumber (or operationId) are required"));
            }
            if (event.trackingNumber() == null) {
                return Uni.createFrom().failure(ApiError.invalidFormat("trackingNumber",
                        "carrier and trackingNumber (or operationId) are required"));
            }
        }
        return repository.applyEvent(event.eventId(), event.operationId(), event.carrier(), event.trackingNumber(),
                        event.status(), event.occurredAt().atOffset(ZoneOffset.UTC),
                        CarrierMessage.normalise(event.message()), event.productionSite())
                .map(result -> new TrackingEventResult(event.eventId(), result.duplicate(), result.applied()))
                .invoke(result -> Log.infof("Tracking event %s (%s): duplicate=%s, operations changed=%d",
                        result.eventId(), event.status(), result.duplicate(), result.appliedOperations()));
    }
}
