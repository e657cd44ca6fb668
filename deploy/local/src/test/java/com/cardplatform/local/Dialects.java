package com.cardplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.cardplatform.local.Endpoints.Dialect;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** What a 401, a 403 or any error looks like in each API's own dialect (common-errors' renderers, the seeds). */
final class Dialects {

    /** What must never be in a response body: stack traces, Java/framework class names, SQL, internals. */
    static final Pattern LEAK = Pattern.compile(
            "\\bat (java|com|org|io|jdk|sun)\\.[\\w.$]+\\(|Caused by:|\\bjava\\.(lang|io|util|sql|net|time)\\.|"
                    + "\\bcom\\.cardplatform\\.|\\bio\\.(quarkus|vertx|smallrye|netty)\\.|\\borg\\.(hibernate|jboss|postgresql)\\.|"
                    + "com\\.fasterxml|\\b[A-Z][A-Za-z]+(Exception|Error)\\b(?<!Triple[A-Za-z]{0,40}Error)|\\bSQLSTATE\\b|"
                    + "(?i:\\bselect\\b.{1,80}\\bfrom\\b|\\binsert into\\b|\\bupdate\\b.{1,40}\\bset\\b)|"
                    + "\\bNullPointer|\\bjakarta\\.|\\$\\$|\\bJsonToken\\.|`[A-Za-z]+(\\.[A-Za-z0-9_$]+){2,}`");

    private Dialects() {
    }

    static void assertUnauthorized(Dialect dialect, Api.Response r, String what) {
        assertEquals(401, r.status(), what + ": " + r.body());
        assertJson(r, what);
        JsonNode b = r.json();
        switch (dialect) {
            case D1 -> assertEquals("{\"errorCode\":\"AUTHORIZER_UNAUTHORIZED\",\"error\":\"Access token not valid\"}",
                    r.body(), what);
            case BLACKHAWK -> assertEquals("{\"status\":401,\"success\":false,\"message\":\"Unauthorized - the access "
                    + "token is missing, invalid or expired\"}", r.body(), what);
            case CITI -> {
                assertEquals("error", b.path("type").asText(), what + ": " + r.body());
                assertEquals("unAuthorized", b.path("code").asText(), what + ": " + r.body());
                assertEquals("Authorization credentials are missing or invalid", b.path("details").asText(), what);
                assertTrue(b.path("timestamp").isTextual(), what + ": " + r.body());
            }
            case TRIPLE -> {
                assertEquals(401, b.path("status_code").asInt(), what + ": " + r.body());
                assertEquals("TripleNotAuthenticatedError", b.path("content").path("exception").asText(), what);
                assertEquals("Client authentication failed.", b.path("content").path("error_message").asText(), what);
                assertTrue(b.path("content").path("details").isArray(), what + ": " + r.body());
            }
            case OAUTH -> assertEquals("invalid_client", b.path("error").asText(), what + ": " + r.body());
            case PROBLEM -> assertProblem(r, 401, "Unauthorized", what);
            default -> fail("no dialect");
        }
    }

    /** RFC 9457 problem details: {@code type}, {@code title}, {@code status} equal to the answer's, {@code detail}. */
    static void assertProblem(Api.Response r, int status, String title, String what) {
        JsonNode b = r.json();
        assertEquals("about:blank", b.path("type").asText(), what + ": " + r.body());
        assertEquals(title, b.path("title").asText(), what + ": " + r.body());
        assertEquals(status, b.path("status").asInt(), what + ": " + r.body());
        assertTrue(b.path("detail").isTextual(), what + ": " + r.body());
    }

    static void assertForbidden(Dialect dialect, Api.Response r, String what) {
        assertEquals(403, r.status(), what + ": " + r.body());
        assertJson(r, what);
        JsonNode b = r.json();
        switch (dialect) {
            case D1 -> assertEquals("{\"errorCode\":\"AUTHORIZER_FORBIDDEN\",\"error\":\"not_authorized\"}", r.body(), what);
            case BLACKHAWK -> assertEquals("{\"status\":403,\"success\":false,\"message\":\"Forbidden - the access token "
                    + "does not allow this operation\"}", r.body(), what);
            case CITI -> {
                assertEquals("error", b.path("type").asText(), what + ": " + r.body());
                assertEquals("accessNotConfigured", b.path("code").asText(), what + ": " + r.body());
                assertEquals("The request operation is not configured to access this resource", b.path("details").asText(),
                        what);
            }
            case TRIPLE -> {
                assertEquals(403, b.path("status_code").asInt(), what + ": " + r.body());
                assertEquals("TripleForbiddenError", b.path("content").path("exception").asText(), what);
                assertEquals("The client is not authorized to perform this request.",
                        b.path("content").path("error_message").asText(), what);
            }
            case PROBLEM -> assertProblem(r, 403, "Forbidden", what);
            default -> fail("no 403 in the " + dialect + " dialect");
        }
    }

