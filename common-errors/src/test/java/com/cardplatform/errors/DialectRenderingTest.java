package com.cardplatform.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every dialect renders every category; the bodies the seed documents come out exactly as written there. */
class DialectRenderingTest {

    private static final String UUID = "6f1c7f5e-2b1a-4c3d-9e8f-0a1b2c3d4e5f";
    private static final RequestInfo REQUEST = new RequestInfo("POST", "/cards/v1/set-activation-codes",
            name -> "uuid".equals(name) ? UUID : null, "cid-1");

    // ---- every dialect x every category -------------------------------------------------------------------

    static Stream<Arguments> everyDialectAndKind() {
        return Stream.of(Dialect.values()).flatMap(d -> Stream.of(ErrorKind.values()).map(k -> Arguments.of(d, k)));
    }

    @ParameterizedTest(name = "{0} renders {1}")
    @MethodSource("everyDialectAndKind")
    void rendersEveryCategoryWithItsStatusAndNoInternals(Dialect dialect, ErrorKind kind) {
        ApiError error = kind == ErrorKind.INTERNAL
                ? ApiError.internal(new IllegalStateException("password=hunter2 at org.example.Secret"))
                : ApiError.of(kind, "field", "a detail");
        RenderedError rendered = dialect.render(error, REQUEST);
        assertEquals(kind.status(), rendered.status());
        String body = rendered.body().toString();
        assertFalse(body.contains("hunter2"), body);
        assertFalse(body.contains("Exception"), body);
        assertFalse(body.contains("org.example"), body);
        if (kind == ErrorKind.UNAVAILABLE) {
            assertNotNull(rendered.headers().get("Retry-After"), dialect + " sets Retry-After on 503");
        }
    }

    // ---- D1 (seeds 000 and 001) ------------------------------------------------------------------------------

    @Test
    void d1NamesTheFirstFieldInError() {
        assertEquals(Map.of("errorCode", "FIELD_INVALID_FORMAT", "error", "consumerId"),
                d1(ApiError.invalidFormat("consumerId", "bad")));
        assertEquals(Map.of("errorCode", "FIELD_INVALID_VALUE", "error", "limit"),
                d1(ApiError.invalidValue("limit", "too big")));
        assertEquals(Map.of("errorCode", "PARSING_ERROR", "error", "encryptedData"),
                d1(ApiError.parsing("encryptedData")));
        assertEquals(Map.of("errorCode", "OPERATION_NOT_ALLOWED", "error", "operations:track"),
                d1(ApiError.operationNotAllowed("operations:track", "deleted card")));
    }

    @Test
    void d1CodesWithoutField() {
        assertEquals(Map.of("errorCode", "CRYPTO_ERROR"), d1(ApiError.crypto()));
        assertEquals("AUTHORIZER_UNAUTHORIZED", d1(ApiError.unauthorized("x")).get("errorCode"));
        assertEquals("AUTHORIZER_FORBIDDEN", d1(ApiError.forbidden("x")).get("errorCode"));
        assertEquals(Map.of("errorCode", "INTERNAL_ERROR"), d1(ApiError.internal(new RuntimeException("boom"))));
    }

    @Test
    void d1GeneralErrorsOmitBothFields() {
        assertEquals(Map.of(), d1(ApiError.notFound("x")));
        assertEquals(Map.of(), d1(ApiError.malformedBody("x")));
        assertEquals(Map.of(), d1(ApiError.unavailable("x", null)));
    }

    // ---- Blackhawk (seed 002) --------------------------------------------------------------------------------

    @Test
    void blackhawkValidationMessagesAreTheSeeds() {
        assertEquals(blackhawk(400, "Invalid Input - Proxy Number is missing in one of the record with Quote Number 1234"),
                Dialect.BLACKHAWK.render(ApiError.invalidFormat("proxyNumber",
                        "Proxy Number is missing in one of the record with Quote Number 1234"), REQUEST).body());
        assertEquals(blackhawk(400, "Invalid Input - Activation code 123 is not a valid value. Minimum 4 and maximum 16 digits only"),
                Dialect.BLACKHAWK.render(ApiError.invalidFormat("activationCode",
                        "Activation code 123 is not a valid value. Minimum 4 and maximum 16 digits only"), REQUEST).body());
    }

    @Test
    void blackhawkGenericErrorIsTheSeeds() {
        RenderedError rendered = Dialect.BLACKHAWK.render(ApiError.internal(new RuntimeException()), REQUEST);
        assertEquals(500, rendered.status());
        assertEquals(blackhawk(500, "Generic error while creating activation codes, please try again"), rendered.body());
    }

    @Test
    void blackhawkMalformedJsonHasTheSeedsShape() {
        Map<String, Object> body = Dialect.BLACKHAWK.render(ApiError.malformedBody(
                "Unexpected character ('{' (code 123)): was expecting comma to separate Array entries at line 3, column 2"),
                REQUEST).body();
        assertEquals(List.of("status", "error", "message", "path"), List.copyOf(body.keySet()));
        assertEquals(400, body.get("status"));
        assertEquals("Bad Request", body.get("error"));
        assertTrue(body.get("message").toString().startsWith("JSON parse error: Unexpected character"));
        assertEquals("/cards/v1/set-activation-codes", body.get("path"));
    }

    // ---- Citi (seed 003) -------------------------------------------------------------------------------------

    @Test
    void citiInvalidRequestNamesTheLocationAndEchoesTheUuid() {
        Map<String, Object> body = Dialect.CITI.render(ApiError.invalidFormat("countryCode", "x"), REQUEST).body();
        assertEquals("error", body.get("type"));
        assertEquals("invalidRequest", body.get("code"));
        assertEquals("Missing or invalid Parameters", body.get("details"));
        assertEquals("countryCode", body.get("location"));
        assertEquals(UUID, body.get("uuid"));
        assertNotNull(body.get("timestamp"));
    }

