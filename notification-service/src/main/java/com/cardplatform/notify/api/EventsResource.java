package com.cardplatform.notify.api;

import com.cardplatform.notify.delivery.Dispatcher;
import com.cardplatform.notify.repository.NotifyRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

/** The services' relays hand their outbox events over here (platform-events/README.md). */
@Path("/internal/events")
@Tag(name = "Ingestion")
// a write runs to its end when the client hangs up, so that the retry finds its outcome (partner-guard README)
@Cancellable(false)
public class EventsResource {

    private final NotifyRepository repository;
    private final Dispatcher dispatcher;

    public EventsResource(NotifyRepository repository, Dispatcher dispatcher) {
        this.repository = repository;
        this.dispatcher = dispatcher;
    }

    @POST
    @RolesAllowed("events:publish")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive up to 500 events (scope events:publish); 202 once committed, a repeated id is a no-op")
    public Uni<Response> receive(@Valid @NotNull IngestRequest request) {
        List<NotifyRepository.NewEvent> events = request.events().stream()
                .map(e -> new NotifyRepository.NewEvent(e.id(), e.type(), e.tenant(), e.entityId(), e.sequence(),
                        e.occurredAt(), e.correlationId(), e.traceparent(), e.data().toString()))
                .toList();
        return repository.ingest(events).map(ingested -> {
            if (ingested.deliveries() > 0) {
                // this replica sends right away; the pollers of every replica cover what it does not
                dispatcher.kick();
            }
            return Response.accepted(Map.of("accepted", ingested.accepted(),
                    "duplicates", events.size() - ingested.accepted())).build();
        });
    }
}
