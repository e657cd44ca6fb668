package com.cardplatform.card.tracking.api;

import com.cardplatform.card.tracking.service.TrackingKeys;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The public keys issuers encrypt tracking hub card data with. Public: no token. */
@Path("/.well-known/tracking-jwks.json")
@Tag(name = "Tracking Hub")
public class TrackingJwksResource {

    private final TrackingKeys keys;

    public TrackingJwksResource(TrackingKeys keys) {
        this.keys = keys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Encryption keys (JWKS) of the tracking hub",
            description = "EC P-256 public keys (use enc, alg ECDH-ES) with their kid; encrypt with the first one. "
                    + "During a rotation two keys are listed and both are accepted.")
    public Response jwks() {
        return Response.ok(keys.publicJwks())
                .header("Cache-Control", "public, max-age=300")
                .build();
    }
}
