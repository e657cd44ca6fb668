package com.cardplatform.notify;

import static com.cardplatform.notify.Notify.cardStatus;
import static com.cardplatform.notify.Notify.endpoint;
import static com.cardplatform.notify.Notify.ingest;
import static com.cardplatform.notify.Notify.internal;
import static com.cardplatform.notify.Notify.newIssuer;
import static com.cardplatform.notify.Notify.partner;
import static com.cardplatform.notify.Notify.publisher;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Every log record of a run that creates, rotates, signs, fetches an issuer token and fails deliveries is captured;
 * none carries a webhook secret, a signature, the issuer's client secret or its token. The stored secrets are
 * ciphertexts.
 */
@QuarkusTest
@WithTestResource(NotifyTestResource.class)
class SecretsNotLoggedTest {

    @Test
    void noSecretSignatureOrTokenReachesTheLogs() throws Exception {
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage();
                Object[] params = record.getParameters();
                StringBuilder line = new StringBuilder(String.valueOf(message));
                if (params != null) {
                    for (Object p : params) {
                        line.append(' ').append(p);
                    }
                }
                if (record.getThrown() != null) {
                    line.append(' ').append(record.getThrown());
                }
                synchronized (lines) {
                    lines.add(line.toString());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        List<String> secrets = new ArrayList<>();
        try (Receiver receiver = new Receiver()) {
            String issuer = newIssuer();
            receiver.answer(r -> r.path().equals("/token")
                    ? new Receiver.Answer(200, "{\"access_token\":\"tok-SENSITIVE-4242\",\"expires_in\":300}")
                    : r.path().startsWith("/hook") ? new Receiver.Answer(500, "nope") : new Receiver.Answer(204, ""));
            Map<String, String> endpoint = endpoint(issuer, receiver.url("/hook"), "card.status.changed");
            secrets.add(endpoint.get("secret"));
            secrets.add(endpoint.get("secret").substring("whsec_".length()));
            String rotated = partner(issuer).post("/webhooks/endpoints/" + endpoint.get("id") + "/secret:rotate")
                    .then().statusCode(200).extract().path("secret");
            secrets.add(rotated.substring("whsec_".length()));
            internal().body("{\"baseUrl\":\"" + receiver.url("/cms") + "\",\"tokenUrl\":\"" + receiver.url("/token")
                    + "\",\"clientId\":\"cid\",\"clientSecret\":\"client-SENSITIVE-secret\",\"maxOperations\":5}")
                    .put("/internal/issuers/" + issuer + "/notifications").then().statusCode(200);
            secrets.add("client-SENSITIVE-secret");
            secrets.add("tok-SENSITIVE-4242");

            ingest(cardStatus(UUID.randomUUID(), issuer, "CARD-L", 1),
                    D1CallbackTest.tracking(UUID.randomUUID(), issuer, "OP-L", "CARD-L")).then().statusCode(202);
            receiver.await(r -> r.path().startsWith("/cms"), 1);
            List<Receiver.Request> hooks = receiver.await(r -> r.path().startsWith("/hook"), 2);
            for (String sig : hooks.get(0).header("webhook-signature").split(" ")) {
                secrets.add(sig.substring(3));
            }
            // a refused request is logged (INFO): proves the capture sees the application's lines
            publisher().get("/webhooks/endpoints").then().statusCode(403);
        } finally {
            root.removeHandler(capture);
        }
        synchronized (lines) {
            assertTrue(lines.stream().anyMatch(l -> l.contains("refused with 403")), "capture works: " + lines.size());
            for (String line : lines) {
                for (String secret : secrets) {
                    assertFalse(line.contains(secret), "a secret reached the logs: " + line);
                }
            }
        }
        // at rest: ciphertexts, not the secret's bytes
        for (Map<String, Object> row : TestDatabase.query("SELECT encode(secret, 'escape') AS s,"
                + " encode(client_secret, 'escape') AS c FROM notify.endpoints e, notify.issuers i LIMIT 50")) {
            for (String secret : secrets) {
                assertFalse(String.valueOf(row.get("s")).contains(secret));
                assertFalse(String.valueOf(row.get("c")).contains(secret));
            }
        }
    }
}