    static void assertJson(Api.Response r, String what) {
        String type = r.header("Content-Type").orElse("");
        assertTrue(type.startsWith("application/json") || type.startsWith("application/problem+json"),
                what + ": content type " + r.header("Content-Type") + " " + r.body());
    }

    /**
     * An error body of the API's dialect (any status), nothing more: the shape every error of that API has. The front
     * door's own refusals (404/400/413/429 for requests that never reach a service) are accepted with their neutral
     * shape ({@code {"status","error","message"}}), as documented in deploy/README.md.
     */
    static void assertErrorShape(Dialect dialect, Api.Response r, String what) {
        String body = r.body();
        assertNoLeak(body, what);
        assertFalse(body == null || body.isBlank(), what + ": " + r.status() + " with an EMPTY body (no " + dialect
                + " error body)");
        JsonNode b;
        try {
            b = SharedStack.JSON.readTree(body);
        } catch (Exception e) {
            fail(what + ": error body is not JSON: " + r);
            return;
        }
        if (isFrontDoorRefusal(r)) {
            return;
        }
        switch (dialect) {
            case D1 -> {
                // {"errorCode","error"} or a general error {} (seed tables "-")
                for (var it = b.fieldNames(); it.hasNext(); ) {
                    String f = it.next();
                    assertTrue(Set.of("errorCode", "error").contains(f), what + ": not D1: " + body);
                }
            }
            case BLACKHAWK -> {
                assertEquals(r.status(), b.path("status").asInt(), what + ": " + body);
                boolean parseError = b.has("error") && b.has("path");
                assertTrue(parseError || b.path("success").isBoolean() && !b.path("success").asBoolean(),
                        what + ": not Blackhawk: " + body);
                assertTrue(b.path("message").isTextual(), what + ": " + body);
            }
            case CITI -> {
                assertTrue(Set.of("error", "fatal").contains(b.path("type").asText()), what + ": not Citi: " + body);
                assertTrue(b.path("code").isTextual() && b.path("details").isTextual(), what + ": not Citi: " + body);
            }
            case TRIPLE -> {
                assertEquals(r.status(), b.path("status_code").asInt(), what + ": not Triple: " + body);
                assertTrue(b.path("content").path("exception").asText().startsWith("Triple"), what + ": " + body);
                assertTrue(b.path("content").path("error_message").isTextual(), what + ": " + body);
            }
            case OAUTH -> assertTrue(b.path("error").isTextual(), what + ": not RFC 6749: " + body);
            case PROBLEM -> {
                assertEquals(r.status(), b.path("status").asInt(), what + ": not RFC 9457: " + body);
                assertTrue(b.path("title").isTextual() && b.path("type").isTextual(), what + ": not RFC 9457: " + body);
            }
            default -> fail("no dialect");
        }
    }

    /** The front door's neutral refusal: exactly {"status","error","message"} with one of its error names. */
    static boolean isFrontDoorRefusal(Api.Response r) {
        try {
            JsonNode b = SharedStack.JSON.readTree(r.body());
            return b.size() == 3 && b.path("status").asInt() == r.status()
                    && List.of("not_found", "bad_request", "payload_too_large", "too_many_requests", "service_unavailable")
                            .contains(b.path("error").asText())
                    && b.path("message").isTextual();
        } catch (Exception e) {
            return false;
        }
    }

    static void assertNoLeak(String body, String what) {
        assertFalse(LEAK.matcher(body == null ? "" : body).find(), what + ": internals in the body: " + body);
        for (String secret : SharedStack.get().sensitiveValues()) {
            if (secret.length() >= 12) {
                assertFalse(body != null && body.contains(secret), what + ": a secret/token is in the body");
            }
        }
    }
}
