package com.cardplatform.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 9457: members, media type, field violations, Retry-After, no internals. */
class ProblemRenderingTest {

    private static final RequestInfo REQUEST = RequestInfo.of("POST", "/webhooks/endpoints");

    @Test
    void aFieldViolationIsABadRequestProblemWithItsErrors() {
        RenderedError r = Dialect.PROBLEM.render(ApiError.invalidValue("url", "must be an https URL"), REQUEST);
        assertEquals(400, r.status());
        assertEquals("application/problem+json", r.headers().get("Content-Type"));
        assertEquals("about:blank", r.body().get("type"));
        assertEquals("Bad Request", r.body().get("title"));
        assertEquals(400, r.body().get("status"));
        assertEquals("must be an https URL", r.body().get("detail"));
        assertEquals(List.of(Map.of("field", "url", "detail", "must be an https URL")), r.body().get("errors"));
        assertNull(r.headers().get("Retry-After"));
    }

    @Test
    void unavailableCarriesRetryAfterAndNotFoundHasNoErrorsMember() {
        RenderedError r = Dialect.PROBLEM.render(ApiError.unavailable("database down", null), REQUEST);
        assertEquals(503, r.status());
        assertEquals("5", r.headers().get("Retry-After"));
        assertEquals("Service Unavailable", r.body().get("title"));
        RenderedError nf = Dialect.PROBLEM.render(ApiError.notFound(null), REQUEST);
        assertEquals(404, nf.status());
        assertEquals("No such resource", nf.body().get("detail"));
        assertFalse(nf.body().containsKey("errors"));
    }

    @Test
    void anInternalErrorSaysNothingOfItsCause() {
        RenderedError r = Dialect.PROBLEM.render(
                ApiError.internal(new IllegalStateException("secret=whsec_abc at org.example")), REQUEST);
        assertEquals(500, r.status());
        assertFalse(r.body().toString().contains("whsec_abc"));
        assertEquals("Internal Server Error", r.body().get("title"));
    }
}
