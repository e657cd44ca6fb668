package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.local.Endpoints.Dialect;
import com.cardplatform.local.Endpoints.Endpoint;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The token matrix: every protected endpoint of every service (enumerated from the services' OpenAPI documents) is
 * called with every kind of bad token and must answer 401 (or 403) in its own API's dialect, while a valid token of
 * the right scope and tenant gets past authentication (so that the matrix cannot pass vacuously). Expired,
 * not-yet-valid, wrong-issuer and wrong-audience tokens are signed with the stack's REAL signing key, so the only
 * thing wrong with them is the claim under test. Routed endpoints are called through the HTTPS front door, the
 * internal ones on the service's port. Only health, metrics, OpenAPI and the token/JWKS/metadata endpoints answer
 * without a token.
 */
@Order(2)
class TokenMatrixIT {

    static final java.util.concurrent.ExecutorService POOL = java.util.concurrent.Executors.newFixedThreadPool(8);
    static SharedStack shared;
    static List<Endpoint> endpoints;
    static PrivateKey unknownKey;

    @BeforeAll
    static void enumerate() throws Exception {
        shared = SharedStack.get();
        endpoints = Endpoints.all();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        unknownKey = generator.generateKeyPair().getPrivate();
    }

    @Test
    void theOpenApiDocumentsListEveryApiOfThePlatform() {
        Set<String> keys = endpoints.stream().map(Endpoint::key).collect(Collectors.toCollection(TreeSet::new));
        for (String expected : List.of(
                "POST /oauth2/token",
                "GET /.well-known/jwks.json",
                "POST /issuers/{issuerId}/consumers",
                "POST /issuers/{issuerId}/consumers/{consumerId}/operations:delete",
                "GET /issuers/{issuerId}/consumers/{consumerId}/operations",
                "GET /issuers/{issuerId}/consumers/{consumerId}/operations/{operationId}",
                "POST /issuers/{issuerId}/cards",
                "GET /issuers/{issuerId}/consumers/{consumerId}/cards",
                "POST /issuers/{issuerId}/physicalCards/{cardId}/operations:track",
                "PUT /v1/cards/status/detail",
                "DELETE /internal/issuers/{issuerId}/consumers/{consumerId}/cards",
                "POST /cards/v1/set-activation-codes",
                "POST /partner/card-account.by-ids",
                "GET /partner/card-accounts/{id}")) {
            assertTrue(keys.contains(expected), expected + " is missing from the OpenAPI documents: " + keys);
        }
        assertTrue(endpoints.stream().filter(e -> !e.isPublic()).count() >= 25, keys.toString());
    }

    /** The bad tokens, each with the claims of a token that would otherwise be valid for the endpoint. */
    static Map<String, String> invalidTokens(Endpoint e) throws Exception {
        String client = e.issuerBound() ? "local-d1-issuer" : e.template().startsWith("/internal/") ? "consumer-service"
                : "local-triple";
        String issuer = e.issuerBound() ? Endpoints.ISSUER : null;
        Function<JwtClaims, JwtClaims> valid = c -> c;
        long now = System.currentTimeMillis() / 1000;
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("malformed", "not-a-jwt");
        tokens.put("three garbage parts", "eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl");
        JwtClaims expired = SharedStack.claims(client, issuer, e.scope());
        expired.setIssuedAt(NumericDate.fromSeconds(now - 3600));
        expired.setExpirationTime(NumericDate.fromSeconds(now - 1800));
        tokens.put("expired (real key)", shared.sign(expired));
        JwtClaims notYet = SharedStack.claims(client, issuer, e.scope());
        notYet.setIssuedAt(NumericDate.fromSeconds(now + 3600));
        notYet.setNotBefore(NumericDate.fromSeconds(now + 3600));
        notYet.setExpirationTime(NumericDate.fromSeconds(now + 7200));
        tokens.put("not yet valid (real key)", shared.sign(notYet));
        JwtClaims wrongIssuer = SharedStack.claims(client, issuer, e.scope());
        wrongIssuer.setIssuer("https://evil.example");
        tokens.put("wrong issuer (real key)", shared.sign(wrongIssuer));
        JwtClaims wrongAudience = SharedStack.claims(client, issuer, e.scope());
        wrongAudience.setAudience("another-platform");
        tokens.put("wrong audience (real key)", shared.sign(wrongAudience));
        String validToken = shared.sign(valid.apply(SharedStack.claims(client, issuer, e.scope())));
        String[] parts = validToken.split("\\.");
        tokens.put("alg none", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
        tokens.put("alg none, signature kept", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + "." + parts[2]);
        tokens.put("HS256 with the public key", hs256WithPublicKey(parts[1]));
        tokens.put("unknown key", SharedStack.sign(SharedStack.claims(client, issuer, e.scope()), unknownKey, "unknown-key"));
        tokens.put("unknown key with the real kid",
                SharedStack.sign(SharedStack.claims(client, issuer, e.scope()), unknownKey, shared.keyId()));
        JwtClaims elevated = SharedStack.claims(client, issuer, e.scope(), "cards:internal", "consumers:operations");
        tokens.put("tampered (claims changed after signing)",
                parts[0] + "." + b64(elevated.toJson()) + "." + parts[2]);
        tokens.put("signature stripped", parts[0] + "." + parts[1] + ".");
        return tokens;
    }

    /** Every bad token at every protected endpoint: 401 in the endpoint's dialect. */
    @TestFactory
    Stream<DynamicTest> everyProtectedEndpointRefusesEveryInvalidToken() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Endpoint e : endpoints) {
            if (e.isPublic()) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(e + " without a token", () ->
                    Dialects.assertUnauthorized(e.dialect(), call(e, null), e + " without a token")));
            tests.add(DynamicTest.dynamicTest(e + " with a Basic credential", () ->
                    Dialects.assertUnauthorized(e.dialect(), callWithAuthorization(e, "Basic "
                            + Base64.getEncoder().encodeToString("local-d1-issuer:secret".getBytes(StandardCharsets.UTF_8))),
                            e + " with Basic")));
            tests.add(DynamicTest.dynamicTest(e + " with an empty Bearer", () ->
                    Dialects.assertUnauthorized(e.dialect(), callWithAuthorization(e, "Bearer "), e + " empty Bearer")));
            tests.add(DynamicTest.dynamicTest(e + " with every invalid token", () -> {
                // the 15 calls at once (the machine waits on I/O more than it computes); checked in a fixed order
                Map<String, java.util.concurrent.Future<Api.Response>> answers = new LinkedHashMap<>();
                for (Map.Entry<String, String> bad : invalidTokens(e).entrySet()) {
                    answers.put(bad.getKey(), POOL.submit(() -> call(e, bad.getValue())));
                }
                for (Map.Entry<String, java.util.concurrent.Future<Api.Response>> a : answers.entrySet()) {
                    Dialects.assertUnauthorized(e.dialect(), a.getValue().get(), e + " with " + a.getKey());
                }
            }));
        }
        return tests.stream();
    }

    /** A valid token without the endpoint's scope (every other scope of the platform): 403 in the dialect. */
    @TestFactory
    Stream<DynamicTest> everyProtectedEndpointRefusesATokenWithoutItsScope() {
        List<String> all = List.of("consumers:operations", "consumers:provisioning", "cards:tracking", "cards:status",
                "cards:provisioning", "cards:activation-codes", "api.tripleup.com/partner.publishers",
                "api.tripleup.com/partner.view_offers", "webhooks:manage", "cards:internal", "cards:carrier-events",
                "events:publish", "notifications:internal");
        return endpoints.stream().filter(e -> !e.isPublic()).map(e -> DynamicTest.dynamicTest(e + " without its scope", () -> {
            String client = e.issuerBound() ? "local-d1-issuer" : "local-triple";
            // every other partner scope in a partner token, every other internal scope in an internal one
            String[] otherPartnerScopes = all.stream().filter(s -> !e.acceptedScopes().contains(s))
                    .filter(s -> !SharedStack.INTERNAL_SCOPES.contains(s)).toArray(String[]::new);
            String token = shared.sign(SharedStack.claims(client, e.issuerBound() ? Endpoints.ISSUER : null,
                    otherPartnerScopes));
            Dialects.assertForbidden(e.dialect(), call(e, token), e + " without " + e.scope());
            String[] otherInternalScopes = all.stream().filter(s -> !e.acceptedScopes().contains(s))
                    .filter(SharedStack.INTERNAL_SCOPES::contains).toArray(String[]::new);
            String internal = shared.sign(SharedStack.claims("consumer-service", null, otherInternalScopes));
            Dialects.assertForbidden(e.dialect(), call(e, internal), e + " with the other internal scopes");
            // and no scope at all
            String none = shared.sign(SharedStack.claims(client, e.issuerBound() ? Endpoints.ISSUER : null));
            Dialects.assertForbidden(e.dialect(), call(e, none), e + " with no scope");
        }));
    }

    /**
     * Partners' tokens and the services' own name different audiences, and a token acts only with the scopes of its
     * own: a token of the internal audience is refused by every partner endpoint even when it carries the endpoint's
     * scope, a partner token by every internal endpoint. Both are signed with the stack's real key, so the audience is
     * the only thing wrong with them.
     */
    @TestFactory
    Stream<DynamicTest> everyProtectedEndpointRefusesATokenOfTheOtherAudience() {
        return endpoints.stream().filter(e -> !e.isPublic()).map(e -> DynamicTest.dynamicTest(e + " other audience", () -> {
            boolean internalEndpoint = SharedStack.INTERNAL_SCOPES.contains(e.scope());
            String client = e.issuerBound() ? "local-d1-issuer" : internalEndpoint ? "consumer-service" : "local-triple";
            String audience = internalEndpoint ? SharedStack.PARTNER_AUDIENCE : SharedStack.INTERNAL_AUDIENCE;
            String token = shared.sign(SharedStack.audienceClaims(audience, client,
                    e.issuerBound() ? Endpoints.ISSUER : null, e.scope()));
            Dialects.assertForbidden(e.dialect(), call(e, token), e + " with the " + audience + " audience");
        }));
    }

    /** Internal endpoints act for the platform, never for a card issuer: an issuer-bound internal token is refused. */
    @TestFactory
    Stream<DynamicTest> internalEndpointsRefuseATokenBoundToAnIssuer() {
        return endpoints.stream().filter(e -> !e.isPublic() && SharedStack.INTERNAL_SCOPES.contains(e.scope()))
                .map(e -> DynamicTest.dynamicTest(e + " issuer-bound", () -> {
                    String token = shared.sign(SharedStack.claims("consumer-service", Endpoints.ISSUER, e.scope()));
                    Dialects.assertForbidden(e.dialect(), call(e, token), e + " with issuer_id " + Endpoints.ISSUER);
                }));
    }

    /** What auth-service issues: the internal audience for the services' scopes, the partners' for the others. */
    @Test
    void authServiceIssuesEachKindOfScopeWithItsOwnAudience() throws Exception {
        com.nimbusds.jwt.JWTClaimsSet internal = com.nimbusds.jwt.SignedJWT.parse(
                shared.token("consumer-service", "cards:internal")).getJWTClaimsSet();
        assertEquals(List.of(SharedStack.INTERNAL_AUDIENCE), internal.getAudience());
        assertEquals(null, internal.getClaim("issuer_id"));
        com.nimbusds.jwt.JWTClaimsSet partner = com.nimbusds.jwt.SignedJWT.parse(
                shared.token("local-citi", "cards:status")).getJWTClaimsSet();
        assertEquals(List.of(SharedStack.PARTNER_AUDIENCE), partner.getAudience());
    }

    /**
     * A valid token of the right scope for ANOTHER tenant: D1 paths name the issuer, another issuer's token is a 403
     * AUTHORIZER_FORBIDDEN (whether the object exists or not: TenantIsolationIT); Citi and Blackhawk act on the
     * token's issuer, so a token bound to no issuer is a 403 there.
     */
    @TestFactory
    Stream<DynamicTest> issuerEndpointsRefuseAnotherIssuerOrNoIssuer() {
        return endpoints.stream().filter(e -> !e.isPublic() && e.issuerBound()).map(e -> DynamicTest.dynamicTest(
                e + " for another tenant", () -> {
                    if (e.issuerInPath()) {
                        String other = shared.sign(SharedStack.claims("local-issuer-b", LocalSecrets.SECOND_ISSUER, e.scope()));
                        Dialects.assertForbidden(e.dialect(), call(e, other), e + " with issuer " + LocalSecrets.SECOND_ISSUER);
                        String real = shared.token("local-issuer-b");
                        if (e.routed()) {
                            Dialects.assertForbidden(e.dialect(), call(e, real), e + " with local-issuer-b's real token");
                        }
                    }
                    String unbound = shared.sign(SharedStack.claims("local-unbound", null, e.scope()));
                    Dialects.assertForbidden(e.dialect(), call(e, unbound), e + " with a token bound to no issuer");
                }));
    }

    /** The control: a valid token of the right scope and tenant is not refused (the matrix is not vacuous). */
    @TestFactory
    Stream<DynamicTest> aValidTokenGetsPastAuthenticationEverywhere() {
        return endpoints.stream().filter(e -> !e.isPublic()).map(e -> DynamicTest.dynamicTest(e + " with a valid token", () -> {
            String client = e.issuerBound() ? "local-d1-issuer" : e.template().startsWith("/internal/") ? "consumer-service"
                    : "local-triple";
            String token = shared.sign(SharedStack.claims(client, e.issuerBound() ? Endpoints.ISSUER : null, e.scope()));
            Api.Response r = call(e, token);
            assertNotEquals(401, r.status(), e + ": " + r.body());
            assertFalse(r.status() == 403 && r.body().matches(".*(AUTHORIZER_FORBIDDEN|accessNotConfigured|TripleForbidden"
                    + "|Forbidden - the access token).*"), e + ": " + r.body());
            assertTrue(r.status() < 500 || r.status() == 501, e + ": " + r.body());
        }));
    }

    /** Nothing but health, metrics, OpenAPI and the token/JWKS/metadata endpoints answers without a token. */
    @Test
    void onlyHealthMetricsOpenApiAndTheTokenEndpointsAnswerWithoutAToken() {
        for (Endpoint e : endpoints) {
            Api.Response r = call(e, null);
            if (e.isPublic()) {
                assertNotEquals(401, r.status(), e + ": " + r.body());
                if (e.method().equals("GET")) {
                    assertEquals(200, r.status(), e + ": " + r.body());
                }
            } else {
                assertEquals(401, r.status(), e + " answers without a token: " + r.body());
            }
        }
        Set<String> publicSeen = endpoints.stream().filter(Endpoint::isPublic).map(Endpoint::key).collect(Collectors.toSet());
        assertEquals(Endpoints.PUBLIC, publicSeen, "the public endpoints are exactly the token, key set and metadata ones");
        for (String service : StackSettings.DEFAULT_PORTS.keySet()) {
            for (String path : List.of("/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi")) {
                Api.Response r = Api.direct(service, "GET", path, null, null, "Accept", "*/*");
                assertEquals(200, r.status(), service + path + ": " + r.body());
            }
        }
    }

    /** auth-service's own refusals are RFC 6749 (OAuth dialect): invalid_client 401, invalid_scope 400. */
    @Test
    void theTokenEndpointRefusesBadClientsInTheOAuthDialect() {
        LocalSecrets.Client citi = shared.stack().secrets().client("local-citi");
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("no client authentication", new String[0]);
        cases.put("wrong secret", new String[] {"Authorization", basic("local-citi", "wrong-" + citi.clientSecret())});
        cases.put("unknown client", new String[] {"Authorization", basic("nobody", citi.clientSecret())});
        cases.put("another client's secret", new String[] {"Authorization",
                basic("local-triple", citi.clientSecret())});
        cases.put("a bearer token instead of client credentials", new String[] {"Authorization",
                "Bearer " + shared.token("local-citi")});
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            String[] headers = Stream.concat(Stream.of(c.getValue()),
                    Stream.of("Content-Type", "application/x-www-form-urlencoded")).toArray(String[]::new);
            Api.Response r = Api.call("POST", "/oauth2/token", null, "grant_type=client_credentials", headers);
            Dialects.assertUnauthorized(Dialect.OAUTH, r, c.getKey());
            assertEquals("no-store", r.header("Cache-Control").orElse(""), c.getKey());
            assertFalse(r.body().contains("access_token"), c.getKey());
        }
        Api.Response scope = Api.call("POST", "/oauth2/token", null, "grant_type=client_credentials&scope=cards%3Ainternal",
                "Authorization", basic("local-citi", citi.clientSecret()), "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(400, scope.status(), scope.body());
        assertEquals("invalid_scope", scope.json().path("error").asText(), scope.body());
    }

    // ---------------------------------------------------------------------------------------------------------

    static Api.Response call(Endpoint e, String token) {
        String path = e.path(Map.of());
        Object body = e.hasBody() ? e.sampleBody() : null;
        if (e.routed()) {
            return Api.call(e.method(), path, token, body, e.sampleHeaders());
        }
        return Api.direct(e.service(), e.method(), path, token, body, e.sampleHeaders());
    }

    static Api.Response callWithAuthorization(Endpoint e, String authorization) {
        String[] headers = Stream.concat(Stream.of(e.sampleHeaders()), Stream.of("Authorization", authorization))
                .toArray(String[]::new);
        Object body = e.hasBody() ? e.sampleBody() : null;
        String path = e.path(Map.of());
        return e.routed() ? Api.call(e.method(), path, null, body, headers)
                : Api.direct(e.service(), e.method(), path, null, body, headers);
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** The classic confusion attack: HS256 keyed with the public key (PEM of the published RSA key). */
    static String hs256WithPublicKey(String payload) throws Exception {
        PublicJsonWebKey jwk = (PublicJsonWebKey) new JsonWebKeySet(shared.jwksJson()).getJsonWebKeys().get(0);
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(jwk.getPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + shared.keyId() + "\"}");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(pem.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        byte[] signature = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
