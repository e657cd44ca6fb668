package com.cardplatform.rewards.config;

import com.cardplatform.rewards.shared.Scopes;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.OAuthFlow;
import org.eclipse.microprofile.openapi.annotations.security.OAuthFlows;
import org.eclipse.microprofile.openapi.annotations.security.OAuthScope;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The OpenAPI document's header and the seed's OAuth2 scheme ({@code triple_auth}, client credentials). */
@OpenAPIDefinition(info = @Info(title = "Triple partner API: publishers, card programs, card accounts",
        version = "1.0.0"))
@SecurityScheme(securitySchemeName = "triple_auth", type = SecuritySchemeType.OAUTH2,
        description = "OAuth2 client credentials from the platform's auth-service (POST /oauth2/token).",
        flows = @OAuthFlows(clientCredentials = @OAuthFlow(tokenUrl = "/oauth2/token",
                scopes = {@OAuthScope(name = Scopes.PUBLISHERS,
                        description = "Manage Publisher details, Card Programs, Consumers, Card Accounts, and Transactions"),
                        @OAuthScope(name = Scopes.VIEW_OFFERS,
                                description = "View recommended Offers, search Offers, and view Offer details "
                                        + "(here: read a card account, by its external ids or its id)")})))
public class OpenApiDefinition extends Application {
}
