package com.cardplatform.auth;

import static com.cardplatform.auth.InteropTestResource.D1_CLIENT;
import static com.cardplatform.auth.InteropTestResource.D1_EC;
import static com.cardplatform.auth.InteropTestResource.D1_RSA;
import static com.cardplatform.auth.InteropTestResource.ISSUER;
import static com.cardplatform.auth.InteropTestResource.PARTNER;
import static com.cardplatform.auth.InteropTestResource.PARTNER_SECRET;
import static com.cardplatform.auth.InteropTestResource.SIGNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.JWTBearerGrant;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
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
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;
import net.minidev.json.JSONObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The partner's side played by implementations no one here wrote: the Nimbus OAuth 2.0 SDK discovers the server
 * from its issuer (RFC 8414) over HTTPS and runs both grants with its own request and response classes
 * (client_credentials with client_secret_basic and client_secret_post, RFC 7523 JWT bearer with ES256 and RS256
 * assertions it builds itself); Nimbus JOSE+JWT verifies every access token with the keys it fetches from the
 * metadata's {@code jwks_uri}: signature, {@code iss}, {@code aud}, {@code exp}.
 */
@QuarkusTest
@WithTestResource(InteropTestResource.class)
class OAuthInteropTest {

    private static final Set<String> REQUIRED_CLAIMS = Set.of("iss", "aud", "sub", "iat", "exp", "jti", "scope");

    private SSLSocketFactory tls;
    private AuthorizationServerMetadata metadata;

    @BeforeEach
    void discover() throws Exception {
        tls = InteropTestResource.trustingTheTestCertificate();
        metadata = AuthorizationServerMetadata.resolve(new Issuer(ISSUER), this::configure);
    }

    // ---- discovery (RFC 8414) -----------------------------------------------------------------------------------

