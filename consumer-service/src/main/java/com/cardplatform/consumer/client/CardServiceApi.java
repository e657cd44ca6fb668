package com.cardplatform.consumer.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** card-service's internal cascade endpoint. Only {@link CardServiceClient} calls it (package-private). */
@RegisterRestClient(configKey = "card-service")
@Path("/internal/issuers/{issuerId}/consumers/{consumerId}/cards")
interface CardServiceApi {

    /** Idempotent: a second call answers 200 with zeros. */
    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    Uni<CardCascadeResult> deleteCards(@PathParam("issuerId") String issuerId,
            @PathParam("consumerId") String consumerId,
            @HeaderParam("Authorization") String authorization,
            @HeaderParam("x-correlation-id") String correlationId);
}
