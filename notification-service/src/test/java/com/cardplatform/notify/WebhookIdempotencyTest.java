package com.cardplatform.notify;

import static com.cardplatform.notify.Notify.client;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The webhooks API takes an Idempotency-Key on its writes like every partner API. Creating an endpoint and rotating its
 * secret answer a secret shown once: a repetition gets the same secret (a partner whose first answer was lost must
 * not end with an endpoint whose secret it never saw), and the kept answer is stored sealed with the service's secrets
 * key, bound to the client and the key (opened here with the JDK's own AES-GCM).
 */
@QuarkusTest
@WithTestResource(NotifyTestResource.class)
class WebhookIdempotencyTest {

    private static Response create(String clientId, String key, String url) {
        return client(clientId).header("Idempotency-Key", key)
                .body("{\"url\":\"" + url + "\",\"eventTypes\":[\"card.status.changed\"]}").post("/webhooks/endpoints");
    }

    @Test
    void aRepeatedCreationGetsTheSameEndpointAndSecretWhichAreKeptOnlySealed() throws Exception {
        String clientId = "idem-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Response first = create(clientId, key, "http://127.0.0.1:9/hooks/a");
        first.then().statusCode(201).header("Idempotent-Replayed", nullValue())
                .header("RateLimit-Policy", startsWith("\"webhooks\";q="));
        String id = first.jsonPath().getString("id");
        String secret = first.jsonPath().getString("secret");
        assertTrue(secret.startsWith("whsec_"), secret);

        Response again = create(clientId, key, "http://127.0.0.1:9/hooks/a");
        again.then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(id, again.jsonPath().getString("id"));
        assertEquals(secret, again.jsonPath().getString("secret"));
        client(clientId).get("/webhooks/endpoints").then().statusCode(200).body("data.size()", equalTo(1));

        // the same key with another request: 422 as a problem
        create(clientId, key, "http://127.0.0.1:9/hooks/b").then().statusCode(422)
                .contentType("application/problem+json");

        Map<String, Object> row = TestDatabase.query("SELECT response_body, response_sealed FROM notify.idempotency_key"
                + " WHERE client_id = ? AND idempotency_key = ?", clientId, key).get(0);
        assertEquals(Boolean.TRUE, row.get("response_sealed"));
        byte[] stored = (byte[]) row.get("response_body");
        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains(secret), "the secret is not in clear");
        String opened = open(stored, "idempotency:" + clientId + "\n" + key);
        assertEquals(secret, JsonPath.from(opened).getString("secret"));
    }

    @Test
    void aRepeatedRotationGetsTheSameNewSecret() {
        String clientId = "idem-" + UUID.randomUUID();
        Response created = create(clientId, UUID.randomUUID().toString(), "http://127.0.0.1:9/hooks/r");
        String id = created.jsonPath().getString("id");
        String key = UUID.randomUUID().toString();
        Response rotated = client(clientId).header("Idempotency-Key", key).post("/webhooks/endpoints/" + id + "/secret:rotate");
        rotated.then().statusCode(200);
        String secret = rotated.jsonPath().getString("secret");
        assertNotEquals(created.jsonPath().getString("secret"), secret);
        Response again = client(clientId).header("Idempotency-Key", key).post("/webhooks/endpoints/" + id + "/secret:rotate");
        again.then().statusCode(200).header("Idempotent-Replayed", "true");
        assertEquals(secret, again.jsonPath().getString("secret"));
        // one rotation happened: the secret the endpoint signs with is the first answer's
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM notify.endpoints WHERE endpoint_id = ?::uuid"
                + " AND previous_secret IS NOT NULL", id));
    }

    /**
     * A replica that dies after the creation committed and before the guard kept its answer leaves the key's claim
     * abandoned; the partner's repetition then runs again. It finds the endpoint its first run created (the write
     * records the request's token) and answers it with its secret: no second endpoint.
     */
    @Test
    void aCreationRepeatedAfterItsReplicaDiedGetsTheEndpointItCreated() {
        String clientId = "idem-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Response first = create(clientId, key, "http://127.0.0.1:9/hooks/died");
        first.then().statusCode(201);
        abandonAnswerOf(clientId, key);

        Response again = create(clientId, key, "http://127.0.0.1:9/hooks/died");
        again.then().statusCode(201).header("Idempotent-Replayed", nullValue());
        assertEquals(first.jsonPath().getString("id"), again.jsonPath().getString("id"));
        assertEquals(first.jsonPath().getString("secret"), again.jsonPath().getString("secret"));
        client(clientId).get("/webhooks/endpoints").then().statusCode(200).body("data.size()", equalTo(1));
        // and from now on its answer is kept: a third is a replay
        create(clientId, key, "http://127.0.0.1:9/hooks/died").then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("id", equalTo(first.jsonPath().getString("id")));
    }

    /** The same for a rotation: the repetition shows the secret the first run set, and rotates nothing more. */
    @Test
    void aRotationRepeatedAfterItsReplicaDiedRotatesOnce() throws Exception {
        String clientId = "idem-" + UUID.randomUUID();
        Response created = create(clientId, UUID.randomUUID().toString(), "http://127.0.0.1:9/hooks/rotated");
        String id = created.jsonPath().getString("id");
        String key = UUID.randomUUID().toString();
        Response rotated = client(clientId).header("Idempotency-Key", key)
                .post("/webhooks/endpoints/" + id + "/secret:rotate");
        rotated.then().statusCode(200);
        abandonAnswerOf(clientId, key);

        Response again = client(clientId).header("Idempotency-Key", key)
                .post("/webhooks/endpoints/" + id + "/secret:rotate");
        again.then().statusCode(200).header("Idempotent-Replayed", nullValue());
        assertEquals(rotated.jsonPath().getString("secret"), again.jsonPath().getString("secret"));
        // rotated once: the previous secret, still signing, is the one the endpoint was created with
        Map<String, Object> row = TestDatabase.query("SELECT secret, previous_secret FROM notify.endpoints"
                + " WHERE endpoint_id = ?::uuid", id).get(0);
        assertEquals(created.jsonPath().getString("secret"), open((byte[]) row.get("previous_secret"), "endpoint:" + id));
        assertEquals(rotated.jsonPath().getString("secret"), open((byte[]) row.get("secret"), "endpoint:" + id));

        // another key is another rotation
        Response next = client(clientId).header("Idempotency-Key", UUID.randomUUID().toString())
                .post("/webhooks/endpoints/" + id + "/secret:rotate");
        next.then().statusCode(200);
        assertNotEquals(rotated.jsonPath().getString("secret"), next.jsonPath().getString("secret"));
    }

    /** What a replica that died between the write's commit and the kept answer leaves: an abandoned claim. */
    private static void abandonAnswerOf(String clientId, String key) {
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM notify.idempotency_key WHERE client_id = ?"
                + " AND idempotency_key = ? AND state = 'DONE'", clientId, key));
        TestDatabase.execute("UPDATE notify.idempotency_key SET state = 'IN_FLIGHT', locked_until = now() - interval"
                + " '1 second', response_status = NULL, response_headers = NULL, response_body = NULL,"
                + " response_sealed = false WHERE client_id = '" + clientId + "' AND idempotency_key = '" + key + "'");
    }

    /** nonce (12 bytes) || ciphertext+tag under the test's secrets key, the row as associated data. */
    static String open(byte[] box, String boundTo) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(NotifyTestResource.SECRETS_KEY),
                "AES"), new GCMParameterSpec(128, box, 0, 12));
        cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
        return new String(cipher.doFinal(box, 12, box.length - 12), StandardCharsets.UTF_8);
    }
}
