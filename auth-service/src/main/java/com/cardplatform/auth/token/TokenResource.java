package com.cardplatform.auth.token;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

/** {@code POST /oauth2/token}: RFC 6749 client credentials and RFC 7523 JWT bearer. */
@Path("/oauth2/token")
@Tag(name = "Token")
// a write runs to its end when the client hangs up, so that the retry finds its outcome (partner-guard README)
@Cancellable(false)
public class TokenResource {

    private final TokenService tokens;

    public TokenResource(TokenService tokens) {
        this.tokens = tokens;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Obtain an access token",
            description = "grant_type=client_credentials (HTTP Basic or client_id/client_secret in the form) or "
                    + "grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer with an ES256/RS256 assertion. "
                    + "Optional scope: a subset of the client's allowed scopes.")
    @APIResponse(responseCode = "200", description = "RS256 access token, 15 minutes")
    @APIResponse(responseCode = "400", description = "invalid_request, invalid_grant, invalid_scope, unauthorized_client, "
            + "unsupported_grant_type")
    @APIResponse(responseCode = "401", description = "invalid_client")
    @APIResponse(responseCode = "503", description = "temporarily_unavailable (database down), with Retry-After")
    @APIResponse(responseCode = "429", description = "temporarily_unavailable: too many failed client authentications "
            + "for this client id or address, with Retry-After")
    public Uni<Response> token(MultivaluedMap<String, String> form, @HeaderParam("Authorization") String authorization,
            @Context HttpServerRequest http) {
        TokenRequest request = TokenRequest.parse(form, authorization);
        // the caller's address; behind a trusted proxy the one it forwards (quarkus.http.proxy.*)
        String address = http == null || http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        return tokens.issue(request, address)
                .map(token -> Response.ok(token)
                        .header("Cache-Control", "no-store")
                        .header("Pragma", "no-cache")
                        .build());
    }
}
