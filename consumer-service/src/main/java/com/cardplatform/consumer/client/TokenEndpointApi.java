package com.cardplatform.consumer.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** auth-service's token endpoint; its base URL is the full token URL. Used by {@link CardServiceTokens} only. */
@RegisterRestClient(configKey = "card-service-token")
interface TokenEndpointApi {

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<TokenEndpointResponse> clientCredentials(@HeaderParam("Authorization") String basicCredentials,
            @FormParam("grant_type") String grantType,
            @FormParam("scope") String scope);
}
