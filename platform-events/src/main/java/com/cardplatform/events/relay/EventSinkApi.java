package com.cardplatform.events.relay;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** notification-service's intake (README: the wire contract); built programmatically on the configured sink URL. */
@Path("/internal/events")
public interface EventSinkApi {

    /** The body is the batch, already serialised: {@code {"events":[...]}}. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> publish(@HeaderParam("Authorization") String authorization,
            @HeaderParam("x-correlation-id") String correlationId,
            String body);
}
