package com.cardplatform.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;

/**
 * A partner's webhook receiver for the smoke tour ({@code deploy/local/smoke.sh}): listens on localhost, checks each
 * delivery's Standard Webhooks signature on the raw body, before parsing, with the specification's reference library
 * and the endpoint's signing secret (read from a file at each delivery, so that the tour can create the endpoint
 * after the receiver is up), and prints one line per delivery. D1 issuer callbacks
 * ({@code POST /notifications/d1/v2/issuers/{issuerId}/cards}) are printed too. Answers 204 to a valid delivery and
 * 400 to one whose signature does not verify (the platform retries it).
 *
 * <pre>java -cp ... com.cardplatform.local.WebhookReceiver &lt;port&gt; &lt;secret file&gt;</pre>
 */
public final class WebhookReceiver {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 1 << 20;

    private WebhookReceiver() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: WebhookReceiver <port> <file holding the endpoint's whsec_ secret>");
            System.exit(2);
        }
        Path secretFile = Path.of(args[1]);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            try (exchange) {
                handle(exchange, secretFile);
            } catch (RuntimeException e) {
                System.out.println("receiver: " + e);
            }
        });
        server.start();
        System.out.println("receiver: listening on http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void handle(HttpExchange exchange, Path secretFile) throws IOException {
        byte[] raw = readAtMost(exchange.getRequestBody());
        String body = new String(raw, StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith("/notifications/d1/")) {
            System.out.printf("D1 callback %s (%s): %s%n", path,
                    exchange.getRequestHeaders().containsKey("Authorization") ? "with a bearer token" : "no token",
                    body);
            respond(exchange, 204);
            return;
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach(headers::put);
        String secret = Files.exists(secretFile) ? Files.readString(secretFile).trim() : "";
        try {
            new Webhook(secret).verify(body, headers);
        } catch (WebhookVerificationException | IllegalArgumentException e) {
            System.out.printf("webhook %s: signature NOT valid (%s)%n", first(headers, "webhook-id"), e.getMessage());
            respond(exchange, 400);
            return;
        }
        JsonNode event = JSON.readTree(body);
        JsonNode data = event.path("data");
        System.out.printf("webhook %s signature valid: %s %s sequence %s %s%n", first(headers, "webhook-id"),
                event.path("type").asText(), data.path("entityId").asText(), data.path("sequence").asText(),
                summary(data));
        respond(exchange, 204);
    }

    /** The state the event carries, in a few words (a tracking operation's status and shipment, a card's status). */
    private static String summary(JsonNode data) {
        JsonNode operation = data.path("operation");
        if (operation.isObject()) {
            JsonNode shipment = operation.path("details").path("shipment");
            return operation.path("status").asText() + (shipment.isObject()
                    ? " " + shipment.path("carrier").asText() + " " + shipment.path("status").asText() : "");
        }
        return data.path("status").asText("");
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? "-" : values.get(0);
    }

    private static byte[] readAtMost(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new IOException("body larger than " + MAX_BODY + " bytes");
        }
        return bytes;
    }

    private static void respond(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }
}
