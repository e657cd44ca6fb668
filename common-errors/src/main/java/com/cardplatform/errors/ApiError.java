package com.cardplatform.errors;

/**
 * The one error type of the platform. Services throw it (or let the mappers classify what they threw) and
 * never build error bodies by hand: {@code common-errors} renders it in the dialect of the API being served.
 *
 * <p>{@code field} names the first field in error (wire name), {@code detail} is a human sentence that is safe to
 * show to the partner (never an internal exception message), {@code code} optionally overrides the dialect's
 * default code (e.g. an RFC 6749 {@code invalid_grant}).</p>
 */
public final class ApiError extends RuntimeException {

    private final ErrorKind kind;
    private final String field;
    private final String detail;
    private final String code;
    private final long retryAfterSeconds;
    private final boolean afterChange;

    private ApiError(ErrorKind kind, String field, String detail, String code, long retryAfterSeconds,
            Throwable cause) {
        this(kind, field, detail, code, retryAfterSeconds, cause, false);
    }

    private ApiError(ErrorKind kind, String field, String detail, String code, long retryAfterSeconds,
            Throwable cause, boolean afterChange) {
        super(kind + (field == null ? "" : " " + field) + (detail == null ? "" : ": " + detail), cause, false, false);
        this.kind = kind;
        this.field = field;
        this.detail = detail;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
        this.afterChange = afterChange;
    }

    /**
     * The request property (JAX-RS) that the exception mappers set when they answer an {@link #afterChange} error,
     * for the filters that run after them (partner-guard keeps such an answer for its Idempotency-Key).
     */
    public static final String AFTER_CHANGE_PROPERTY = "com.cardplatform.errors.afterChange";

    public static ApiError of(ErrorKind kind, String field, String detail) {
        return new ApiError(kind, field, detail, null, kind == ErrorKind.UNAVAILABLE ? 5 : 0, null);
    }

    public static ApiError invalidFormat(String field, String detail) {
        return of(ErrorKind.INVALID_FORMAT, field, detail);
    }

    public static ApiError invalidValue(String field, String detail) {
        return of(ErrorKind.INVALID_VALUE, field, detail);
    }

    public static ApiError malformedBody(String detail) {
        return of(ErrorKind.MALFORMED_BODY, null, detail);
    }

    public static ApiError crypto() {
        return of(ErrorKind.CRYPTO, null, "Decryption of the provided encrypted data failed");
    }

    public static ApiError parsing(String field) {
        return of(ErrorKind.PARSING, field, "Encrypted data is not a valid JSON string");
    }

    public static ApiError unauthorized(String detail) {
        return of(ErrorKind.UNAUTHORIZED, null, detail);
    }

    public static ApiError forbidden(String detail) {
        return of(ErrorKind.FORBIDDEN, null, detail);
    }

    public static ApiError operationNotAllowed(String operation, String detail) {
        return of(ErrorKind.OPERATION_NOT_ALLOWED, operation, detail);
    }

    public static ApiError notFound(String detail) {
        return of(ErrorKind.NOT_FOUND, null, detail);
    }

    public static ApiError conflict(String detail) {
        return of(ErrorKind.CONFLICT, null, detail);
    }

    public static ApiError unprocessable(String detail) {
        return of(ErrorKind.UNPROCESSABLE, null, detail);
    }

    public static ApiError unavailable(String detail, Throwable cause) {
        return new ApiError(ErrorKind.UNAVAILABLE, null, detail, null, 5, cause);
    }

    /**
     * The connection to the database was lost after the change was sent to be committed: PostgreSQL may have
     * committed it without saying so. The partner is told that the outcome is unknown and how to learn it: every
     * write answers a repetition of the same request with its original result.
     */
    public static ApiError outcomeUnknown(Throwable cause) {
        return new ApiError(ErrorKind.UNAVAILABLE, null, OUTCOME_UNKNOWN, null, 5, cause);
    }

    /** The detail of {@link #outcomeUnknown}: the one sentence partners may look for. */
    public static final String OUTCOME_UNKNOWN = "The outcome of this request is unknown: the connection to the "
            + "database was lost while the change was being committed. Send the same request again: if the change "
            + "was made, its original result is answered; if not, it is made now";

    /** Whether this is {@link #outcomeUnknown}: answered with the header {@value #OUTCOME_HEADER}: unknown. */
    public boolean outcomeUnknown() {
        return kind == ErrorKind.UNAVAILABLE && OUTCOME_UNKNOWN.equals(detail);
    }

    /** The header that marks an answer whose write may or may not have happened, in every dialect. */
    public static final String OUTCOME_HEADER = "Write-Outcome";

    /** The value of {@link #OUTCOME_HEADER} on an {@link #outcomeUnknown} answer. */
    public static final String OUTCOME_UNKNOWN_VALUE = "unknown";

    public static ApiError internal(Throwable cause) {
        return new ApiError(ErrorKind.INTERNAL, null, null, null, 0, cause);
    }

    /** The same error with an explicit dialect code (e.g. {@code invalid_grant}). */
    public ApiError withCode(String newCode) {
        return new ApiError(kind, field, detail, newCode, retryAfterSeconds, getCause(), afterChange);
    }

    public ApiError withRetryAfter(long seconds) {
        return new ApiError(kind, field, detail, code, seconds, getCause(), afterChange);
    }

    /**
     * The same error as the final answer of a request that changed something before it failed (a verification that
     * failed and was counted): its repetition must not change it again, so an Idempotency-Key keeps this answer and
     * replays it, as it does a success. Every other error is taken to have changed nothing.
     */
    public ApiError afterChange() {
        return new ApiError(kind, field, detail, code, retryAfterSeconds, getCause(), true);
    }

    /** Whether this is the answer of a request that changed something ({@link #afterChange()}). */
    public boolean changedSomething() {
        return afterChange;
    }

    public ErrorKind kind() {
        return kind;
    }

    public String field() {
        return field;
    }

    public String detail() {
        return detail;
    }

    public String code() {
        return code;
    }

    public int status() {
        return kind.status();
    }

    public boolean retryable() {
        return kind == ErrorKind.UNAVAILABLE || kind == ErrorKind.TOO_MANY_REQUESTS;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
