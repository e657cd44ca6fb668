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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Ingestion of carrier and card bureau updates (D1 dialect). Its own scope, {@code cards:carrier-events}, in a token
 * of the internal audience; no issuer binding (events name shipments).
 */
@Path("/internal/carrier-events")
@RolesAllowed("cards:carrier-events")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
// a write runs to its end when the client hangs up, so that the retry finds its outcome (partner-guard README)
@Cancellable(false)
public class TrackingEventResource {

    private final TrackingEventService events;

    public TrackingEventResource(TrackingEventService events) {
        this.events = events;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<TrackingEventResult> ingest(@Valid @NotNull TrackingEventRequest body) {
        return events.ingest(body);
    }
}