    @Test
    void aStandardClientDiscoversTheServerFromItsIssuer() {
        assertEquals(ISSUER, metadata.getIssuer().getValue());
        assertEquals(URI.create(ISSUER + "/oauth2/token"), metadata.getTokenEndpointURI());
        assertEquals(URI.create(ISSUER + "/.well-known/jwks.json"), metadata.getJWKSetURI());
        assertEquals(List.of(GrantType.CLIENT_CREDENTIALS, GrantType.JWT_BEARER), metadata.getGrantTypes());
        assertEquals(List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST),
                metadata.getTokenEndpointAuthMethods());
        assertTrue(metadata.getScopes().contains("cards:status"), "scopes_supported: " + metadata.getScopes());
        // nothing that does not exist: no authorization endpoint, hence no response type
        assertNull(metadata.getAuthorizationEndpointURI());
        assertNull(metadata.getResponseTypes());
    }

    @Test
    void theMetadataHasNoEmptyMember() throws Exception {
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET,
                URI.create(ISSUER + "/.well-known/oauth-authorization-server"));
        configure(request);
        HTTPResponse response = request.send();
        assertEquals(200, response.getStatusCode());
        assertTrue(response.getHeaderValue("Content-Type").startsWith("application/json"));
        JSONObject json = response.getBodyAsJSONObject();
        assertFalse(json.containsKey("response_types_supported"), "omitted, not [\"token\"] nor []: " + json);
        // RFC 8414 section 3.2: "Claims with zero elements MUST be omitted from the response"
        for (Map.Entry<String, Object> member : json.entrySet()) {
            Object value = member.getValue();
            assertFalse(value == null || value instanceof Collection<?> c && c.isEmpty()
                    || value instanceof String s && s.isEmpty(), member.getKey() + " is empty");
        }
    }

    @Test
    void discoveryUnderAnotherNameIsRefusedBecauseTheIssuerDiffers() {
        // the same server reached as https://127.0.0.1:<port> (in the certificate): its metadata names another issuer
        String otherName = ISSUER.replace("localhost", "127.0.0.1");
        GeneralException refused = assertThrows(GeneralException.class,
                () -> AuthorizationServerMetadata.resolve(new Issuer(otherName), this::configure));
        assertTrue(refused.getMessage().contains("issuer"), refused.getMessage());
    }

    // ---- client credentials --------------------------------------------------------------------------------------

    @Test
    void clientCredentialsWithClientSecretBasic() throws Exception {
        ClientSecretBasic basic = new ClientSecretBasic(new ClientID(PARTNER), new Secret(PARTNER_SECRET));
        TokenRequest request = new TokenRequest.Builder(metadata.getTokenEndpointURI(), basic,
                new ClientCredentialsGrant()).scope(new Scope("cards:status")).build();
        HTTPRequest http = request.toHTTPRequest();
        assertTrue(http.getAuthorization().startsWith("Basic "), "the SDK authenticates with HTTP Basic");
        assertNull(http.getBodyAsFormParameters().get("client_secret"));

        JWTClaimsSet claims = verify(success(send(http), "cards:status"));
        assertEquals(PARTNER, claims.getSubject());
        assertEquals("cards:status", claims.getStringClaim("scope"));
        assertEquals("INTEROP001", claims.getStringClaim("issuer_id"));
    }

    @Test
    void clientCredentialsWithClientSecretPost() throws Exception {
        ClientSecretPost post = new ClientSecretPost(new ClientID(PARTNER), new Secret(PARTNER_SECRET));
        HTTPRequest http = new TokenRequest.Builder(metadata.getTokenEndpointURI(), post, new ClientCredentialsGrant())
                .build().toHTTPRequest();
        assertNull(http.getAuthorization(), "the SDK sends the credentials in the form, not in a header");
        assertEquals(List.of(PARTNER_SECRET), http.getBodyAsFormParameters().get("client_secret"));

        JWTClaimsSet claims = verify(success(send(http), "cards:status cards:tracking"));
        assertEquals(PARTNER, claims.getSubject());
    }

    @Test
    void aWrongSecretIsAnInvalidClientErrorTheSdkUnderstands() throws Exception {
        for (ClientAuthentication wrong : List.of(
                new ClientSecretBasic(new ClientID(PARTNER), new Secret(PARTNER_SECRET + "x")),
                new ClientSecretPost(new ClientID(PARTNER), new Secret(PARTNER_SECRET + "x")))) {
            TokenErrorResponse error = failure(send(new TokenRequest.Builder(metadata.getTokenEndpointURI(), wrong,
                    new ClientCredentialsGrant()).build().toHTTPRequest()));
            assertEquals(OAuth2Error.INVALID_CLIENT.getCode(), error.getErrorObject().getCode());
            assertEquals(401, error.getErrorObject().getHTTPStatusCode());
        }
    }

    // ---- JWT bearer (RFC 7523) -----------------------------------------------------------------------------------

    @Test
    void jwtBearerWithAnEs256Assertion() throws Exception {
        SignedJWT assertion = JWTAssertionFactory.create(assertionFor(D1_CLIENT), JWSAlgorithm.ES256,
                D1_EC.toECPrivateKey(), D1_EC.getKeyID(), null);
        JWTClaimsSet claims = verify(success(jwtBearer(assertion, new Scope("consumers:operations")),
                "consumers:operations"));
        assertEquals(D1_CLIENT, claims.getSubject());
        assertEquals("INTEROP002", claims.getStringClaim("issuer_id"));
    }

    @Test
    void jwtBearerWithAnRs256Assertion() throws Exception {
        SignedJWT assertion = JWTAssertionFactory.create(assertionFor(D1_CLIENT), JWSAlgorithm.RS256,
                D1_RSA.toRSAPrivateKey(), D1_RSA.getKeyID(), null);
        JWTClaimsSet claims = verify(success(jwtBearer(assertion, null), "consumers:operations cards:tracking"));
        assertEquals(D1_CLIENT, claims.getSubject());
    }

    @Test
    void aReplayedAssertionIsAnInvalidGrantErrorTheSdkUnderstands() throws Exception {
        SignedJWT assertion = JWTAssertionFactory.create(assertionFor(D1_CLIENT), JWSAlgorithm.ES256,
                D1_EC.toECPrivateKey(), D1_EC.getKeyID(), null);
        success(jwtBearer(assertion, null), "consumers:operations cards:tracking");
        TokenErrorResponse replay = failure(jwtBearer(assertion, null));
        assertEquals(OAuth2Error.INVALID_GRANT.getCode(), replay.getErrorObject().getCode());
        assertEquals(400, replay.getErrorObject().getHTTPStatusCode());
    }

    // ---- the verifier checks what it claims to check --------------------------------------------------------------

    @Test
    void theVerifierRefusesTokensOfAnotherIssuerAudienceOrKeyAndExpiredOnes() throws Exception {
        String issued = success(send(new TokenRequest.Builder(metadata.getTokenEndpointURI(),
                new ClientSecretBasic(new ClientID(PARTNER), new Secret(PARTNER_SECRET)), new ClientCredentialsGrant())
                .build().toHTTPRequest()), "cards:status cards:tracking").getTokens().getAccessToken().getValue();
        URI jwks = metadata.getJWKSetURI();
        assertNotNull(verify(issued, jwks, ISSUER, "card-platform"), "the control: the issued token verifies");
        assertThrows(BadJWTException.class, () -> verify(issued, jwks, "https://auth.card-platform.local", "card-platform"));
        assertThrows(BadJWTException.class, () -> verify(issued, jwks, ISSUER, "another-api"));

        JWTClaimsSet claims = SignedJWT.parse(issued).getJWTClaimsSet();
        Date past = new Date(System.currentTimeMillis() - 600_000);
        JWTClaimsSet expired = new JWTClaimsSet.Builder(claims).issueTime(new Date(past.getTime() - 900_000))
                .expirationTime(past).build();
        assertThrows(BadJWTException.class, () -> verify(sign(expired, SIGNING), jwks, ISSUER, "card-platform"));
        RSAKey foreign = new RSAKeyGenerator(2048).keyID(SIGNING.getKeyID()).generate();
        assertThrows(BadJOSEException.class, () -> verify(sign(claims, foreign), jwks, ISSUER, "card-platform"));
    }

    // ---- helpers: Nimbus all the way ------------------------------------------------------------------------------

    private void configure(HTTPRequest request) {
        request.setSSLSocketFactory(tls);
        request.setConnectTimeout(5_000);
        request.setReadTimeout(30_000);
    }

    private HTTPResponse send(HTTPRequest request) throws Exception {
        configure(request);
        return request.send();
    }

    private HTTPResponse jwtBearer(SignedJWT assertion, Scope scope) throws Exception {
        AuthorizationGrant grant = new JWTBearerGrant(assertion);
        return send(new TokenRequest.Builder(metadata.getTokenEndpointURI(), grant).scope(scope).build().toHTTPRequest());
    }

    /** iss = sub = the client, aud = the token endpoint the metadata names; exp in 5 minutes, a new jti. */
    private JWTAssertionDetails assertionFor(String clientId) {
        return new JWTAssertionDetails(new Issuer(clientId), new Subject(clientId),
                new Audience(metadata.getTokenEndpointURI()));
    }

    private static AccessTokenResponse success(HTTPResponse response, String scope) throws Exception {
        TokenResponse parsed = TokenResponse.parse(response);
        assertTrue(parsed.indicatesSuccess(), () -> "token error: " + response.getBody());
        assertEquals("no-store", response.getHeaderValue("Cache-Control"));
        AccessTokenResponse success = parsed.toSuccessResponse();
        assertEquals(AccessTokenType.BEARER, success.getTokens().getAccessToken().getType());
        assertEquals(900L, success.getTokens().getAccessToken().getLifetime());
        assertEquals(new Scope(scope.split(" ")), success.getTokens().getAccessToken().getScope());
        return success;
    }

    private static TokenErrorResponse failure(HTTPResponse response) throws Exception {
        TokenResponse parsed = TokenResponse.parse(response);
        assertFalse(parsed.indicatesSuccess(), () -> "expected an error: " + response.getBody());
        return assertInstanceOf(TokenErrorResponse.class, parsed);
    }

    /** The access token as a resource server verifies it: keys from the metadata's jwks_uri, iss, aud, exp. */
    private JWTClaimsSet verify(AccessTokenResponse response) throws Exception {
        JWTClaimsSet claims = verify(response.getTokens().getAccessToken().getValue(), metadata.getJWKSetURI(),
                metadata.getIssuer().getValue(), "card-platform");
        assertEquals(ISSUER, claims.getIssuer());
        return claims;
    }

    private JWTClaimsSet verify(String token, URI jwksUri, String issuer, String audience) throws Exception {
        DefaultResourceRetriever retriever = new DefaultResourceRetriever(5_000, 30_000, 64 * 1024, true, tls);
        JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(jwksUri.toURL(), retriever)
                .retrying(false).build();
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(issuer).build(), REQUIRED_CLAIMS));
        return processor.process(token, null);
    }

    private static String sign(JWTClaimsSet claims, RSAKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
