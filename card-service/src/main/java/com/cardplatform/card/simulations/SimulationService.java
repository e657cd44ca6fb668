package com.cardplatform.card.simulations;

import com.cardplatform.card.tracking.TrackingEventStatus;
import com.cardplatform.card.tracking.api.OperationView;
import com.cardplatform.card.tracking.repository.TrackingRepository;
import com.cardplatform.errors.ApiError;
import com.cardplatform.primitives.time.Timestamps;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Sandbox: moves a card's tracking operation exactly as a carrier update does. The operation is chosen within the
 * card (so a partner can never move another issuer's parcel that happens to share a tracking number), then the
 * update goes through {@link TrackingRepository#applyEvent} with a generated event id, as carrier events do: the
 * same rules, the same record in {@code tracking_events}, the same {@code tracking.operation.updated} event.
 */
@ApplicationScoped
public class SimulationService {

    private final TrackingRepository repository;

    public SimulationService(TrackingRepository repository) {
        this.repository = repository;
    }

    public Uni<OperationView> simulate(String issuerId, String cardId, SimulateTrackingRequest request) {
        SimulatedTrackingEvent event = request.event();
        if (event == SimulatedTrackingEvent.PRODUCED) {
            if (request.carrier() != null) {
                return Uni.createFrom().failure(ApiError.invalidValue("carrier", "produced takes no carrier"));
            }
            if (request.trackingNumber() != null) {
                return Uni.createFrom().failure(ApiError.invalidValue("trackingNumber",
                        "produced takes no trackingNumber"));
            }
        } else if ((request.carrier() == null) != (request.trackingNumber() == null)) {
            String missing = request.carrier() == null ? "carrier" : "trackingNumber";
            return Uni.createFrom().failure(ApiError.invalidFormat(missing,
                    "carrier and trackingNumber go together"));
        }
        TrackingEventStatus status = event.status();
        String eventId = "sim-" + UUID.randomUUID();
        return repository.simulationTarget(issuerId, cardId, status, request.carrier(), request.trackingNumber())
                .onItem().ifNull().failWith(() -> ApiError.notFound(
                        "No tracking operation of this card takes this update"))
                .chain(operationId -> repository.applyEvent(eventId, operationId, request.carrier(),
                                request.trackingNumber(), status, Timestamps.now()
                                        .atOffset(ZoneOffset.UTC), null, null)
                        .chain(result -> {
                            Log.infof("Simulated tracking event %s (%s) for a card of issuer %s: operations changed=%d",
                                    eventId, status, issuerId, result.applied());
                            if (result.applied() == 0) {
                                // e.g. the operation already holds newer carrier data than now
                                return Uni.createFrom().failure(ApiError.operationNotAllowed("event",
                                        "The operation does not take this update"));
                            }
                            return repository.find(issuerId, cardId, operationId);
                        }))
                .map(OperationView::of);
    }
}
