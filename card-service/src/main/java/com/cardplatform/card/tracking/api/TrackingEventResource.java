package com.cardplatform.card.tracking.api;

import com.cardplatform.card.tracking.service.TrackingEventService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Ingestion of carrier and card bureau updates (D1 dialect). Its own scope, {@code cards:carrier-events}, in a token
 * of the internal audience; no issuer binding (events name shipments).
 */
@Path("/internal/carrier-events")
@RolesAllowed("cards:carrier-events")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Internal")
@SecurityRequirement(name = "jwt")
public class TrackingEventResource {

    private final TrackingEventService events;

    public TrackingEventResource(TrackingEventService events) {
        this.events = events;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ingest a carrier (or card bureau) update",
            description = "An eventId counts once (the same event again answers its original result; another event "
                    + "reusing it is a duplicate). Carrier statuses IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED, "
                    + "RETURNED_TO_SENDER, LOST update shipments and returns (named by carrier code and tracking "
                    + "number, or by operationId) only with newer data (occurredAt, then that order); PRODUCED (by "
                    + "operationId, optional productionSite) completes a production; DELIVERED completes a return. "
                    + "A completed production or return never changes again.")
    public Uni<TrackingEventResult> ingest(@Valid @NotNull TrackingEventRequest body) {
        return events.ingest(body);
    }
}
