package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardplatform.local.OtlpReceiver.ExportedSpan;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Traces and logs as an operator reads them, on the running platform. Every service of the shared stack exports its
 * spans to an OTLP receiver ({@link OtlpReceiver}, decoding with OpenTelemetry's own protocol classes). A consumer
 * deletion through the front door and its cascade into card-service are one trace: consumer-service's server span,
 * its client span for the cascade call, card-service's server span under it (W3C {@code traceparent}), and the
 * PostgreSQL statements of both, each server span carrying the partner's correlation id. A webhook delivery is a span
 * of the trace of the request that caused its event, and the partner receives that trace's {@code traceparent}.
 * card-service runs here with
 * its prod log format, JSON lines, and the line it logs for the cascade names the same trace, span and correlation
 * id.
 */
@Order(4) // before LogHygieneIT, which scans the logs
class TracingIT {

    static final String RUN = Long.toString(System.currentTimeMillis(), 36).toUpperCase();
    static final String ISSUER = LocalSecrets.DEMO_ISSUER;

    static SharedStack shared;
    static String d1;

    @BeforeAll
    static void cardServiceLogsJson() {
        shared = SharedStack.get();
        d1 = shared.token("local-d1-issuer");
        // the jar's prod default: the local stack turns JSON off for developers' terminals, this puts it back
        shared.stack().stopService("card-service");
        shared.stack().startService("card-service", List.of("-Dquarkus.log.console.json.enabled=true"));
    }

    @AfterAll
    static void cardServiceAsConfigured() {
        shared.stack().stopService("card-service");
        shared.stack().startService("card-service");
    }

    @Test
    void aConsumerDeletionAndItsCascadeIntoCardServiceAreOneTrace() {
        String consumer = "traced-" + RUN;
        String card = "TR-" + RUN + "-1";
        Api.Response registered = Api.call("POST", "/issuers/" + ISSUER + "/consumers", d1, Map.of(
                "consumerId", consumer, "accounts", List.of(Map.of("accountId", "TA-" + RUN))));
        assertEquals(201, registered.status(), registered.body());
        Api.Response created = Api.call("POST", "/issuers/" + ISSUER + "/cards", d1, Map.of("cardId", card,
                "consumerId", consumer, "accountId", "TA-" + RUN, "productType", "DEBIT"));
        assertEquals(201, created.status(), created.body());

        String correlationId = "trace-it-" + RUN;
        Api.Response deleted = Api.call("POST", "/issuers/" + ISSUER + "/consumers/" + consumer + "/operations:delete",
                d1, Map.of("reason", "traced", "reasonCode", "ISSUER_DECISION"), "x-correlation-id", correlationId);
        assertEquals(200, deleted.status(), deleted.body());
        assertEquals(Optional.of(correlationId), deleted.header("x-correlation-id"));
        ConsumerDeletionRecoveryIT.await("card " + card + " to be DELETED by the cascade", () ->
                "DELETED".equals(shared.rows("select status from card.cards where issuer_id = ? and card_id = ?",
                        ISSUER, card).get(0).get(0)) ? true : null);

        // consumer-service's server span of the delete request, found by the partner's correlation id
        ExportedSpan deletion = awaitSpans("consumer-service's span of the delete request", () ->
                shared.traces().spans().stream()
                        .filter(s -> "consumer-service".equals(s.service()) && "SPAN_KIND_SERVER".equals(s.kind())
                                && correlationId.equals(s.attribute("platform.correlation_id")))
                        .findFirst().orElse(null));
        String traceId = deletion.traceId();
        // card-service's server span of the cascade call, in the same trace
        ExportedSpan cascade = awaitSpans("card-service's span of the cascade in trace "
                + traceId, () -> shared.traces().trace(traceId).stream()
                        .filter(s -> "card-service".equals(s.service()) && "SPAN_KIND_SERVER".equals(s.kind()))
                        .findFirst().orElse(null));
        List<ExportedSpan> trace = awaitSpans("the statements of both services in trace "
                + traceId, () -> {
                    List<ExportedSpan> spans = shared.traces().trace(traceId);
                    boolean consumerSql = spans.stream().anyMatch(s -> "consumer-service".equals(s.service())
                            && isPostgres(s));
                    boolean cardSql = spans.stream().anyMatch(s -> "card-service".equals(s.service()) && isPostgres(s));
                    return consumerSql && cardSql ? spans : null;
                });
        String shown = trace.stream().map(ExportedSpan::toString).collect(Collectors.joining("\n"));

        assertTrue(Optional.ofNullable(cascade.attribute("url.path")).orElse(cascade.name())
                .contains("/internal/issuers/" + ISSUER + "/consumers/" + consumer + "/cards")
                || cascade.name().contains("/internal/issuers/"), "the cascade endpoint: " + cascade);
        // the cascade call is a client span of consumer-service, and card-service's span is its child
        ExportedSpan call = trace.stream().filter(s -> s.spanId().equals(cascade.parentSpanId())).findFirst()
                .orElseThrow(() -> new AssertionError("the parent of card-service's span is in the trace:\n" + shown));
        assertEquals("consumer-service", call.service(), shown);
        assertEquals("SPAN_KIND_CLIENT", call.kind(), shown);
        assertTrue(isDescendant(call, deletion, trace), "the cascade call belongs to the delete request:\n" + shown);
        // the partner's correlation id is forwarded with the cascade, and recorded on card-service's span too
        assertEquals(correlationId, cascade.attribute("platform.correlation_id"), shown);
        assertFalse(trace.stream().anyMatch(s -> s.attributes().toString().contains(d1)), "no token in any span");
        // background work (the outbox relays' polling statements) is not recorded: every trace starts at a request
        List<ExportedSpan> roots = shared.traces().spans().stream()
                .filter(s -> s.parentSpanId().isEmpty() && !"SPAN_KIND_SERVER".equals(s.kind())).toList();
        assertTrue(roots.isEmpty(), roots.size() + " traces start elsewhere than at a request, e.g. "
                + roots.stream().limit(3).map(ExportedSpan::toString).collect(Collectors.joining("\n")));

        // card-service's JSON log line of the cascade names the trace, the span and the correlation id
        JsonNode line = ConsumerDeletionRecoveryIT.await("card-service's JSON line of the cascade", () ->
                cardServiceJsonLines().stream()
                        .filter(l -> l.path("message").asText().startsWith("Consumer deletion cascade for issuer")
                                && traceId.equals(l.path("mdc").path("traceId").asText()))
                        .findFirst().orElse(null));
        JsonNode mdc = line.path("mdc");
        assertEquals(correlationId, mdc.path("correlationId").asText(), line.toString());
        assertEquals(16, mdc.path("spanId").asText().length(), line.toString());
        assertEquals("card-service", line.path("service.name").asText(), line.toString());
        assertNotNull(line.get("timestamp"), line.toString());
    }

    @Test
    void aWebhookDeliveryIsASpanOfTheRequestThatCausedItsEvent() {
        try (PartnerReceiver receiver = new PartnerReceiver()) {
            String path = "/traced-" + RUN;
            Api.Response endpoint = Api.call("POST", "/webhooks/endpoints", d1, Map.of("url", receiver.url(path),
                    "eventTypes", List.of("card.status.changed"), "description", "TracingIT"));
            assertEquals(201, endpoint.status(), endpoint.body());
            shared.sensitive(endpoint.json().path("secret").asText());
            String card = "TW-" + RUN;
            String correlationId = "trace-hook-" + RUN;
            Api.Response created = Api.call("POST", "/issuers/" + ISSUER + "/cards", d1, Map.of("cardId", card,
                    "consumerId", "traced-hook-" + RUN, "accountId", "TWA-" + RUN, "productType", "DEBIT"),
                    "x-correlation-id", correlationId);
            assertEquals(201, created.status(), created.body());

            // the card's first status reaches the partner, through the outbox, the relay and notification-service
            PartnerReceiver.Received delivery = ConsumerDeletionRecoveryIT.await("the card's event at the webhook", () ->
                    receiver.received(r -> r.path().equals(path)
                            && card.equals(r.json().path("data").path("cardId").asText())).stream()
                            .findFirst().orElse(null));
            ExportedSpan request = awaitSpans("card-service's span of the provisioning request", () ->
                    shared.traces().spans().stream()
                            .filter(s -> "card-service".equals(s.service()) && "SPAN_KIND_SERVER".equals(s.kind())
                                    && correlationId.equals(s.attribute("platform.correlation_id")))
                            .findFirst().orElse(null));
            String traceparent = delivery.header("traceparent");
            assertNotNull(traceparent, "the delivery carries its trace: " + delivery.headers());
            String[] parts = traceparent.split("-");
            assertEquals(request.traceId(), parts[1], "the webhook is in the trace of the request: " + traceparent);
            // notification-service's client span of the attempt is in that trace, and it is the receiver's parent
            ExportedSpan attempt = awaitSpans("notification-service's span of the delivery in trace "
                    + request.traceId(), () -> shared.traces().trace(request.traceId()).stream()
                            .filter(s -> "notification-service".equals(s.service())
                                    && "SPAN_KIND_CLIENT".equals(s.kind()))
                            .findFirst().orElse(null));
            assertEquals(parts[2], attempt.spanId(), attempt.toString());

            String id = endpoint.json().path("id").asText();
            assertEquals(204, Api.call("DELETE", "/webhooks/endpoints/" + id, d1, null).status());
        }
    }

    /** Waits like the other platform tests; a timeout shows what the services did export. */
    private static <T> T awaitSpans(String what, java.util.function.Supplier<T> probe) {
        try {
            return ConsumerDeletionRecoveryIT.await(what, probe);
        } catch (AssertionError e) {
            List<ExportedSpan> spans = shared.traces().spans();
            throw new AssertionError(e.getMessage() + "; " + spans.size() + " spans received, by service: "
                    + spans.stream().collect(Collectors.groupingBy(s -> String.valueOf(s.service()), Collectors.counting()))
                    + "; the last 15:\n" + spans.subList(Math.max(0, spans.size() - 15), spans.size()).stream()
                            .map(ExportedSpan::toString).collect(Collectors.joining("\n")), e);
        }
    }

    private static boolean isPostgres(ExportedSpan span) {
        // the Vert.x SQL client's instrumentation names the system "postgres"; newer conventions "postgresql"
        return List.of("postgres", "postgresql").contains(String.valueOf(span.attribute("db.system")))
                || "postgresql".equals(span.attribute("db.system.name"));
    }

    private static boolean isDescendant(ExportedSpan span, ExportedSpan ancestor, List<ExportedSpan> trace) {
        ExportedSpan current = span;
        for (int depth = 0; depth < 32 && current != null; depth++) {
            if (current.spanId().equals(ancestor.spanId())) {
                return true;
            }
            String parent = current.parentSpanId();
            current = trace.stream().filter(s -> s.spanId().equals(parent)).findFirst().orElse(null);
        }
        return false;
    }

    private static List<JsonNode> cardServiceJsonLines() {
        try {
            return Files.readAllLines(shared.stack().service("card-service").log(), StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith("{"))
                    .map(l -> {
                        try {
                            return SharedStack.JSON.readTree(l);
                        } catch (IOException e) {
                            throw new UncheckedIOException("not a JSON line: " + l, e);
                        }
                    }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
