package com.cardplatform.auth.token;

import com.cardplatform.errors.write.WriteOutcomes;
import com.cardplatform.auth.client.Client;
import com.cardplatform.auth.client.ClientRepository;
import com.cardplatform.auth.client.SecretDigester;
import com.cardplatform.auth.config.AuthConfig;
import com.cardplatform.errors.ApiError;
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

    public TokenService(ClientRepository clients, SecretDigester digester, AssertionVerifier assertions,
            SigningKeys keys, AuthConfig config, Pool pool) {
        this.clients = clients;
        this.digester = digester;
        this.assertions = assertions;
        this.keys = keys;
        this.config = config;
        this.pool = pool;
    }

    @WithSession
    public Uni<TokenResponse> issue(TokenRequest request) {
        return switch (request.grantType()) {
            case TokenRequest.CLIENT_CREDENTIALS -> clientCredentials(request);
            case TokenRequest.JWT_BEARER -> jwtBearer(request);
            default -> Uni.createFrom().failure(ApiError.invalidValue("grant_type",
                    "Supported grant types: client_credentials, " + TokenRequest.JWT_BEARER)
                    .withCode("unsupported_grant_type"));
        };
    }

    private Uni<TokenResponse> clientCredentials(TokenRequest request) {
        if (request.clientId() == null || request.clientSecret() == null) {
            return Uni.createFrom().failure(TokenRequest.invalidClient());
        }
        return clients.findById(request.clientId())
                .map(client -> {
                    // same answer for unknown client and wrong secret: no client enumeration
                    if (client == null || !digester.matches(request.clientSecret(), client.secretDigest)) {
                        Log.infof("Client authentication failed for client_id=%s", request.clientId());
                        throw TokenRequest.invalidClient();
                    }
                    if (!client.enabled) {
                        throw ApiError.unauthorized("The client is disabled").withCode("invalid_client");
                    }
                    return mint(client, request.scope());
                });
    }

    private Uni<TokenResponse> jwtBearer(TokenRequest request) {
        if (request.assertion() == null) {
            return Uni.createFrom().failure(TokenRequest.invalidRequest("assertion is required for the jwt-bearer grant"));
        }
        AssertionVerifier.Unverified unverified = assertions.parse(request.assertion());
        if (request.clientId() != null && !request.clientId().equals(unverified.clientId())) {
            return Uni.createFrom().failure(AssertionVerifier.invalidGrant("The assertion was issued by another client"));
        }
        return clients.findById(unverified.clientId())
                .onItem().ifNull().failWith(() -> AssertionVerifier.invalidGrant("The assertion's issuer is not a registered client"))
                .chain(client -> {
                    if (!client.enabled) {
                        return Uni.createFrom().failure(AssertionVerifier.invalidGrant("The client is disabled"));
                    }
                    return clients.keysOf(client.clientId)
                            .map(registered -> assertions.verify(unverified, registered))
                            .chain(this::rememberJti)
                            .map(ignored -> mint(client, request.scope()));
                });
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
        String scope = String.join(" ", granted);
        long now = System.currentTimeMillis() / 1000;
        JwtClaimsBuilder claims = Jwt.issuer(config.issuer())
                .audience("card-platform")
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
