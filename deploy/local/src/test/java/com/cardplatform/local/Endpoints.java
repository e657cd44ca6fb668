package com.cardplatform.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every endpoint of every service, read from the services' own OpenAPI documents
 * ({@code GET /q/openapi?format=json} on each service's port), with what the hardening tests need to call it: the
 * scope it requires, the error dialect it answers in, whether the front door routes it, and a valid-looking request
 * (path parameters, body, headers) so that the token is the only thing wrong in a token test.
 */
final class Endpoints {

    /** Endpoints that answer without a token, by design: OAuth token endpoint, key sets, server metadata. */
    static final Set<String> PUBLIC = Set.of(
            "POST /oauth2/token",
            "GET /.well-known/jwks.json",
            "GET /.well-known/oauth-authorization-server",
            "GET /.well-known/tracking-jwks.json");

    /** The error dialects of the platform (ARCHITECTURE.md). */
    enum Dialect { D1, BLACKHAWK, CITI, TRIPLE, OAUTH, PROBLEM }

    /** One operation of one service's OpenAPI document. */
    record Endpoint(String service, String method, String template) {

        String key() {
            return method + " " + template;
        }

        boolean isPublic() {
            return PUBLIC.contains(key());
        }

        Dialect dialect() {
            if ("notification-service".equals(service)) {
                return Dialect.PROBLEM;
            }
            if (template.startsWith("/partner/")) {
                return Dialect.TRIPLE;
            }
            if (template.startsWith("/cards/v1/")) {
                return Dialect.BLACKHAWK;
            }
            if (template.startsWith("/v1/cards/")) {
                return Dialect.CITI;
            }
            if ("auth-service".equals(service)) {
                return Dialect.OAUTH;
            }
            return Dialect.D1;
        }

        /** The scope the endpoint requires (the services' @RolesAllowed, ARCHITECTURE.md "Scopes"). */
        String scope() {
            if ("notification-service".equals(service)) {
                return template.startsWith("/webhooks/") ? "webhooks:manage"
                        : template.equals("/internal/events") ? "events:publish" : "notifications:internal";
            }
            if (template.startsWith("/partner/")) {
                return "api.tripleup.com/partner.publishers";
            }
            if (template.startsWith("/cards/v1/")) {
                return "cards:activation-codes";
            }
            if (template.startsWith("/v1/cards/")) {
                return "cards:status";
            }
            if (template.startsWith("/internal/carrier-events")) {
                return "cards:carrier-events";
            }
            if (template.startsWith("/internal/")) {
                return "cards:internal";
            }
            if (template.contains("/physicalCards/")) {
                return "cards:tracking";
            }
            if (template.contains("/cards")) {
                return "cards:provisioning";
            }
            if (template.endsWith(":delete") || template.contains("/operations")
                    && !template.endsWith(":suspend") && !template.endsWith(":resume")) {
                return "consumers:operations";
            }
            return "consumers:provisioning";
        }

        /** Every scope that opens the endpoint. */
        Set<String> acceptedScopes() {
            // Triple's read-only lookups take the seed's partner.view_offers as well (rewards-account-service README)
            if (method.equals("POST") && template.equals("/partner/card-account.by-ids")
                    || method.equals("GET") && template.equals("/partner/card-accounts/{id}")) {
                return Set.of(scope(), "api.tripleup.com/partner.view_offers");
            }
            return Set.of(scope());
        }

        /** Issuer APIs act for a card issuer (issuer_id in the token); Triple and internal calls do not. */
        boolean issuerBound() {
            // webhooks belong to the caller's tenant: an issuer, or a client (Triple) bound to none
            return !template.startsWith("/partner/") && !template.startsWith("/internal/")
                    && !template.startsWith("/webhooks/");
        }

        /** The issuer is in the path ({issuerId}, D1): another issuer's token is a 403 there. */
        boolean issuerInPath() {
            return template.contains("{issuerId}") && !template.startsWith("/internal/");
        }

        /** Reachable from outside: the front door (the Ingress) routes it. */
        boolean routed() {
            return IngressRoutingTest.ROUTES.match(path(Map.of())).isPresent();
        }

        String path(Map<String, String> values) {
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(template);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                String v = values.getOrDefault(m.group(1), defaultValue(m.group(1)));
                m.appendReplacement(b, Matcher.quoteReplacement(v));
            }
            m.appendTail(b);
            return b.toString();
        }

        boolean hasBody() {
            return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        }

        /**
         * Whether the service reads a request body here: webhooks' secret rotation and event resend are POSTs that take
         * none, so a chunked body is never read and an unknown id is a 404 before any byte of it counts.
         */
        boolean readsBody() {
            return hasBody() && !template.endsWith("/secret:rotate") && !template.endsWith(":resend");
        }

        /** A valid-looking body for this endpoint (unique ids where creation is involved). */
        Object sampleBody() {
            return Endpoints.sampleBody(this);
        }

        /** Headers the endpoint requires besides the token (Citi's). */
        String[] sampleHeaders() {
            return dialect() == Dialect.CITI ? citiHeaders() : new String[0];
        }

        @Override
        public String toString() {
            return service + " " + key();
        }
    }

    static final String ISSUER = LocalSecrets.DEMO_ISSUER;

    private Endpoints() {
    }

    static String defaultValue(String parameter) {
        return switch (parameter) {
            case "issuerId" -> ISSUER;
            case "consumerId" -> "mx-consumer-1";
            case "cardId" -> "MX-CARD-1";
            case "operationId" -> "01J0ZK3V9W6Q8RXN2T5B7M4CDE";
            case "id" -> "triple-AAAAAAAAAAAAAAAAAAAAAA";
            default -> "x1";
        };
    }

    static String[] citiHeaders() {
        return new String[] {"Accept", "application/json", "uuid", UUID.randomUUID().toString(), "countryCode", "MX",
                "businessCode", "BNMX", "ChannelId", "MOBILE", "sid", "hardening-session"};
    }

    static Object sampleBody(Endpoint e) {
        String unique = Long.toString(System.nanoTime(), 36);
        Map<String, Object> body = new LinkedHashMap<>();
        String t = e.template();
        if (t.equals("/issuers/{issuerId}/consumers")) {
            body.put("consumerId", "mx-" + unique);
            body.put("accounts", List.of(Map.of("accountId", "MXACC-" + unique)));
        } else if (t.endsWith(":delete") || t.endsWith(":suspend") || t.endsWith(":resume")) {
            body.put("reason", "hardening test");
            body.put("reasonCode", "ISSUER_DECISION");
        } else if (t.equals("/issuers/{issuerId}/cards")) {
            body.put("cardId", "MX-" + unique);
            body.put("consumerId", "mx-consumer-1");
            body.put("accountId", "MXACC-1");
            body.put("productType", "DEBIT");
        } else if (t.endsWith("/digitalCards")) {
            body.put("digitalCardId", "MXDC-" + unique);
            body.put("walletProvider", "APPLE_PAY");
        } else if (t.endsWith("/status")) {
            body.put("status", "BLOCKED");
            body.put("reason", "hardening test");
        } else if (t.endsWith("operations:track")) {
            body.put("trackingType", "PRODUCTION");
            body.put("encryptedData", "eyJhbGciOiJFQ0RILUVTIn0..AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA");
        } else if (t.equals("/v1/cards/status/detail")) {
            body.put("accountId", "MXACC-1");
            body.put("cardStatusCode", "F");
            body.put("blockReasonCode", "Y1");
        } else if (t.equals("/internal/carrier-events")) {
            body.put("eventId", "evt-" + unique);
            body.put("operationId", "01J0ZK3V9W6Q8RXN2T5B7M4CDE");
            body.put("status", "IN_TRANSIT");
            body.put("occurredAt", "2026-03-03T08:00:00.000Z");
        } else if (t.startsWith("/simulations/")) {
            body.put("event", "in_transit");
        } else if (t.equals("/internal/events")) {
            body.put("events", List.of(Map.of("id", java.util.UUID.randomUUID().toString(), "type", "card.status.changed",
                    "tenant", "issuer:" + ISSUER, "entityId", "MX-CARD-1", "sequence", 1,
                    "occurredAt", "2026-03-03T08:00:00.000Z", "data", Map.of("cardId", "MX-CARD-1"))));
        } else if (t.equals("/webhooks/endpoints") || t.equals("/webhooks/endpoints/{id}")) {
            body.put("url", "https://partner.example/hooks/" + unique);
            body.put("eventTypes", List.of("card.status.changed"));
            body.put("description", "matrix endpoint");
        } else if (t.endsWith(":recover")) {
            body.put("since", "2026-03-03T08:00:00Z");
        } else if (t.equals("/internal/issuers/{issuerId}/notifications")) {
            body.put("baseUrl", "https://issuer.example/d1");
            body.put("maxOperations", 10);
        } else if (t.equals("/cards/v1/set-activation-codes")) {
            return List.of(Map.of("quoteNumber", "9" + (System.nanoTime() % 100_000_000L), "proxyNumber", "60395001",
                    "activationCode", "Matrix01"));
        } else if (t.equals("/cards/v1/verify-activation-code")) {
            body.put("quoteNumber", "91");
            body.put("proxyNumber", "60395001");
            body.put("activationCode", "Matrix01");
        } else if (t.equals("/partner/publishers")) {
            body.put("external_id", "mx-pub-" + unique);
            body.put("name", "Matrix publisher");
        } else if (t.equals("/partner/card-programs")) {
            body.put("publisher_id", "triple-AAAAAAAAAAAAAAAAAAAAAA");
            body.put("external_id", "mx-prog-" + unique);
            body.put("name", "Matrix program");
            body.put("currency", "USD");
            body.put("default_country_code", "US");
            body.put("default_postal_code", "10001");
        } else if (t.equals("/partner/card-accounts")) {
            body.put("card_program_id", "triple-AAAAAAAAAAAAAAAAAAAAAA");
            body.put("external_id", "mx-acc-" + unique);
        } else if (t.equals("/partner/card-accounts/{id}")) {
            body.put("status", "NOT_ENROLLED");
        } else if (t.equals("/partner/card-account.by-ids")) {
            body.put("card_account_external_id", "mx-acc-1");
        } else if (t.equals("/oauth2/token")) {
            return "grant_type=client_credentials";
        }
        return body;
    }

    /** Every operation of the services' OpenAPI documents, in document order. */
    static List<Endpoint> all() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (String service : StackSettings.DEFAULT_PORTS.keySet()) {
            endpoints.addAll(of(service));
        }
        return endpoints;
    }

    static List<Endpoint> of(String service) {
        JsonNode doc;
        try {
            doc = SharedStack.JSON.readTree(SharedStack.get().direct(service, "/q/openapi?format=json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (Set.of("get", "post", "put", "patch", "delete").contains(method)) {
                    endpoints.add(new Endpoint(service, method.toUpperCase(java.util.Locale.ROOT), path.getKey()));
                }
            }
        }
        return endpoints;
    }
}
