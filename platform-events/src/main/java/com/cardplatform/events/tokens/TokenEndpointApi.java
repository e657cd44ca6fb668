package com.cardplatform.events.tokens;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * An OAuth 2.0 token endpoint (RFC 6749 section 4.4); its base URL is the full token URL. Built programmatically
 * by {@link ServiceTokens}, one client per token URL. The body is read as text so that this library does not
 * depend on a JSON provider for the REST client.
 */
@Path("")
public interface TokenEndpointApi {

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> clientCredentials(@HeaderParam("Authorization") String basicCredentials,
            @FormParam("grant_type") String grantType,
            @FormParam("scope") String scope);
}
