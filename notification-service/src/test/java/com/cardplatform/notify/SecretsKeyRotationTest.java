package com.cardplatform.notify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.notify.crypto.SecretBox;
import com.cardplatform.notify.crypto.SecretsResealer;
import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A rotation of platform.notify.secrets-key: the service runs with a new key and the old one as a previous key;
 * secrets sealed with the old key still open, and the re-sealer seals them again with the new one. The test seals
 * and opens with the JDK's AES-GCM itself, not with the service's code.
 */
@QuarkusTest
@TestProfile(SecretsKeyRotationTest.Rotated.class)
@WithTestResource(NotifyTestResource.class)
class SecretsKeyRotationTest {

    static final String NEW_KEY = "bmV3LW5vdGlmeS1zZWNyZXRzLWtleS0zMi1ieXRlcyE=";
    static final String OLD_KEY = NotifyTestResource.SECRETS_KEY;
    static final String UNKNOWN_KEY = "dW5rbm93bi1ub3RpZnktc2VjcmV0cy1rZXktMzJieXQ=";

    public static class Rotated implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("platform.notify.secrets-key", NEW_KEY, "platform.notify.previous-secrets-keys", OLD_KEY);
        }
    }

    @Inject
    SecretBox box;

    @Inject
    SecretsResealer resealer;

    @Test
    void secretsOfThePreviousKeyOpenAndAreResealedWithTheCurrentOne() throws Exception {
        UUID endpoint = UUID.randomUUID();
        String issuer = "ROT" + UUID.randomUUID().toString().replace("-", "").substring(0, 7).toUpperCase();
        byte[] secret = "whsec_rotated-endpoint-secret".getBytes(StandardCharsets.UTF_8);
        byte[] previous = "whsec_previous-endpoint-secret".getBytes(StandardCharsets.UTF_8);
        byte[] clientSecret = "issuer-oauth-client-secret".getBytes(StandardCharsets.UTF_8);
        UUID orphan = UUID.randomUUID();
        // a kept answer of an Idempotency-Key that showed a signing secret
        String answerClient = "rotation-client";
        String answerKey = UUID.randomUUID().toString();
        byte[] answer = "{\"secret\":\"whsec_kept-answer\"}".getBytes(StandardCharsets.UTF_8);
        String answerBound = "idempotency:" + answerClient + "\n" + answerKey;
        try (Connection c = TestDatabase.connect()) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO notify.idempotency_key (client_id,"
                    + " idempotency_key, fingerprint, claim, state, response_status, response_headers, response_body,"
                    + " response_sealed, expires_at) VALUES (?, ?, '\\x00', gen_random_uuid(), 'DONE', 201, '{}', ?,"
                    + " true, now() + interval '1 day')")) {
                insert.setString(1, answerClient);
                insert.setString(2, answerKey);
                insert.setBytes(3, seal(OLD_KEY, answer, answerBound));
                insert.executeUpdate();
            }
            insertEndpoint(c, endpoint, seal(OLD_KEY, secret, "endpoint:" + endpoint),
                    seal(OLD_KEY, previous, "endpoint:" + endpoint));
            // a secret of a key the service does not have: reported, left as it is
            insertEndpoint(c, orphan, seal(UNKNOWN_KEY, secret, "endpoint:" + orphan), null);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO notify.issuers (issuer_id, base_url,"
                    + " token_url, client_id, client_secret, max_operations, enabled, updated_at)"
                    + " VALUES (?, 'https://issuer.example/cms', 'https://issuer.example/token', 'platform', ?, 10,"
                    + " true, now())")) {
                insert.setString(1, issuer);
                insert.setBytes(2, seal(OLD_KEY, clientSecret, "issuer:" + issuer));
                insert.executeUpdate();
            }
        }
        try {
            // before the re-seal: the previous key still opens them; the unknown key's does not open
            byte[] stored = column("notify.endpoints", "endpoint_id", endpoint, "secret");
            assertArrayEquals(secret, box.open(stored, "endpoint:" + endpoint));
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> box.open(column("notify.endpoints", "endpoint_id", orphan, "secret"), "endpoint:" + orphan));
            assertTrue(refused.getMessage().contains("endpoint:" + orphan), refused.getMessage());

            SecretsResealer.Outcome outcome = resealer.resealAll().await().indefinitely();
            assertTrue(outcome.resealed() >= 4, outcome.toString());
            assertTrue(outcome.unreadable() >= 1, outcome.toString());

            // after: each opens with the new key alone (and no longer with the old one)
            assertResealed(column("notify.endpoints", "endpoint_id", endpoint, "secret"), secret, "endpoint:" + endpoint);
            assertResealed(column("notify.endpoints", "endpoint_id", endpoint, "previous_secret"), previous,
                    "endpoint:" + endpoint);
            assertResealed(column("notify.issuers", "issuer_id", issuer, "client_secret"), clientSecret,
                    "issuer:" + issuer);
            assertResealed(column("notify.idempotency_key", "idempotency_key", answerKey, "response_body"), answer,
                    answerBound);
            assertArrayEquals(secret, open(UNKNOWN_KEY, column("notify.endpoints", "endpoint_id", orphan, "secret"),
                    "endpoint:" + orphan), "the unreadable secret is left as it was");

            // a second run finds nothing left under the old key
            assertEquals(0, resealer.resealAll().await().indefinitely().resealed());
        } finally {
            TestDatabase.execute("DELETE FROM notify.endpoints WHERE endpoint_id IN ('" + endpoint + "', '" + orphan + "')");
            TestDatabase.execute("DELETE FROM notify.issuers WHERE issuer_id = '" + issuer + "'");
            TestDatabase.execute("DELETE FROM notify.idempotency_key WHERE idempotency_key = '" + answerKey + "'");
        }
    }

    /**
     * The other test classes run with the old key alone: whatever this profile's start re-sealed with the new key (the
     * endpoints, issuers and kept answers of the classes before) is sealed back with the old one.
     */
    @AfterAll
    static void sealBackWithTheOldKey() throws Exception {
        try (Connection c = TestDatabase.connect()) {
            for (String[] column : new String[][] {{"notify.endpoints", "endpoint_id", "secret", "endpoint:"},
                {"notify.endpoints", "endpoint_id", "previous_secret", "endpoint:"},
                {"notify.issuers", "issuer_id", "client_secret", "issuer:"},
                {"notify.idempotency_key", "idempotency_key", "response_body", null}}) {
                boolean answers = column[3] == null;
                for (Map<String, Object> row : TestDatabase.query("SELECT " + column[1] + " AS id, " + column[2]
                        + " AS box" + (answers ? ", client_id FROM " + column[0] + " WHERE response_sealed"
                                : " FROM " + column[0] + " WHERE " + column[2] + " IS NOT NULL"))) {
                    String boundTo = answers ? "idempotency:" + row.get("client_id") + "\n" + row.get("id")
                            : column[3] + row.get("id");
                    byte[] plain = open(NEW_KEY, (byte[]) row.get("box"), boundTo);
                    if (plain != null) {
                        try (PreparedStatement update = c.prepareStatement("UPDATE " + column[0] + " SET " + column[2]
                                + " = ? WHERE " + column[1] + " = ?" + (answers ? " AND client_id = ?" : ""))) {
                            update.setBytes(1, seal(OLD_KEY, plain, boundTo));
                            update.setObject(2, row.get("id"));
                            if (answers) {
                                update.setObject(3, row.get("client_id"));
                            }
                            update.executeUpdate();
                        }
                    }
                }
            }
        }
    }

    private static void assertResealed(byte[] stored, byte[] plain, String boundTo) throws Exception {
        assertArrayEquals(plain, open(NEW_KEY, stored, boundTo), boundTo);
        assertNull(open(OLD_KEY, stored, boundTo), boundTo + " still opens with the old key");
    }

    private static void insertEndpoint(Connection c, UUID id, byte[] secret, byte[] previous) throws Exception {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO notify.endpoints (endpoint_id, tenant, url,"
                + " event_types, secret, previous_secret, previous_secret_until, created_at, updated_at) VALUES (?,"
                + " 'client:key-rotation', 'https://receiver.example/hook', '{card.status.changed}', ?, ?,"
                + " now() + interval '1 day', now(), now())")) {
            insert.setObject(1, id);
            insert.setBytes(2, secret);
            insert.setBytes(3, previous);
            insert.executeUpdate();
        }
    }

    private static byte[] column(String table, String idColumn, Object id, String column) {
        return (byte[]) TestDatabase.query("SELECT " + column + " FROM " + table + " WHERE " + idColumn + " = ?",
                id).get(0).get(column);
    }

    /** nonce (12 bytes) || ciphertext+tag, the row's identity as associated data: the stored format. */
    private static byte[] seal(String key, byte[] plain, String boundTo) throws Exception {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(key), "AES"),
                new GCMParameterSpec(128, nonce));
        cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal(plain);
        return ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array();
    }

    /** The plain bytes, or null when this key did not seal it. */
    private static byte[] open(String key, byte[] box, String boundTo) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(key), "AES"),
                new GCMParameterSpec(128, box, 0, 12));
        cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
        try {
            return cipher.doFinal(box, 12, box.length - 12);
        } catch (AEADBadTagException e) {
            return null;
        }
    }
}
