package com.cardplatform.auth.token;

import com.cardplatform.runtime.write.WriteOutcomes;
import com.cardplatform.auth.client.Client;
import com.cardplatform.auth.client.ClientRepository;
import com.cardplatform.auth.client.SecretDigester;
import com.cardplatform.auth.config.AuthConfig;
import com.cardplatform.errors.ApiError;
import com.cardplatform.runtime.security.TokenAudiences;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Issues access tokens for the two grants the platform supports. */
@ApplicationScoped
public class TokenService {

    private final ClientRepository clients;
    private final SecretDigester digester;
    private final AssertionVerifier assertions;
    private final SigningKeys keys;
    private final AuthConfig config;
    private final Pool pool;
    private final FailedAuthentications failedAuthentications;

    public TokenService(ClientRepository clients, SecretDigester digester, AssertionVerifier assertions,
            SigningKeys keys, AuthConfig config, Pool pool, FailedAuthentications failedAuthentications) {
        this.failedAuthentications = failedAuthentications;
        this.clients = clients;
        this.digester = digester;
        this.assertions = assertions;
        this.keys = keys;
        this.config = config;
        this.pool = pool;
    }

    /** Issues a token; {@code address} is the caller's (for the throttling of failed authentications). */
    @WithSession
    public Uni<TokenResponse> issue(TokenRequest request, String address) {
        return switch (request.grantType()) {
            case TokenRequest.CLIENT_CREDENTIALS -> clientCredentials(request, address);
            case TokenRequest.JWT_BEARER -> jwtBearer(request, address);
            default -> Uni.createFrom().failure(ApiError.invalidValue("grant_type",
                    "Supported grant types: client_credentials, " + TokenRequest.JWT_BEARER)
                    .withCode("unsupported_grant_type"));
        };
    }

    private Uni<TokenResponse> clientCredentials(TokenRequest request, String address) {
        if (request.clientId() == null || request.clientSecret() == null) {
            return Uni.createFrom().failure(TokenRequest.invalidClient());
        }
        failedAuthentications.check(request.clientId(), address);
        return clients.findById(request.clientId())
                .map(client -> {
                    // same answer for unknown client and wrong secret: no client enumeration
                    if (client == null || !digester.matches(request.clientSecret(), client.secretDigest)) {
                        Log.infof("Client authentication failed for client_id=%s", request.clientId());
                        failedAuthentications.failed(request.clientId(), address);
                        throw TokenRequest.invalidClient();
                    }
                    failedAuthentications.succeeded(client.clientId);
                    if (!client.enabled) {
                        throw ApiError.unauthorized("The client is disabled").withCode("invalid_client");
                    }
                    requireGrant(client, TokenRequest.CLIENT_CREDENTIALS);
                    return mint(client, request.scope());
                });
    }

    /**
     * RFC 7523: the assertion authenticates the client. Its signature is checked against the keys registered for
     * the client it names before anything else is said about that client: an unknown client, a disabled one, an
     * unregistered key and a wrong signature get one and the same {@code invalid_grant}.
     */
    private Uni<TokenResponse> jwtBearer(TokenRequest request, String address) {
        if (request.assertion() == null) {
            return Uni.createFrom().failure(TokenRequest.invalidRequest("assertion is required for the jwt-bearer grant"));
        }
        if (request.clientSecret() != null) {
            // never ignored: a secret sent along would otherwise be neither checked nor refused
            return Uni.createFrom().failure(TokenRequest.invalidRequest(
                    "The jwt-bearer grant authenticates the client with the assertion: send no client secret"));
        }
        AssertionVerifier.Unverified unverified = assertions.parse(request.assertion());
        if (request.clientId() != null && !request.clientId().equals(unverified.clientId())) {
            return Uni.createFrom().failure(AssertionVerifier.invalidGrant("The assertion was issued by another client"));
        }
        failedAuthentications.check(unverified.clientId(), address);
        return clients.findById(unverified.clientId())
                .chain(client -> clients.keysOf(unverified.clientId())
                        .map(registered -> {
                            try {
                                assertions.verifySignature(unverified, registered);
                                if (client == null || !client.enabled) {
                                    throw AssertionVerifier.notTrusted();
                                }
                            } catch (ApiError untrusted) {
                                Log.infof("JWT bearer assertion not trusted for client_id=%s", unverified.clientId());
                                failedAuthentications.failed(unverified.clientId(), address);
                                throw untrusted;
                            }
                            failedAuthentications.succeeded(client.clientId);
                            requireGrant(client, TokenRequest.JWT_BEARER);
                            return assertions.verifyClaims(unverified);
                        })
                        .chain(this::rememberJti)
                        .map(ignored -> mint(client, request.scope())));
    }

    /** An authenticated client asking for a grant it is not allowed: RFC 6749 section 5.2 unauthorized_client. */
    private static void requireGrant(Client client, String grantType) {
        if (!client.allows(grantType)) {
            throw ApiError.invalidValue("grant_type", "The client is not allowed this grant type")
                    .withCode("unauthorized_client");
        }
    }

    /** Records the assertion's jti until it expires; a second use of the same jti is a replay. */
    private Uni<Void> rememberJti(AssertionVerifier.Verified verified) {
        OffsetDateTime expiresAt = OffsetDateTime.ofInstant(Instant.ofEpochSecond(verified.expiresAtSeconds()),
                ZoneOffset.UTC);
        Uni<Void> purge = ThreadLocalRandom.current().nextInt(100) == 0
                ? pool.query("DELETE FROM auth.used_assertions WHERE expires_at < now() - interval '5 minutes'")
                        .execute().replaceWithVoid()
                : Uni.createFrom().voidItem();
        // once sent, a lost connection leaves unknown whether the jti was recorded (Write-Outcome: unknown): the
        // client signs a new assertion, as RFC 7523 clients do for every request
        return purge.chain(() -> WriteOutcomes.autocommit(pool.preparedQuery("INSERT INTO auth.used_assertions "
                + "(client_id, jti, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(verified.clientId(), verified.jti(), expiresAt))))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw AssertionVerifier.invalidGrant("The assertion has already been used");
                    }
                    return null;
                });
    }

    private TokenResponse mint(Client client, String requestedScope) {
        Set<String> allowed = client.allowedScopes();
        Set<String> granted;
        if (requestedScope == null) {
            granted = allowed;
        } else {
            granted = new LinkedHashSet<>(java.util.Arrays.asList(requestedScope.split(" ")));
            if (!allowed.containsAll(granted)) {
                throw ApiError.invalidValue("scope", "The requested scope is not allowed for this client")
                        .withCode("invalid_scope");
            }
        }
        // internal scopes name their own audience, which partner endpoints refuse; the bootstrap refuses a client
        // holding both kinds, so this only answers a request that names both
        String audience = TokenAudiences.audienceFor(granted);
        if (audience == null) {
            throw ApiError.invalidValue("scope", "Internal and partner scopes cannot be granted in one token")
                    .withCode("invalid_scope");
        }
        String scope = String.join(" ", granted);
        long now = System.currentTimeMillis() / 1000;
        JwtClaimsBuilder claims = Jwt.issuer(config.issuer())
                .audience(audience)
                .subject(client.clientId)
                .issuedAt(now)
                .expiresAt(now + config.accessTokenSeconds())
                .claim("jti", UUID.randomUUID().toString())
                .claim("scope", scope);
        if (client.issuerId != null) {
            claims.claim("issuer_id", client.issuerId);
        }
        String token = claims.jws().keyId(keys.keyId()).sign(keys.privateKey());
        return new TokenResponse(token, "Bearer", config.accessTokenSeconds(), scope);
    }
}
