package com.cardplatform.auth;

import static com.cardplatform.auth.AuthTestResource.*;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.primitives.crypto.HmacSha256;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A resource server configured exactly like the platform's services (smallrye-jwt, the JWKS URL, the issuer, the
 * audience card-platform) accepts the tokens of this server and refuses every forgery.
 */
@QuarkusTest
@WithTestResource(AuthTestResource.class)
class ResourceServerVerificationTest {

    private DefaultJWTParser resourceServer;

    @BeforeEach
    void configureResourceServer() {
        JWTAuthContextInfo info = new JWTAuthContextInfo(
                "http://localhost:" + RestAssured.port + "/.well-known/jwks.json", ISSUER);
        info.setExpectedAudience(Set.of("card-platform"));
        info.setGroupsPath("scope"); // smallrye.jwt.path.groups=scope, as in every service
        resourceServer = new DefaultJWTParser(info);
    }

    @Test
    void acceptsAnIssuedToken() throws ParseException {
        JsonWebToken verified = resourceServer.parse(issued());
        assertEquals(PARTNER, verified.getSubject());
        assertTrue(verified.getGroups().contains("cards:status"), "scopes become groups");
        assertEquals("ISSUER0001", verified.getClaim("issuer_id").toString());
    }

    @Test
    void acceptsATokenSignedByThePreviousKeyDuringARotation() throws ParseException {
        String token = claims().jws().keyId(PREVIOUS_KID).sign(PREVIOUS.getPrivate());
        assertEquals(PARTNER, resourceServer.parse(token).getSubject());
    }

    @Test
    void refusesATamperedToken() {
        String[] parts = issued().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("ISSUER0001", "ISSUER0666");
        String tampered = parts[0] + "." + b64(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThrows(ParseException.class, () -> resourceServer.parse(tampered));
    }

    @Test
    void refusesAnExpiredToken() {
        long now = System.currentTimeMillis() / 1000;
        String expired = claims().issuedAt(now - 3600).expiresAt(now - 1800).jws().keyId(SIGNING_KID)
                .sign(SIGNING.getPrivate());
        assertThrows(ParseException.class, () -> resourceServer.parse(expired));
    }

    @Test
    void refusesAlgNone() {
        String payload = issued().split("\\.")[1];
        String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + payload + ".";
        assertThrows(ParseException.class, () -> resourceServer.parse(none));
    }

    @Test
    void refusesHs256SignedWithThePublicKey() throws Exception {
        String jwks = given().get("/.well-known/jwks.json").asString();
        String payload = issued().split("\\.")[1];
        String header = b64(("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + SIGNING_KID + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        String forged = header + "." + payload + "."
                + b64(new HmacSha256(jwks).sign((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
        assertThrows(ParseException.class, () -> resourceServer.parse(forged));
    }

    @Test
    void refusesAnotherAudience() {
        String token = claims().audience("another-platform").jws().keyId(SIGNING_KID).sign(SIGNING.getPrivate());
        assertThrows(ParseException.class, () -> resourceServer.parse(token));
    }

    @Test
    void refusesAnotherIssuer() {
        String token = claims().issuer("https://evil.example").jws().keyId(SIGNING_KID).sign(SIGNING.getPrivate());
        assertThrows(ParseException.class, () -> resourceServer.parse(token));
    }

    @Test
    void refusesAKeyThatIsNotInTheJwks() {
        String token = claims().jws().keyId(SIGNING_KID).sign(D1_RSA.getPrivate());
        assertThrows(ParseException.class, () -> resourceServer.parse(token));
    }

    private static String issued() {
        return given().auth().preemptive().basic(PARTNER, PARTNER_SECRET)
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .post("/oauth2/token").then().statusCode(200).extract().path("access_token");
    }

    private static JwtClaimsBuilder claims() {
        return Jwt.issuer(ISSUER).audience("card-platform").subject(PARTNER)
                .claim("scope", "cards:status").claim("issuer_id", "ISSUER0001").expiresIn(900);
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
