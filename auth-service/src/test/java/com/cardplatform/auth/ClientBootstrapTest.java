package com.cardplatform.auth;

import static com.cardplatform.auth.AuthTestResource.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardplatform.auth.client.ClientBootstrap;
import com.cardplatform.auth.client.SecretDigester;
import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;

/** The bootstrap clients file is the source of truth of the registry: what it does not name is disabled. */
@QuarkusTest
@WithTestResource(AuthTestResource.class)
class ClientBootstrapTest {

    private static final String STALE = "stale-client";
    private static final String STALE_SECRET = "stale-client-secret-0123456789abcdef0123456789";

    @Inject
    ClientBootstrap bootstrap;

    @Inject
    SecretDigester digester;

    @Test
    void aRegisteredClientTheFileDoesNotNameIsDisabledAtStart() throws Throwable {
        // a client registered earlier (an older file, or by hand), enabled and working
        try (Connection c = TestDatabase.connect(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO auth.clients (client_id, secret_digest, scopes, enabled) VALUES (?, ?, 'cards:status', true) "
                        + "ON CONFLICT (client_id) DO UPDATE SET enabled = true, secret_digest = excluded.secret_digest")) {
            insert.setString(1, STALE);
            insert.setString(2, digester.digest(STALE_SECRET));
            insert.executeUpdate();
        }
        token(STALE, STALE_SECRET).then().statusCode(200);

        bootstrap.load(); // what every start does

        assertEquals(1, TestDatabase.count("SELECT count(*) FROM auth.clients WHERE client_id = ? AND NOT enabled", STALE));
        token(STALE, STALE_SECRET).then().statusCode(401).body("error", equalTo("invalid_client"));
        // the clients the file names are as the file says
        token(PARTNER, PARTNER_SECRET).then().statusCode(200);
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM auth.clients WHERE client_id = ? AND NOT enabled",
                DISABLED));
    }

    @Test
    void aStartRewritesOnlyTheClientsThatDifferFromTheFile() throws Throwable {
        bootstrap.load();
        String scopes;
        int named;
        try (Connection c = TestDatabase.connect()) {
            try (PreparedStatement read = c.prepareStatement("SELECT scopes FROM auth.clients WHERE client_id = ?")) {
                read.setString(1, PARTNER);
                try (var rows = read.executeQuery()) {
                    rows.next();
                    scopes = rows.getString(1);
                }
            }
            // every client the file names, marked; one of them changed by hand
            try (PreparedStatement mark = c.prepareStatement("UPDATE auth.clients SET updated_at = '2001-01-01T00:00:00Z'"
                    + " WHERE enabled OR client_id = ?")) {
                mark.setString(1, DISABLED);
                named = mark.executeUpdate();
            }
            try (PreparedStatement change = c.prepareStatement(
                    "UPDATE auth.clients SET scopes = 'cards:status' WHERE client_id = ?")) {
                change.setString(1, PARTNER);
                assertEquals(1, change.executeUpdate());
            }
            // and one with registered keys (its keys are replaced when it is written again)
            try (PreparedStatement change = c.prepareStatement("UPDATE auth.clients SET scopes = 'cards:status'"
                    + " WHERE client_id = ? AND client_id IN (SELECT client_id FROM auth.client_keys)")) {
                change.setString(1, D1_CLIENT);
                assertEquals(1, change.executeUpdate(), "the file names a client with keys");
            }
        }

        bootstrap.load(); // what every start does

        // the changed clients are as the file says again; the others were not written
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM auth.clients WHERE client_id = ? AND scopes = ?"
                + " AND updated_at > '2001-01-01T00:00:00Z'", PARTNER, scopes));
        assertEquals(named - 2, TestDatabase.count(
                "SELECT count(*) FROM auth.clients WHERE updated_at = '2001-01-01T00:00:00Z'"));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM auth.clients WHERE updated_at > '2001-01-01T00:00:00Z'"
                + " AND client_id = ? AND scopes = 'consumers:operations cards:tracking'", D1_CLIENT));
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM auth.client_keys WHERE client_id = ?", D1_CLIENT));
        token(PARTNER, PARTNER_SECRET).then().statusCode(200);
    }

    private static io.restassured.response.Response token(String clientId, String secret) {
        return given().auth().preemptive().basic(clientId, secret)
                .contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .post("/oauth2/token");
    }
}