    @Test
    void citiCodesAndSentencesAreTheSeeds() {
        assertCiti(ApiError.unauthorized("x"), 401, "error", "unAuthorized", "Authorization credentials are missing or invalid");
        Map<String, Object> forbidden = assertCiti(ApiError.forbidden(null), 403, "error", "accessNotConfigured",
                "The request operation is not configured to access this resource");
        assertEquals("Channel/Country/Business provided in the request is not supported currently", forbidden.get("moreInfo"));
        Map<String, Object> notFound = assertCiti(ApiError.notFound(null), 404, "error", "resourceNotFound",
                "The requested resource was not found");
        assertEquals("Empty resource/resource not found", notFound.get("moreInfo"));
        assertCiti(ApiError.unprocessable(null), 422, "error", "resourceNotFound", "The requested resource was not found");
        assertCiti(ApiError.internal(null), 500, "fatal", "serverUnavailable",
                "The request failed due to an internal error/server unavailability");
    }

    @Test
    void citiNeverReflectsANonUuid() {
        RequestInfo hostile = new RequestInfo("PUT", "/v1/cards/status/detail", n -> "<script>", null);
        assertNull(Dialect.CITI.render(ApiError.invalidFormat("uuid", "x"), hostile).body().get("uuid"));
    }

    // ---- Triple (seed 004) -----------------------------------------------------------------------------------

    @Test
    void tripleExceptionsAndMessagesAreTheSeeds() {
        assertTriple(ApiError.invalidFormat("external_id", "x"), 400, "TripleBadRequestError", "The request is malformed.");
        assertTriple(ApiError.unauthorized("x"), 401, "TripleNotAuthenticatedError", "Client authentication failed.");
        assertTriple(ApiError.notFound("x"), 404, "TripleInvalidPathError", "The url path or path parameter is invalid.");
        assertTriple(ApiError.conflict("x"), 409, "TripleIntegrityError",
                "The request was well-formed but violated entity integrity constraints.");
        assertTriple(ApiError.of(ErrorKind.UNSUPPORTED_MEDIA_TYPE, null, "x"), 415, "TripleUnsupportedMediaType",
                "The request defined an unsupported media type.");
        assertTriple(ApiError.unprocessable("x"), 422, "TripleUnprocessableEntity",
                "The request was well-formed but could not be processed.");
        assertTriple(ApiError.internal(null), 500, "TripleInternalServerError",
                "Triple was unable to process the request due to an internal error.");
        assertTriple(ApiError.of(ErrorKind.NOT_IMPLEMENTED, null, "x"), 501, "TripleNotImplementedError",
                "The request failed because it requires a feature that is not yet implemented.");
        assertTriple(ApiError.unavailable("x", null), 503, "TripleServiceUnavailable",
                "The request failed due to a triple service interruption.");
    }

    @Test
    void tripleDetailsNameTheField() {
        Map<String, Object> content = content(Dialect.TRIPLE.render(
                ApiError.invalidFormat("external_id", "must not be a 9-digit number"), REQUEST).body());
        assertEquals(List.of("external_id: must not be a 9-digit number"), content.get("details"));
        Map<String, Object> already = content(Dialect.TRIPLE.render(
                ApiError.invalidFormat("external_id", "external_id must be 1 to 255 characters long"), REQUEST).body());
        assertEquals(List.of("external_id: must be 1 to 255 characters long"), already.get("details"),
                "the field is not named twice");
    }

    // ---- OAuth (RFC 6749 5.2) --------------------------------------------------------------------------------

    @Test
    void oauthErrorsCarryTheirCodeAndNoStore() {
        RenderedError rendered = Dialect.OAUTH.render(
                ApiError.invalidValue("assertion", "expired").withCode("invalid_grant"), REQUEST);
        assertEquals(400, rendered.status());
        assertEquals(Map.of("error", "invalid_grant", "error_description", "expired"), rendered.body());
        assertEquals("no-store", rendered.headers().get("Cache-Control"));
        RenderedError client = Dialect.OAUTH.render(ApiError.unauthorized("x").withCode("invalid_client"), REQUEST);
        assertEquals(401, client.status());
        assertTrue(client.headers().get("WWW-Authenticate").startsWith("Basic"));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static Map<String, Object> d1(ApiError error) {
        return Dialect.D1.render(error, REQUEST).body();
    }

    private static Map<String, Object> blackhawk(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("success", false);
        body.put("message", message);
        return body;
    }

    private static Map<String, Object> assertCiti(ApiError error, int status, String type, String code, String details) {
        RenderedError rendered = Dialect.CITI.render(error, REQUEST);
        assertEquals(status, rendered.status());
        assertEquals(type, rendered.body().get("type"));
        assertEquals(code, rendered.body().get("code"));
        assertEquals(details, rendered.body().get("details"));
        return rendered.body();
    }

    private static void assertTriple(ApiError error, int status, String exception, String message) {
        RenderedError rendered = Dialect.TRIPLE.render(error, REQUEST);
        assertEquals(status, rendered.status());
        assertEquals(status, rendered.body().get("status_code"));
        Map<String, Object> content = content(rendered.body());
        assertEquals(exception, content.get("exception"));
        assertEquals(message, content.get("error_message"));
        assertTrue(content.get("details") instanceof List<?>);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> content(Map<String, Object> body) {
        return (Map<String, Object>) body.get("content");
    }
}
