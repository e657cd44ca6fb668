package com.cardplatform.notify.api;

import com.cardplatform.errors.ApiError;
import com.cardplatform.runtime.security.Caller;
import com.cardplatform.notify.delivery.Dispatcher;
import com.cardplatform.notify.repository.NotifyRepository;
import com.cardplatform.notify.repository.NotifyRepository.AttemptView;
import com.cardplatform.notify.repository.NotifyRepository.EventView;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

/** The caller's events of the last 30 days, their attempts, and resending one (scope {@code webhooks:manage}). */
@Path("/webhooks/events")
@RolesAllowed("webhooks:manage")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhook events")
// a write runs to its end when the client hangs up, so that the retry finds its outcome (partner-guard README)
@Cancellable(false)
public class WebhookEventsResource {

    static final Duration HISTORY = Duration.ofDays(30);

    private final NotifyRepository repository;
    private final Dispatcher dispatcher;
    private final Caller caller;

    public WebhookEventsResource(NotifyRepository repository, Dispatcher dispatcher, Caller caller) {
        this.repository = repository;
        this.dispatcher = dispatcher;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Events of the last 30 days, newest first; next is the cursor (after=) of the next page")
    public Uni<Map<String, Object>> list(@QueryParam("after") String after, @QueryParam("limit") String limit,
            @QueryParam("type") String type) {
        int size = limit(limit);
        UUID cursor = after == null || after.isBlank() ? null : cursor(after);
        return repository.listEvents(Tenants.of(caller), cursor, type == null || type.isBlank() ? null : type, size + 1,
                        Instant.now().minus(HISTORY))
                .map(events -> {
                    boolean more = events.size() > size;
                    List<EventView> page = more ? events.subList(0, size) : events;
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("data", page);
                    body.put("next", more ? page.get(page.size() - 1).id() : null);
                    return body;
                });
    }

    @GET
    @Path("/{id}")
    public Uni<EventView> get(@PathParam("id") String id) {
        return repository.findEvent(Tenants.of(caller), EndpointsResource.uuid(id)).map(EndpointsResource::found);
    }

    @GET
    @Path("/{id}/attempts")
    @Operation(summary = "Every attempt to deliver the event to the caller's endpoints, oldest first")
    public Uni<Map<String, List<AttemptView>>> attempts(@PathParam("id") String id) {
        String tenant = Tenants.of(caller);
        UUID eventId = EndpointsResource.uuid(id);
        return repository.findEvent(tenant, eventId).map(EndpointsResource::found)
                .chain(event -> repository.attempts(tenant, eventId))
                .map(list -> Map.of("data", list));
    }

    /**
     * {@code POST /webhooks/events/{id}:resend}, matched off one path segment. Hidden from the scan:
     * {@code META-INF/openapi.yaml} publishes the literal path, which no other template matches.
     */
    @POST
    @Path("/{action}")
    @Operation(hidden = true)
    public Uni<Response> resend(@PathParam("action") String action) {
        if (!action.endsWith(":resend")) {
            throw ApiError.notFound("No such resource");
        }
        String tenant = Tenants.of(caller);
        UUID eventId = EndpointsResource.uuid(action.substring(0, action.length() - ":resend".length()));
        return repository.findEvent(tenant, eventId).map(EndpointsResource::found)
                .chain(event -> repository.resend(tenant, eventId, Instant.now()))
                .map(n -> {
                    if (n > 0) {
                        dispatcher.kick();
                    }
                    return Response.accepted(Map.of("resending", n)).build();
                });
    }

    private static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return 50;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= 250) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.invalidValue("limit", "limit must be an integer from 1 to 250");
    }

    private static UUID cursor(String after) {
        try {
            return UUID.fromString(after);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalidFormat("after", "after must be the next cursor of a previous page");
        }
    }
}
