package com.cardplatform.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The demo data every example of the READMEs and of the start banner relies on, so that each works as printed on a
 * freshly started stack: consumer {@value #CONSUMER} of issuer {@value LocalSecrets#DEMO_ISSUER} with account
 * {@value #ACCOUNT}, its debit card {@value #DEBIT_CARD} (with an Apple Pay digital card) and its credit card
 * {@value #CREDIT_CARD}. Registered through the services' own provisioning APIs with the demo issuer's client, as an
 * issuer would, at every start: each registration repeated identically answers the original (201), so a restart
 * changes nothing. An object that has changed since (the consumer deleted, say) answers 409 and is left as it is.
 */
final class DemoData {

    static final String CONSUMER = "demo-consumer-1";
    static final String ACCOUNT = "ACC-1";
    static final String CREDIT_ACCOUNT = "ACC-2";
    static final String DEBIT_CARD = "DEMO-DEBIT-1";
    static final String CREDIT_CARD = "DEMO-CREDIT-1";
    static final String DIGITAL_CARD = "DEMO-DC-1";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final StackSettings settings;
    private final LocalSecrets.Client issuer;

    DemoData(StackSettings settings, LocalSecrets secrets) {
        this.settings = settings;
        this.issuer = secrets.client("local-d1-issuer");
    }

    /** Whether the services that hold the demo data run in this stack. */
    static boolean applies(StackSettings settings) {
        return settings.servicePorts().keySet().containsAll(List.of("auth-service", "consumer-service", "card-service"));
    }

    /** Registers what is missing and says what it found; a failure is reported, not thrown (the stack is up). */
    void ensure(PrintStream out) {
        List<String> notes = new ArrayList<>();
        try {
            String token = token();
            String base = "/issuers/" + LocalSecrets.DEMO_ISSUER;
            register(notes, "consumer " + CONSUMER, "consumer-service", base + "/consumers",
                    Map.of("consumerId", CONSUMER, "accounts", List.of(Map.of("accountId", ACCOUNT),
                            Map.of("accountId", CREDIT_ACCOUNT))), token);
            register(notes, "card " + DEBIT_CARD, "card-service", base + "/cards", Map.of("cardId", DEBIT_CARD,
                    "consumerId", CONSUMER, "accountId", ACCOUNT, "productType", "DEBIT", "pan", "4111111111111111"), token);
            register(notes, "card " + CREDIT_CARD, "card-service", base + "/cards", Map.of("cardId", CREDIT_CARD,
                    "consumerId", CONSUMER, "accountId", CREDIT_ACCOUNT, "productType", "CREDIT", "pan", "5555555555554444"), token);
            register(notes, "digital card " + DIGITAL_CARD, "card-service", base + "/cards/" + DEBIT_CARD + "/digitalCards",
                    Map.of("digitalCardId", DIGITAL_CARD, "walletProvider", "APPLE_PAY", "deviceType", "PHONE"), token);
            out.printf("demo data of issuer %s: consumer %s, debit card %s on account %s (digital card %s), credit card "
                    + "%s on account %s%s%n", LocalSecrets.DEMO_ISSUER, CONSUMER, DEBIT_CARD, ACCOUNT, DIGITAL_CARD,
                    CREDIT_CARD, CREDIT_ACCOUNT,
                    notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")");
        } catch (DemoFailure e) {
            out.println("demo data: " + e.getMessage() + " (the examples that use account " + ACCOUNT + " will not work)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String token() throws InterruptedException {
        String basic = Base64.getEncoder().encodeToString((url(issuer.clientId()) + ":" + url(issuer.clientSecret()))
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = send("auth-service", HttpRequest.newBuilder(uri("auth-service", "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                        + url("consumers:provisioning cards:provisioning"))));
        if (response.statusCode() != 200) {
            throw new DemoFailure("the token endpoint answered " + response.statusCode() + " to " + issuer.clientId());
        }
        try {
            return JSON.readTree(response.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new DemoFailure("the token endpoint answered something that is not JSON");
        }
    }

    private void register(List<String> notes, String what, String service, String path, Object body, String token)
            throws InterruptedException {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpResponse<String> response = send(service, HttpRequest.newBuilder(uri(service, path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("x-correlation-id", "local-demo-data")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)));
        if (response.statusCode() == 409) {
            notes.add(what + " has changed since it was registered, left as it is");
        } else if (response.statusCode() != 201) {
            throw new DemoFailure(service + " answered " + response.statusCode() + " to the registration of " + what
                    + " (correlation id local-demo-data, see its log)");
        }
    }

    private HttpResponse<String> send(String service, HttpRequest.Builder request) throws InterruptedException {
        try {
            return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DemoFailure(service + " could not be reached: " + e.getMessage());
        }
    }

    private URI uri(String service, String path) {
        return URI.create("http://127.0.0.1:" + settings.port(service) + path);
    }

    private static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static final class DemoFailure extends RuntimeException {
        DemoFailure(String message) {
            super(message);
        }
    }
}
