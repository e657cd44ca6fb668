package com.cardplatform.auth;

import static com.cardplatform.auth.AuthTestResource.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code POST /oauth2/token}: both grants and every RFC 6749 section 5.2 error case. */
@QuarkusTest
@WithTestResource(AuthTestResource.class)
class TokenEndpointTest {

    // ---- client credentials ------------------------------------------------------------------------------

    @Test
    void issuesRs256TokenWithEveryClaimForBasicCredentials() {
        JsonPath body = given().auth().preemptive().basic(PARTNER, PARTNER_SECRET)
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .when().post("/oauth2/token")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(900))
                .body("scope", equalTo("cards:status cards:tracking"))
                .extract().jsonPath();
        String token = body.getString("access_token");
        Map<String, Object> header = part(token, 0);
        Map<String, Object> claims = part(token, 1);
        assertEquals("RS256", header.get("alg"));
        assertEquals(SIGNING_KID, header.get("kid"));
        assertEquals(ISSUER, claims.get("iss"));
        assertEquals("card-platform", audience(claims));
        assertEquals(PARTNER, claims.get("sub"));
        assertEquals("cards:status cards:tracking", claims.get("scope"));
        assertEquals("ISSUER0001", claims.get("issuer_id"));
        assertEquals(900L, ((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue());
        assertNotEquals(null, claims.get("jti"));
    }

    /** The services' own scopes come in tokens of their own audience, which partner endpoints refuse. */
    @Test
    void internalScopesAreIssuedForTheInternalAudienceAndNeverBesidePartnerScopes() {
        String token = given().auth().preemptive().basic(INTERNAL, INTERNAL_SECRET)
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("scope", "cards:internal")
                .when().post("/oauth2/token")
                .then().statusCode(200).body("scope", equalTo("cards:internal"))
                .extract().jsonPath().getString("access_token");
        Map<String, Object> claims = part(token, 1);
        assertEquals("card-platform-internal", audience(claims));
        assertEquals(null, claims.get("issuer_id"));
        // a partner scope is not this client's: invalid_scope, as for any scope it does not hold
        given().auth().preemptive().basic(INTERNAL, INTERNAL_SECRET)
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("scope", "cards:internal cards:status")
                .when().post("/oauth2/token")
                .then().statusCode(400).body("error", equalTo("invalid_scope"));
    }

    @Test
    void acceptsCredentialsInTheForm() {
        given().contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", PARTNER)
                .formParam("client_secret", PARTNER_SECRET)
                .when().post("/oauth2/token")
                .then().statusCode(200)
                .body("access_token", notNullValue());
    }

    @Test
    void narrowsTheScopeToTheRequestedSubset() {
        String token = clientCredentials("cards:status").then().statusCode(200)
                .body("scope", equalTo("cards:status"))
                .extract().path("access_token");
        assertEquals("cards:status", part(token, 1).get("scope"));
    }

    @Test
    void refusesAScopeTheClientDoesNotHave() {
        assertOAuthError(clientCredentials("cards:status consumers:operations"), 400, "invalid_scope");
    }

    @Test
    void refusesAMalformedScope() {
        assertOAuthError(clientCredentials("cards:status\"quoted"), 400, "invalid_scope");
    }

    @Test
    void refusesAnUnknownClientWithAChallenge() {
        Response response = given().auth().preemptive().basic("nobody", PARTNER_SECRET)
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .post("/oauth2/token");
        assertOAuthError(response, 401, "invalid_client");
        response.then().header("WWW-Authenticate", containsString("Basic"));
    }

    @Test
    void refusesAWrongSecretWithTheSameAnswerAsAnUnknownClient() {
        Response wrong = given().auth().preemptive().basic(PARTNER, PARTNER_SECRET + "x")
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .post("/oauth2/token");
        assertOAuthError(wrong, 401, "invalid_client");
        Response unknown = given().auth().preemptive().basic("nobody", PARTNER_SECRET)
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .post("/oauth2/token");
        assertEquals(wrong.jsonPath().getString("error_description"), unknown.jsonPath().getString("error_description"));
    }

    @Test
    void refusesADisabledClient() {
        assertOAuthError(given().auth().preemptive().basic(DISABLED, DISABLED_SECRET)
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .post("/oauth2/token"), 401, "invalid_client");
    }

    @Test
    void refusesMissingCredentials() {
        assertOAuthError(given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .post("/oauth2/token"), 401, "invalid_client");
    }

    @Test
    void refusesAMalformedBasicHeader() {
        assertOAuthError(given().header("Authorization", "Basic !!!not-base64")
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .post("/oauth2/token"), 401, "invalid_client");
    }

    @Test
    void refusesAMissingGrantType() {
        assertOAuthError(given().auth().preemptive().basic(PARTNER, PARTNER_SECRET)
                .contentType(ContentType.URLENC).formParam("scope", "cards:status")
                .post("/oauth2/token"), 400, "invalid_request");
    }

    @Test
    void refusesAnUnsupportedGrantType() {
        assertOAuthError(given().auth().preemptive().basic(PARTNER, PARTNER_SECRET)
                .contentType(ContentType.URLENC).formParam("grant_type", "password")
                .post("/oauth2/token"), 400, "unsupported_grant_type");
    }

    @Test
    void refusesTwoAuthenticationMethods() {
        assertOAuthError(given().auth().preemptive().basic(PARTNER, PARTNER_SECRET)
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_secret", PARTNER_SECRET)
                .post("/oauth2/token"), 400, "invalid_request");
    }

    @Test
    void refusesARepeatedParameter() {
        assertOAuthError(given().auth().preemptive().basic(PARTNER, PARTNER_SECRET)
                .contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials", "client_credentials")
                .post("/oauth2/token"), 400, "invalid_request");
    }

    @Test
    void refusesAnOverlongSecretWithoutEchoingIt() {
        String huge = "s".repeat(600);
        Response response = given().contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", PARTNER)
                .formParam("client_secret", huge)
                .post("/oauth2/token");
        assertOAuthError(response, 400, "invalid_request");
        response.then().body(not(containsString(huge)));
    }

    @Test
    void refusesAJsonBody() {
        assertOAuthError(given().contentType(ContentType.JSON).body("{\"grant_type\":\"client_credentials\"}")
                .post("/oauth2/token"), 415, "invalid_request");
    }

    @Test
    void refusesABodyLargerThanTheLimit() {
        given().contentType(ContentType.URLENC)
                .body("grant_type=client_credentials&scope=" + "a".repeat(20_000))
                .post("/oauth2/token")
                .then().statusCode(413)
                .contentType(ContentType.JSON)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void answersWrongMethodAndUnknownPathInTheOAuthDialect() {
        given().get("/oauth2/token").then().statusCode(405).contentType(ContentType.JSON)
                .body("error", equalTo("method_not_allowed"));
        given().get("/no/such/path").then().statusCode(404).contentType(ContentType.JSON)
                .body("error", equalTo("not_found"));
    }

    // ---- JWT bearer (RFC 7523) ---------------------------------------------------------------------------

    @Test
    void issuesATokenForAnEs256Assertion() {
        String token = jwtBearer(assertion(D1_CLIENT, EC_KID, D1_EC.getPrivate(), SignatureAlgorithm.ES256)
                .sign(D1_EC.getPrivate()))
                .then().statusCode(200)
                .body("scope", equalTo("consumers:operations cards:tracking"))
                .extract().path("access_token");
        Map<String, Object> claims = part(token, 1);
        assertEquals(D1_CLIENT, claims.get("sub"));
        assertEquals("ISSUER0002", claims.get("issuer_id"));
    }

    @Test
    void issuesATokenForAnRs256Assertion() {
        jwtBearer(claims(D1_CLIENT, 300).jws().keyId(RSA_KID).algorithm(SignatureAlgorithm.RS256)
                .sign(D1_RSA.getPrivate()))
                .then().statusCode(200).body("access_token", notNullValue());
    }

    @Test
    void refusesAMalformedAssertion() {
        assertOAuthError(jwtBearer("not.a-jwt"), 400, "invalid_grant");
        assertOAuthError(jwtBearer("eyJhbGciOiJub25lIn0.e30."), 400, "invalid_grant");
    }

    @Test
    void refusesAMissingAssertion() {
        assertOAuthError(given().contentType(ContentType.URLENC)
                .formParam("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
                .post("/oauth2/token"), 400, "invalid_request");
    }

    @Test
    void refusesAnExpiredAssertion() {
        long now = System.currentTimeMillis() / 1000;
        String expired = claims(D1_CLIENT, 300).issuedAt(now - 1200).expiresAt(now - 600)
                .jws().keyId(EC_KID).algorithm(SignatureAlgorithm.ES256).sign(D1_EC.getPrivate());
        assertOAuthError(jwtBearer(expired), 400, "invalid_grant")
                .then().body("error_description", containsString("expired"));
    }

    @Test
    void refusesAnAssertionLivingLongerThanFifteenMinutes() {
        String tooLong = claims(D1_CLIENT, 3600).jws().keyId(EC_KID).algorithm(SignatureAlgorithm.ES256)
                .sign(D1_EC.getPrivate());
        assertOAuthError(jwtBearer(tooLong), 400, "invalid_grant");
    }

    @Test
    void refusesAnAssertionSignedByAnUnregisteredKey() {
        String forged = claims(D1_CLIENT, 300).jws().keyId(EC_KID).algorithm(SignatureAlgorithm.ES256)
                .sign(UNREGISTERED_EC.getPrivate());
        assertOAuthError(jwtBearer(forged), 400, "invalid_grant");
        String unknownKid = claims(D1_CLIENT, 300).jws().keyId("no-such-kid").algorithm(SignatureAlgorithm.ES256)
                .sign(D1_EC.getPrivate());
        assertOAuthError(jwtBearer(unknownKid), 400, "invalid_grant");
    }

    @Test
    void refusesAnAssertionForAnotherAudience() {
        String wrongAudience = claims(D1_CLIENT, 300).audience("https://elsewhere.example/token")
                .jws().keyId(EC_KID).algorithm(SignatureAlgorithm.ES256).sign(D1_EC.getPrivate());
        assertOAuthError(jwtBearer(wrongAudience), 400, "invalid_grant");
    }

    @Test
    void refusesAnAssertionOfAnUnknownOrDisabledClient() {
        assertOAuthError(jwtBearer(claims("no-such-client", 300).jws().keyId(EC_KID)
                .algorithm(SignatureAlgorithm.ES256).sign(D1_EC.getPrivate())), 400, "invalid_grant");
        assertOAuthError(jwtBearer(claims(DISABLED_D1, 300).jws().keyId("x-" + EC_KID)
                .algorithm(SignatureAlgorithm.ES256).sign(D1_EC.getPrivate())), 400, "invalid_grant");
    }

    @Test
    void unknownClientDisabledClientWrongSignatureAndUnregisteredKeyGetOneAndTheSameAnswer() {
        Map<String, String> assertions = new java.util.LinkedHashMap<>();
        assertions.put("unknown client", claims("no-such-client", 300).jws().keyId(EC_KID)
                .algorithm(SignatureAlgorithm.ES256).sign(D1_EC.getPrivate()));
        // correctly signed by its registered key: disabled is told only once the signature has verified, and
        // then in the same words
        assertions.put("disabled client", claims(DISABLED_D1, 300).jws().keyId("x-" + EC_KID)
                .algorithm(SignatureAlgorithm.ES256).sign(D1_EC.getPrivate()));
        assertions.put("wrong signature", claims(D1_CLIENT, 300).jws().keyId(EC_KID)
                .algorithm(SignatureAlgorithm.ES256).sign(UNREGISTERED_EC.getPrivate()));
        assertions.put("unregistered key", claims(D1_CLIENT, 300).jws().keyId("no-such-kid")
                .algorithm(SignatureAlgorithm.ES256).sign(D1_EC.getPrivate()));
        assertions.put("RS256 under an EC key's kid", claims(D1_CLIENT, 300).jws().keyId(EC_KID)
                .algorithm(SignatureAlgorithm.RS256).sign(D1_RSA.getPrivate()));
        java.util.Set<String> descriptions = new java.util.HashSet<>();
        assertions.forEach((name, assertion) -> descriptions.add(
                assertOAuthError(jwtBearer(assertion), 400, "invalid_grant").jsonPath().getString("error_description")));
        assertEquals(java.util.Set.of("The assertion is not signed by a registered key of an enabled client"),
                descriptions);
    }

    @Test
    void aDisabledClientsAssertionIsNotCheckedBeforeItsSignature() {
        // expired and signed by a foreign key: the signature decides, not the expiry nor the disabled flag
        long now = System.currentTimeMillis() / 1000;
        String expiredForged = claims(DISABLED_D1, 300).issuedAt(now - 1200).expiresAt(now - 600).jws()
                .keyId("x-" + EC_KID).algorithm(SignatureAlgorithm.ES256).sign(UNREGISTERED_EC.getPrivate());
        assertOAuthError(jwtBearer(expiredForged), 400, "invalid_grant")
                .then().body("error_description", not(containsString("expired")));
    }

    @Test
    void refusesClientCredentialsSentAlongWithAnAssertion() {
        String assertion = assertion(D1_CLIENT, EC_KID, D1_EC.getPrivate(), SignatureAlgorithm.ES256)
                .sign(D1_EC.getPrivate());
        assertOAuthError(given().contentType(ContentType.URLENC)
                .formParam("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
                .formParam("assertion", assertion)
                .formParam("client_id", D1_CLIENT)
                .formParam("client_secret", "any-secret-at-all-0123456789abcdef")
                .post("/oauth2/token"), 400, "invalid_request");
        String another = assertion(D1_CLIENT, EC_KID, D1_EC.getPrivate(), SignatureAlgorithm.ES256)
                .sign(D1_EC.getPrivate());
        assertOAuthError(given().auth().preemptive().basic(PARTNER, PARTNER_SECRET)
                .contentType(ContentType.URLENC)
                .formParam("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
                .formParam("assertion", another)
                .post("/oauth2/token"), 400, "invalid_request");
        // neither assertion was used: both still work alone
        jwtBearer(assertion).then().statusCode(200);
        jwtBearer(another).then().statusCode(200);
    }

    // ---- grant types per client ----------------------------------------------------------------------------

    @Test
    void aClientIsRefusedAGrantItIsNotAllowed() {
        assertOAuthError(given().auth().preemptive().basic(BEARER_ONLY, BEARER_ONLY_SECRET)
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .post("/oauth2/token"), 400, "unauthorized_client");
        assertOAuthError(jwtBearer(claims(SECRET_ONLY, 300).jws().keyId("s-" + EC_KID)
                .algorithm(SignatureAlgorithm.ES256).sign(D1_EC.getPrivate())), 400, "unauthorized_client");
    }

    @Test
    void aClientIsGivenTheGrantsItIsAllowed() {
        given().auth().preemptive().basic(SECRET_ONLY, SECRET_ONLY_SECRET)
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .post("/oauth2/token").then().statusCode(200);
        jwtBearer(claims(BEARER_ONLY, 300).jws().keyId("b-" + EC_KID)
                .algorithm(SignatureAlgorithm.ES256).sign(D1_EC.getPrivate())).then().statusCode(200);
    }

    @Test
    void aClientWithoutGrantTypesInTheFileKeepsTheGrantsItsCredentialsAllow() {
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM auth.clients WHERE client_id IN (?, ?) "
                + "AND grant_types IS NOT NULL", PARTNER, D1_CLIENT));
        clientCredentials("cards:status").then().statusCode(200);
        jwtBearer(assertion(D1_CLIENT, EC_KID, D1_EC.getPrivate(), SignatureAlgorithm.ES256)
                .sign(D1_EC.getPrivate())).then().statusCode(200);
    }

    @Test
    void refusesAReplayedAssertion() {
        String once = assertion(D1_CLIENT, EC_KID, D1_EC.getPrivate(), SignatureAlgorithm.ES256)
                .sign(D1_EC.getPrivate());
        jwtBearer(once).then().statusCode(200);
        assertOAuthError(jwtBearer(once), 400, "invalid_grant")
                .then().body("error_description", containsString("already been used"));
    }

    @Test
    void refusesAnAssertionWithoutJti() {
        long now = System.currentTimeMillis() / 1000;
        // smallrye-jwt-build always adds a jti, so this one is built with jose4j directly
        org.jose4j.jws.JsonWebSignature jws = new org.jose4j.jws.JsonWebSignature();
        jws.setPayload("{\"iss\":\"" + D1_CLIENT + "\",\"sub\":\"" + D1_CLIENT + "\",\"aud\":\"" + TOKEN_ENDPOINT
                + "\",\"iat\":" + now + ",\"exp\":" + (now + 300) + "}");
        jws.setAlgorithmHeaderValue("ES256");
        jws.setKeyIdHeaderValue(EC_KID);
        jws.setKey(D1_EC.getPrivate());
        String noJti;
        try {
            noJti = jws.getCompactSerialization();
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalStateException(e);
        }
        assertOAuthError(jwtBearer(noJti), 400, "invalid_grant");
    }

    // ---- edge, storage ------------------------------------------------------------------------------------

    @Test
    void echoesAValidCorrelationIdAndGeneratesOneWhenAbsent() {
        given().header("x-correlation-id", "abc-123_X")
                .auth().preemptive().basic(PARTNER, PARTNER_SECRET)
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .post("/oauth2/token")
                .then().statusCode(200).header("x-correlation-id", "abc-123_X");
        given().get("/.well-known/jwks.json")
                .then().statusCode(200).header("x-correlation-id", matchesPattern("^[0-9a-f-]{36}$"));
    }

    @Test
    void refusesAnInvalidCorrelationId() {
        given().header("x-correlation-id", "bad id with spaces and ;")
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .post("/oauth2/token")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void storesOnlyKeyedDigestsOfSecrets() {
        List<Map<String, Object>> rows = TestDatabase.query(
                "SELECT secret_digest FROM auth.clients WHERE client_id = ?", PARTNER);
        String digest = (String) rows.get(0).get("secret_digest");
        assertTrue(digest.matches("^[0-9a-f]{64}$"), "a hex HMAC-SHA256");
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM auth.clients WHERE secret_digest LIKE ?",
                "%" + PARTNER_SECRET + "%"));
    }

    @Test
    void publishesTheSigningKeyAndThePreviousKeyDuringARotation() {
        given().get("/.well-known/jwks.json")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("keys.kid", hasItems(SIGNING_KID, PREVIOUS_KID))
                .body("keys[0].kty", equalTo("RSA"))
                .body("keys[0].alg", equalTo("RS256"))
                .body("keys[0].d", nullValue());
    }

    @Test
    void publishesAuthorizationServerMetadata() {
        given().get("/.well-known/oauth-authorization-server")
                .then().statusCode(200)
                .body("issuer", equalTo(ISSUER))
                .body("token_endpoint", equalTo(TOKEN_ENDPOINT))
                .body("jwks_uri", equalTo("https://auth.card-platform.test/.well-known/jwks.json"))
                .body("grant_types_supported",
                        hasItems("client_credentials", "urn:ietf:params:oauth:grant-type:jwt-bearer"))
                .body("token_endpoint_auth_methods_supported", equalTo(List.of("client_secret_basic", "client_secret_post")))
                // neither grant uses an authorization endpoint: no endpoint, no response type (not even an empty list)
                .body("$", not(hasKey("authorization_endpoint")))
                .body("$", not(hasKey("response_types_supported")));
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    static Response clientCredentials(String scope) {
        return given().auth().preemptive().basic(PARTNER, PARTNER_SECRET)
                .contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .formParam("scope", scope)
                .post("/oauth2/token");
    }

    static Response jwtBearer(String assertion) {
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
                .formParam("assertion", assertion)
                .post("/oauth2/token");
    }

    static JwtClaimsBuilder claims(String clientId, long lifetimeSeconds) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer(clientId).subject(clientId).audience(TOKEN_ENDPOINT)
                .issuedAt(now).expiresAt(now + lifetimeSeconds).claim("jti", UUID.randomUUID().toString());
    }

    static io.smallrye.jwt.build.JwtSignatureBuilder assertion(String clientId, String kid, PrivateKey key,
            SignatureAlgorithm alg) {
        return claims(clientId, 300).jws().keyId(kid).algorithm(alg);
    }

    static Response assertOAuthError(Response response, int status, String error) {
        response.then().statusCode(status)
                .contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .body("error", equalTo(error))
                .body("error_description", notNullValue())
                .body(not(containsString("Exception")))
                .body(not(containsString("at com.")));
        return response;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> part(String jwt, int index) {
        String json = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]), StandardCharsets.UTF_8);
        return new io.restassured.path.json.JsonPath(json).getMap("");
    }

    static Object audience(Map<String, Object> claims) {
        Object aud = claims.get("aud");
        return aud instanceof List<?> list && list.size() == 1 ? list.get(0) : aud;
    }
}
