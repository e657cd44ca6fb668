package com.cardplatform.errors;

/**
 * The categories of failure the platform knows. Each dialect decides how a category looks on the wire;
 * services only pick the category (and, where a document asks for it, an exact code or message).
 */
public enum ErrorKind {
    /** A field, header, path or query value does not match its documented format. */
    INVALID_FORMAT(400),
    /** A field value is well-formed but not permitted. */
    INVALID_VALUE(400),
    /** The request body is not parseable (malformed JSON, wrong JSON type at the root). */
    MALFORMED_BODY(400),
    /** Encrypted payload could not be decrypted (D1 CRYPTO_ERROR). */
    CRYPTO(400),
    /** Decrypted payload is not valid JSON (D1 PARSING_ERROR). */
    PARSING(400),
    UNAUTHORIZED(401),
    /** Token valid but lacking scope, or acting for another tenant. */
    FORBIDDEN(403),
    /** The operation is not allowed for this resource in its current state (D1 OPERATION_NOT_ALLOWED). */
    OPERATION_NOT_ALLOWED(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    NOT_ACCEPTABLE(406),
    CONFLICT(409),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    UNPROCESSABLE(422),
    /** Locked after repeated failures until something resets it (Blackhawk: too many wrong activation codes). */
    LOCKED(423),
    TOO_MANY_REQUESTS(429),
    INTERNAL(500),
    NOT_IMPLEMENTED(501),
    /** A dependency (database, another service) is unreachable or its circuit is open; retryable. */
    UNAVAILABLE(503);

    private final int status;

    ErrorKind(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    public boolean clientError() {
        return status < 500;
    }
}
