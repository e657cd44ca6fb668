package com.cardplatform.auth.wellknown;

import com.cardplatform.auth.config.AuthConfig;
import com.cardplatform.auth.token.SigningKeys;
import com.cardplatform.auth.token.TokenRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The public keys (JWKS) and the RFC 8414 metadata of the authorization server. */
@Path("/.well-known")
public class WellKnownResource {

    static final List<String> SCOPES = List.of("consumers:operations", "consumers:provisioning", "cards:tracking",
            "cards:status", "cards:provisioning", "cards:activation-codes", "cards:internal", "cards:carrier-events",
            "api.tripleup.com/partner.publishers", "api.tripleup.com/partner.view_offers", "webhooks:manage",
            "events:publish", "notifications:internal");

    private final SigningKeys keys;
    private final Map<String, Object> metadata;

    public WellKnownResource(SigningKeys keys, AuthConfig config) {
        this.keys = keys;
        // RFC 8414 section 3.2: claims with zero elements are omitted, so every list here has elements
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", config.issuer());
        m.put("token_endpoint", config.tokenEndpoint());
        // served by this service on the issuer's host, like the metadata itself
        m.put("jwks_uri", config.issuer() + "/.well-known/jwks.json");
        m.put("grant_types_supported", List.of(TokenRequest.CLIENT_CREDENTIALS, TokenRequest.JWT_BEARER));
        m.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        m.put("scopes_supported", SCOPES);
        // No authorization_endpoint and no response_types_supported: neither grant uses the authorization endpoint,
        // so there is no response_type to list, and an empty list is not allowed (section 3.2). RFC 8414 erratum
        // 7793 and OpenID4VCI 1.0 omit the member in that case (auth-service/README.md, "Issuer and metadata").
        // Not registered by RFC 8414 (it has no member for grant assertions): the algorithms of RFC 7523 assertions
        m.put("jwt_bearer_assertion_signing_alg_values_supported", List.of("ES256", "RS256"));
        this.metadata = Collections.unmodifiableMap(m);
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
