package com.cardplatform.auth.wellknown;

import com.cardplatform.auth.config.AuthConfig;
import com.cardplatform.auth.token.SigningKeys;
import com.cardplatform.auth.token.TokenRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The public keys (JWKS) and the RFC 8414 metadata of the authorization server. */
@Path("/.well-known")
public class WellKnownResource {

    static final List<String> SCOPES = List.of("consumers:operations", "consumers:provisioning", "cards:tracking",
            "cards:status", "cards:provisioning", "cards:activation-codes", "cards:internal",
            "api.tripleup.com/partner.publishers");

    private final SigningKeys keys;
    private final Map<String, Object> metadata;

    public WellKnownResource(SigningKeys keys, AuthConfig config) {
        this.keys = keys;
        String tokenEndpoint = config.tokenEndpoint();
        String base = tokenEndpoint.endsWith("/oauth2/token")
                ? tokenEndpoint.substring(0, tokenEndpoint.length() - "/oauth2/token".length())
                : tokenEndpoint;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", config.issuer());
        m.put("token_endpoint", tokenEndpoint);
        m.put("jwks_uri", base + "/.well-known/jwks.json");
        m.put("grant_types_supported", List.of(TokenRequest.CLIENT_CREDENTIALS, TokenRequest.JWT_BEARER));
        m.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        m.put("scopes_supported", SCOPES);
        m.put("response_types_supported", List.of("token"));
        m.put("jwt_bearer_assertion_signing_alg_values_supported", List.of("ES256", "RS256"));
        this.metadata = Map.copyOf(m);
    }

    @GET
    @Path("/jwks.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks() {
        return Response.ok(keys.jwks()).header("Cache-Control", "public, max-age=300").build();
    }

    @GET
    @Path("/oauth-authorization-server")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> metadata() {
        return metadata;
    }
}
