package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.JWTBearerGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.assertions.jwt.JWTAssertionDetails;
import com.nimbusds.oauth2.sdk.assertions.jwt.JWTAssertionFactory;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.Subject;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLSocketFactory;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A partner's standard OAuth client, written by no one here, against the platform's front door: the Nimbus OAuth 2.0
 * SDK discovers the authorization server from the issuer {@code https://localhost:<front door port>} (RFC 8414,
 * trusting only the stack's certificate), runs client_credentials with client_secret_basic and client_secret_post
 * and the RFC 7523 JWT bearer grant with ES256 and RS256 assertions; Nimbus JOSE+JWT verifies each access token with
 * the keys of the metadata's {@code jwks_uri}; the four resource APIs accept those tokens and refuse the same claims
 * under another {@code iss}. Also: the Kubernetes issuer is the Ingress host that routes the metadata and the token
 * endpoint (the rendered overlays).
 */
@Order(2)
class OAuthInteropIT {

    static final String RUN = Long.toString(System.currentTimeMillis(), 36).toUpperCase();
    static final String JWT_CLIENT = "interop-d1-" + RUN.toLowerCase();
    static final Set<String> REQUIRED_CLAIMS = Set.of("iss", "aud", "sub", "iat", "exp", "jti", "scope");

    static SharedStack shared;
    static String issuer;
    static SSLSocketFactory tls;
    static AuthorizationServerMetadata metadata;

    @BeforeAll
    static void discover() throws Exception {
        shared = SharedStack.get();
        issuer = shared.baseUrl();
        tls = SharedStack.sslContext(shared.stack().secrets().certificate()).getSocketFactory();
        metadata = AuthorizationServerMetadata.resolve(new Issuer(issuer), OAuthInteropIT::configure);
    }

    @Test
    void aStandardClientDiscoversThePlatformFromItsFrontDoor() {
        assertEquals(issuer, shared.stack().issuer(), "the launcher's issuer is the front door");
        assertEquals(issuer, metadata.getIssuer().getValue());
        assertEquals(URI.create(issuer + "/oauth2/token"), metadata.getTokenEndpointURI());
        assertEquals(URI.create(issuer + "/.well-known/jwks.json"), metadata.getJWKSetURI());
        assertEquals(List.of(GrantType.CLIENT_CREDENTIALS, GrantType.JWT_BEARER), metadata.getGrantTypes());
        assertEquals(List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST),
                metadata.getTokenEndpointAuthMethods());
        assertNull(metadata.getAuthorizationEndpointURI());
        assertNull(metadata.getResponseTypes(), "no authorization endpoint, so no response type");
    }

    @Test
    void clientCredentialsWithClientSecretBasicAndClientSecretPost() throws Exception {
        LocalSecrets.Client triple = shared.stack().secrets().client("local-triple");
        JWTClaimsSet basic = verify(token(new ClientSecretBasic(new ClientID(triple.clientId()),
                new Secret(triple.clientSecret())), new ClientCredentialsGrant(), null));
        assertEquals("local-triple", basic.getSubject());
        // no scope asked: every scope of the client (RFC 6749 §3.3, the server's documented default)
        assertEquals(String.join(" ", triple.scopes()), basic.getStringClaim("scope"));
        assertTrue(triple.scopes().contains("api.tripleup.com/partner.publishers"), triple.scopes().toString());

        LocalSecrets.Client d1 = shared.stack().secrets().client("local-d1-issuer");
        JWTClaimsSet post = verify(token(new ClientSecretPost(new ClientID(d1.clientId()), new Secret(d1.clientSecret())),
                new ClientCredentialsGrant(), new Scope("consumers:operations")));
        assertEquals("local-d1-issuer", post.getSubject());
        assertEquals("consumers:operations", post.getStringClaim("scope"));
        assertEquals(LocalSecrets.DEMO_ISSUER, post.getStringClaim("issuer_id"));
    }

    @Test
    void jwtBearerWithEs256AndRs256AssertionsThroughTheFrontDoor() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("interop-es256").generate();
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("interop-rs256").generate();
        register(JWT_CLIENT, List.of(ec.toPublicJWK().toJSONString(), rsa.toPublicJWK().toJSONString()));

        SignedJWT es256 = JWTAssertionFactory.create(assertionDetails(), JWSAlgorithm.ES256, ec.toECPrivateKey(),
                ec.getKeyID(), null);
        SignedJWT rs256 = JWTAssertionFactory.create(assertionDetails(), JWSAlgorithm.RS256, rsa.toRSAPrivateKey(),
                rsa.getKeyID(), null);
        for (SignedJWT assertion : List.of(es256, rs256)) {
            shared.sensitive(assertion.serialize());
            String token = token(null, new JWTBearerGrant(assertion), null);
            JWTClaimsSet claims = verify(token);
            assertEquals(JWT_CLIENT, claims.getSubject());
            assertEquals(LocalSecrets.DEMO_ISSUER, claims.getStringClaim("issuer_id"));
            // and D1 itself takes it
            Api.Response operations = Api.call("GET", "/issuers/" + LocalSecrets.DEMO_ISSUER + "/consumers/interop-"
                    + RUN + "/operations", token, null);
            assertEquals(200, operations.status(), operations.body());
        }
    }

    @Test
    void everyResourceApiAcceptsTheIssuersTokensAndRefusesAnotherIss() throws Exception {
        LocalSecrets secrets = shared.stack().secrets();
        String quote = String.valueOf(ThreadLocalRandom.current().nextLong(1_000_000_000_000L, 9_999_999_999_999L));
        List<String> wrong = new ArrayList<>();
        // the API's call, its client, scope and issuer binding, and the answer of an authenticated caller
        for (Object[] api : new Object[][] {
            {"GET", "/issuers/" + LocalSecrets.DEMO_ISSUER + "/consumers/interop-" + RUN + "/operations", null,
                "local-d1-issuer", "consumers:operations", LocalSecrets.DEMO_ISSUER, 200},
            {"GET", "/issuers/" + LocalSecrets.DEMO_ISSUER + "/cards/INTEROP-" + RUN, null,
                "local-d1-issuer", "cards:provisioning", LocalSecrets.DEMO_ISSUER, 404},
            {"POST", "/cards/v1/set-activation-codes", List.of(Map.of("quoteNumber", quote,
                "proxyNumber", "60395" + quote, "activationCode", shared.sensitive("Io" + RUN))),
                "local-blackhawk", "cards:activation-codes", LocalSecrets.DEMO_ISSUER, 200},
            {"GET", "/partner/publishers/triple-interop-" + RUN, null,
                "local-triple", "api.tripleup.com/partner.publishers", null, 404}}) {
            String method = (String) api[0];
            String path = (String) api[1];
            LocalSecrets.Client client = secrets.client((String) api[3]);
            String scope = (String) api[4];
            int authenticated = (Integer) api[6];

            String issued = token(new ClientSecretBasic(new ClientID(client.clientId()), new Secret(client.clientSecret())),
                    new ClientCredentialsGrant(), new Scope(scope));
            Api.Response accepted = Api.call(method, path, issued, api[2]);
            if (accepted.status() != authenticated) {
                wrong.add(method + " " + path + " with the issued token: " + accepted);
            }
            // the same claims under the issuer the stack had before, signed with the stack's real key
            JwtClaims claims = SharedStack.claims(client.clientId(), (String) api[5], scope);
            claims.setIssuer("https://auth.card-platform.local");
            Api.Response refused = Api.call(method, path, shared.sign(claims), api[2]);
            if (refused.status() != 401) {
                wrong.add(method + " " + path + " with iss https://auth.card-platform.local: " + refused);
            }
            claims.setIssuer(issuer);
            Api.Response control = Api.call(method, path, shared.sign(claims), api[2]);
            if (control.status() != authenticated) {
                wrong.add(method + " " + path + " with the same claims and iss " + issuer + ": " + control);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void kubernetesIssuerIsTheIngressHostThatServesTheMetadataAndTheTokenEndpoint() throws Exception {
        for (String overlay : List.of("dev", "prod")) {
            Path rendered = SharedStack.ROOT.resolve("deploy/k8s/rendered/" + overlay + ".yaml");
            Map<String, String> config = new LinkedHashMap<>();
            Set<String> hosts = new TreeSet<>();
            Set<String> tlsHosts = new TreeSet<>();
            try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(rendered.toFile())) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    if (doc == null) {
                        continue;
                    }
                    String kind = doc.path("kind").asText();
                    if (kind.equals("ConfigMap") && doc.path("metadata").path("name").asText().startsWith("platform-config")) {
                        doc.path("data").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
                    } else if (kind.equals("Ingress")) {
                        doc.path("spec").path("rules").forEach(rule -> hosts.add(rule.path("host").asText()));
                        doc.path("spec").path("tls").forEach(t -> t.path("hosts").forEach(h -> tlsHosts.add(h.asText())));
                    }
                }
            }
            assertEquals(1, hosts.size(), overlay + ": one host " + hosts);
            String host = hosts.iterator().next();
            assertEquals(Set.of(host), tlsHosts, overlay + ": TLS for that host");
            assertEquals("https://" + host, config.get("PLATFORM_TOKEN_ISSUER"), overlay + ": the issuer");
            assertFalse(config.containsKey("PLATFORM_TOKEN_ENDPOINT"), overlay + ": the token endpoint is the issuer's");
            RouteTable routes = RouteTable.fromIngressFiles(List.of(rendered));
            for (String path : List.of("/.well-known/oauth-authorization-server", "/oauth2/token", "/.well-known/jwks.json")) {
                assertEquals("auth-service", routes.match(path).map(RouteTable.Route::service).orElse("none"),
                        overlay + ": " + path);
            }
        }
    }

    // ---- helpers: Nimbus for everything OAuth -------------------------------------------------------------------

    private static void configure(HTTPRequest request) {
        request.setSSLSocketFactory(tls);
        request.setConnectTimeout(5_000);
        request.setReadTimeout(30_000);
    }

    /** An access token from the discovered token endpoint (no-store checked), recorded for the log scan. */
    private static String token(ClientAuthentication authentication, AuthorizationGrant grant, Scope scope)
            throws Exception {
        TokenRequest.Builder builder = authentication == null
                ? new TokenRequest.Builder(metadata.getTokenEndpointURI(), grant)
                : new TokenRequest.Builder(metadata.getTokenEndpointURI(), authentication, grant);
        HTTPRequest request = builder.scope(scope).build().toHTTPRequest();
        configure(request);
        HTTPResponse response = request.send();
        TokenResponse parsed = TokenResponse.parse(response);
        assertTrue(parsed.indicatesSuccess(), () -> "token error " + response.getStatusCode() + ": " + response.getBody());
        assertEquals("no-store", response.getHeaderValue("Cache-Control"));
        return shared.sensitive(parsed.toSuccessResponse().getTokens().getAccessToken().getValue());
    }

    /** As a resource server would: keys from the metadata's jwks_uri (through the front door), iss, aud, exp. */
    private static JWTClaimsSet verify(String token) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                JWKSourceBuilder.<SecurityContext>create(metadata.getJWKSetURI().toURL(),
                        new DefaultResourceRetriever(5_000, 30_000, 64 * 1024, true, tls)).retrying(false).build()));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>("card-platform",
                new JWTClaimsSet.Builder().issuer(metadata.getIssuer().getValue()).build(), REQUIRED_CLAIMS));
        JWTClaimsSet claims = processor.process(token, null);
        assertEquals(issuer, claims.getIssuer());
        return claims;
    }

    /** iss = sub = the client, aud = the discovered token endpoint, exp in 5 minutes, a new jti. */
    private static JWTAssertionDetails assertionDetails() {
        return new JWTAssertionDetails(new Issuer(JWT_CLIENT), new Subject(JWT_CLIENT),
                new Audience(metadata.getTokenEndpointURI()));
    }

    /**
     * Registers a client with assertion keys and no secret. auth-service registers clients from its bootstrap file at
     * start (which belongs to the launcher's demo clients); these are the rows it writes for an entry with "keys".
     */
    private static void register(String clientId, List<String> publicJwks) throws Exception {
        try (Connection c = shared.jdbc()) {
            c.setAutoCommit(false);
            try (PreparedStatement client = c.prepareStatement("INSERT INTO auth.clients (client_id, secret_digest, "
                    + "scopes, issuer_id, enabled) VALUES (?, NULL, 'consumers:operations', ?, true)")) {
                client.setString(1, clientId);
                client.setString(2, LocalSecrets.DEMO_ISSUER);
                client.executeUpdate();
            }
            for (String jwk : publicJwks) {
                try (PreparedStatement key = c.prepareStatement(
                        "INSERT INTO auth.client_keys (client_id, kid, public_jwk) VALUES (?, ?, ?)")) {
                    key.setString(1, clientId);
                    key.setString(2, SharedStack.JSON.readTree(jwk).path("kid").asText());
                    key.setString(3, jwk);
                    key.executeUpdate();
                }
            }
            c.commit();
        }
    }
}
