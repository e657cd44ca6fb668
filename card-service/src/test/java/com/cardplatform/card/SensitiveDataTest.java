package com.cardplatform.card;

import static com.cardplatform.card.Fixtures.ISSUER;
import static com.cardplatform.card.Fixtures.as;
import static com.cardplatform.card.Fixtures.card;
import static com.cardplatform.card.Fixtures.encrypt;
import static com.cardplatform.card.Fixtures.provisioning;
import static com.cardplatform.card.Fixtures.tracking;
import static com.cardplatform.card.TrackingHubTest.assertNoCardDataStored;
import static com.cardplatform.card.TrackingHubTest.currentKey;
import static com.cardplatform.card.TrackingHubTest.track;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.card.Fixtures.CardSpec;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.jose4j.jwk.JsonWebKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Card data never reaches a log, a response or the database: every log line of the application (debug included)
 * is captured while card data travels through success and every failure path. In-process only (it reads the
 * application's log records), so it has no integration-test twin.
 */
@QuarkusTest
@WithTestResource(CardTestResource.class)
class SensitiveDataTest {

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            StringBuilder line = new StringBuilder(String.valueOf(message));
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append('\n').append(trace);
            }
            lines.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void capture() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void release() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void cardDataNeverReachesALogAResponseOrTheDatabase() {
        CardSpec spec = card().create();
        JsonWebKey key = currentKey();
        String luhnBroken = spec.pan.substring(0, 15) + ((spec.pan.charAt(15) - '0' + 1) % 10);
        List<String> plaintexts = List.of(
                spec.cardData("dhl", "JD0001"),
                "{\"pan\":\"" + spec.pan + "\",\"exp\":\"1329\",\"carrier\":\"dhl\",\"trackingNumber\":\"JD1\"}",
                "{\"pan\":\"" + luhnBroken + "\",\"exp\":\"1229\"}",
                "{\"pan\":\"" + spec.pan + "\",\"exp\":\"1229\",\"carrier\":\"ACME\",\"trackingNumber\":\"JD1\"}",
                "{\"pan\":\"" + spec.pan + "\",\"exp\":\"1229\" not json",
                "{\"pan\":\"" + spec.pan + "\",\"pan\":\"" + spec.pan + "\",\"exp\":\"1229\"}",
                card().cardData("dhl", "JD0002"));
        List<String> sent = new ArrayList<>();
        for (String plaintext : plaintexts) {
            String jwe = encrypt(key, plaintext);
            sent.add(jwe);
            Response response = track(spec, "SHIPMENT", jwe);
            assertFalse(response.asString().contains(spec.pan), response.asString());
            assertFalse(response.asString().contains("1229"), response.asString());
        }
        // a tampered one too
        String tampered = sent.get(0).substring(0, sent.get(0).length() - 3) + "AAA";
        track(spec, "SHIPMENT", tampered).then().statusCode(400);
        // and a PAN that fails provisioning
        as(provisioning(ISSUER)).contentType(ContentType.JSON)
                .body(Map.of("cardId", "SENSITIVE-1", "consumerId", "c", "accountId", "a", "productType", "DEBIT",
                        "pan", luhnBroken))
                .post("/issuers/{issuerId}/cards", ISSUER).then().statusCode(400);
        String token = tracking(ISSUER);
        as(token).get("/issuers/{issuerId}/physicalCards/{cardId}/operations/{operationId}", ISSUER, spec.cardId,
                "missing").then().statusCode(404);

        assertTrue(lines.stream().anyMatch(line -> line.contains("rejected with 400")),
                "debug logging is on, so the check sees every line: " + lines);
        for (String line : List.copyOf(lines)) {
            assertFalse(line.contains(spec.pan), "PAN in a log line: " + line);
            assertFalse(line.contains(luhnBroken), "PAN in a log line: " + line);
            assertFalse(line.contains("\"exp\""), "card data in a log line: " + line);
            assertFalse(line.contains(token), "access token in a log line: " + line);
            for (String jwe : sent) {
                assertFalse(line.contains(jwe.substring(jwe.length() - 40)), "encrypted data in a log line: " + line);
            }
        }
        assertNoCardDataStored(spec.pan);
        assertNoCardDataStored(luhnBroken);
    }
}
