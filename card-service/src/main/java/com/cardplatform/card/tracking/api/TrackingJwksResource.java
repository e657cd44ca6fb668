package com.cardplatform.card.tracking.api;

import com.cardplatform.card.tracking.service.TrackingKeys;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The public keys issuers encrypt tracking hub card data with. Public: no token. */
@Path("/.well-known/tracking-jwks.json")
public class TrackingJwksResource {

    private final TrackingKeys keys;

    public TrackingJwksResource(TrackingKeys keys) {
        this.keys = keys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks() {
        return Response.ok(keys.publicJwks())
                .header("Cache-Control", "public, max-age=300")
                .build();
    }
}
