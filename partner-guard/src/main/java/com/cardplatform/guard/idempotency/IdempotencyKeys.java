package com.cardplatform.guard.idempotency;

import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.ErrorKind;
import com.cardplatform.guard.GuardConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * {@code Idempotency-Key} on every partner write (POST, PUT, PATCH, DELETE), the way Stripe, Lithic and Marqeta
 * offer it: the first request with a key runs and its answer is kept with a fingerprint of the request; the same
 * key with the same request gets that answer again with {@code Idempotent-Replayed: true} and has no second effect;
 * the same key with another request is 422, and while the first is still running 409, in the API's own dialect.
 * Keys are scoped per client (the token's {@code sub}) and kept for the retention (24 hours by default).
 *
 * <p>Successful answers (2xx) are kept, and the error answers of requests that changed something
 * ({@link ApiError#afterChange()}). Every other failure of this platform changes nothing (a write either commits whole
 * or answers an error), so after it the key is released and the partner's repetition runs again. The "outcome unknown"
 * 503 may follow a commit: its key stays bound to the request, abandoned at once, so that the same request runs again
 * (each service answers it with its original result) and another one is 422. While a request runs, its claim's lease
 * is renewed ({@link ClaimRenewal}).</p>
 */
@ApplicationScoped
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    /** The headers of an answer that are kept with it; the correlation id and the rate limit are the new request's. */
    static final List<String> KEPT_HEADERS = List.of("Content-Type", "Location", "ETag", "Last-Modified",
            "Cache-Control");
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    static final String CLAIM = IdempotencyKeys.class.getName() + ".claim";
    private static final String REPLAYED = IdempotencyKeys.class.getName() + ".replayed";
    /** Set by {@link SecretAnswerMarker} on the requests of {@link AnswerHoldsSecret} methods. */
    static final String HOLDS_SECRET = IdempotencyKeys.class.getName() + ".holdsSecret";
    /** Set by {@link KeptByItsWriteMarker} on the requests of {@link KeptByItsWrite} methods. */
    static final String KEPT_BY_ITS_WRITE = IdempotencyKeys.class.getName() + ".keptByItsWrite";
    /** The key of a keyed {@link KeptByItsWrite} request, for its write ({@link KeyInTheWrite}). */
    static final String PENDING = IdempotencyKeys.class.getName() + ".pending";

    /** The request's hold on its key; {@code keySince}: when the key's lifetime began ({@link KeyedRequest}). */
    record Claimed(String clientId, String key, UUID claim, long keySince) {
    }

    private final IdempotencyStore store;
    private final ClaimRenewal renewal;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final boolean enabled;
    private final int maxStoredBodyBytes;
    /** The service's encryption of answers that hold a secret; null when it has none (such answers are not kept). */
    private final AnswerSealer sealer;

    public IdempotencyKeys(IdempotencyStore store, ClaimRenewal renewal, ObjectMapper json, MeterRegistry meters,
            GuardConfig config, Instance<AnswerSealer> sealers) {
        this.store = store;
        this.renewal = renewal;
        this.json = json;
        this.meters = meters;
        this.sealer = sealers.isResolvable() ? sealers.get() : null;
        this.enabled = config.idempotency().enabled();
        this.maxStoredBodyBytes = config.idempotency().maxStoredBodyBytes();
    }

    public static boolean isWrite(String method) {
        return WRITES.contains(method);
    }

    /** Before the resource: null to let the request run, or the kept answer to replay. Fails with 400/409/422. */
    public Uni<Response> before(String clientId, ContainerRequestContext request, ServerRequestContext context) {
        String key = request.getHeaderString(HEADER);
        if (!enabled || key == null) {
            return Uni.createFrom().nullItem();
        }
        if (!wellFormed(key)) {
            return Uni.createFrom().failure(ApiError.invalidFormat(HEADER,
                    "must be 1 to 255 printable ASCII characters (a UUID is recommended)"));
        }
        byte[] fingerprint = fingerprint(request, context);
        if (Boolean.TRUE.equals(request.getProperty(KEPT_BY_ITS_WRITE))) {
            // the write's own statement keeps the key (KeyInTheWrite): nothing to claim first
            request.setProperty(PENDING, new KeyInTheWrite.Pending(clientId, key, fingerprint));
            return Uni.createFrom().nullItem();
        }
        return claimOrAnswer(clientId, key, fingerprint, request, true);
    }

    private Uni<Response> claimOrAnswer(String clientId, String key, byte[] fingerprint, ContainerRequestContext request,
            boolean firstTry) {
        return store.claim(clientId, key, fingerprint).flatMap(won -> {
            if (won != null) {
                request.setProperty(CLAIM, new Claimed(clientId, key, won.claim(), won.keySince()));
                renewal.track(clientId, key, won.claim());
                count("claimed");
                return Uni.createFrom().nullItem();
            }
            return store.find(clientId, key).flatMap(existing -> {
                if (existing == null) {
                    // released or purged between the two statements: try once more, then treat it as busy
                    return firstTry ? claimOrAnswer(clientId, key, fingerprint, request, false)
                            : Uni.createFrom().failure(inFlight());
                }
                return answerFrom(existing, clientId, key, fingerprint, request);
            });
        });
    }

    /**
     * The answer to a request whose key another request holds: 422 for another request, 409 while it runs, the kept
     * answer replayed once it is done.
     */
    private Uni<Response> answerFrom(IdempotencyStore.Existing existing, String clientId, String key,
            byte[] fingerprint, ContainerRequestContext request) {
        if (!existing.sameRequest(fingerprint)) {
            count("mismatch");
            return Uni.createFrom().failure(ApiError.of(ErrorKind.UNPROCESSABLE, HEADER,
                    "This Idempotency-Key was already used with a different request (method, path or body)"));
        }
        if (!existing.done()) {
            count("in_flight");
            return Uni.createFrom().failure(inFlight());
        }
        count("replayed");
        request.setProperty(REPLAYED, Boolean.TRUE);
        return Uni.createFrom().item(replay(opened(existing.answer(), clientId, key)));
    }

    /**
     * A {@link KeptByItsWrite} request whose statement found its key's row already there (and rolled back): answered
     * from that row as any request with a used key. A row in the way that its statement could not take over (past its
     * retention, or an abandoned claim of this very request, left by a replica that died) is deleted, and the partner
     * is told to retry at once: the retry's statement keeps the key.
     */
    Uni<Response> answerTaken(IdempotencyKeyTaken taken, ContainerRequestContext request) {
        request.removeProperty(KeyInTheWrite.ANSWER);
        return store.find(taken.clientId(), taken.key()).flatMap(existing -> {
            if (existing == null || existing.expired()
                    || existing.abandoned() && existing.sameRequest(taken.fingerprint())) {
                Uni<Void> cleared = existing == null ? Uni.createFrom().voidItem()
                        : store.clearStale(taken.clientId(), taken.key(), taken.fingerprint());
                count("in_flight");
                return cleared.chain(() -> Uni.createFrom().failure(ApiError.of(ErrorKind.CONFLICT, HEADER,
                        "This Idempotency-Key was just freed from an earlier use; retry after the time given in "
                                + "Retry-After").withRetryAfter(1)));
            }
            return answerFrom(existing, taken.clientId(), taken.key(), taken.fingerprint(), request);
        });
    }

    /**
     * After the resource (or the mappers): keep a successful answer, and an error answer of a request that changed
     * something ({@link ApiError#afterChange()}); release the key otherwise (the request changed nothing).
     */
    public Uni<Void> after(ContainerRequestContext request, ContainerResponseContext response) {
        if (Boolean.TRUE.equals(request.getProperty(REPLAYED))) {
            response.getHeaders().putSingle(REPLAYED_HEADER, "true");
            return Uni.createFrom().voidItem();
        }
        if (request.getProperty(KeyInTheWrite.ANSWER) instanceof KeyInTheWrite.KeyRow row) {
            // the write's statement kept this answer with the key: the partner gets those very bytes
            StoredAnswer kept = row.writtenAnswer();
            if (kept != null && response.getStatus() == kept.status()) {
                count("claimed");
                if (kept.body().length > 0) {
                    response.setEntity(kept.body(), response.getEntityAnnotations(), MediaType.APPLICATION_JSON_TYPE);
                }
            }
            return Uni.createFrom().voidItem();
        }
        if (!(request.getProperty(CLAIM) instanceof Claimed claimed)) {
            return Uni.createFrom().voidItem();
        }
        request.removeProperty(CLAIM);
        renewal.forget(claimed.claim());
        boolean kept = response.getStatus() / 100 == 2
                || Boolean.TRUE.equals(request.getProperty(ApiError.AFTER_CHANGE_PROPERTY));
        StoredAnswer plain = kept ? answerOf(response) : null;
        StoredAnswer answer = plain != null && Boolean.TRUE.equals(request.getProperty(HOLDS_SECRET))
                ? sealed(plain, claimed.clientId(), claimed.key()) : plain;
        Uni<Void> step = answer != null
                ? store.complete(claimed.clientId(), claimed.key(), claimed.claim(), answer)
                : ApiError.OUTCOME_UNKNOWN_VALUE.equals(response.getHeaderString(ApiError.OUTCOME_HEADER))
                        ? store.abandon(claimed.clientId(), claimed.key(), claimed.claim())
                        : store.release(claimed.clientId(), claimed.key(), claimed.claim());
        return step.onFailure().recoverWithUni(failure -> {
            // the partner still gets the right answer; the key stays claimed until its lease ends, then the same
            // request may run again (and every write answers a repetition with its original result)
            Log.warnf("Idempotency-Key of %s %s could not be %s (%s); it is released when its lease ends",
                    request.getMethod(), request.getUriInfo().getPath(), answer == null ? "released" : "kept",
                    failure.getClass().getSimpleName());
            count("store_failed");
            return Uni.createFrom().voidItem();
        });
    }

    private StoredAnswer answerOf(ContainerResponseContext response) {
        Object entity = response.getEntity();
        if (entity != null && !(entity instanceof byte[]) && !(entity instanceof String)
                && (isStream(entity) || !isJson(response.getMediaType()))) {
            // the bytes of this answer are written by another body writer (or streamed): they cannot be kept as they
            // are sent, and the JSON rendering used for the other answers would replace what the partner gets
            Log.warnf("An answer of %s as %s is not kept for its Idempotency-Key (only JSON, text and bytes are);"
                    + " the key is released", entity.getClass().getSimpleName(), response.getMediaType());
            return null;
        }
        byte[] body;
        try {
            body = bodyOf(entity);
            if (body.length > 0 && !(entity instanceof byte[]) && !(entity instanceof String)) {
                // the bytes just written are the answer: the partner gets them as they are kept, with the type that
                // is kept (JSON when the resource set none: its negotiated type could differ from the replay's, e.g.
                // with a charset), and the answer is not serialized a second time
                response.setEntity(body, response.getEntityAnnotations(),
                        response.getMediaType() != null ? response.getMediaType() : MediaType.APPLICATION_JSON_TYPE);
            }
        } catch (JsonProcessingException e) {
            Log.warnf("An answer could not be kept for its Idempotency-Key (%s); the key is released",
                    e.getClass().getSimpleName());
            return null;
        }
        if (body.length > maxStoredBodyBytes) {
            Log.warnf("An answer of %d bytes is over platform.guard.idempotency.max-stored-body-bytes (%d); its "
                    + "Idempotency-Key is released", body.length, maxStoredBodyBytes);
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : KEPT_HEADERS) {
            String value = response.getHeaderString(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        if (!headers.containsKey("Content-Type") && response.getMediaType() != null && body.length > 0) {
            headers.put("Content-Type", response.getMediaType().toString());
        }
        return new StoredAnswer(response.getStatus(), headers, body, false);
    }

    /** A body written as it is read or produced, whatever its media type: never rendered as JSON. */
    static boolean isStream(Object entity) {
        return entity instanceof InputStream || entity instanceof jakarta.ws.rs.core.StreamingOutput
                || entity instanceof java.util.concurrent.Flow.Publisher || entity instanceof java.io.File
                || entity instanceof java.nio.file.Path;
    }

    /** JSON by its media type ({@code application/json}, {@code application/*+json}); none counts as JSON. */
    static boolean isJson(MediaType type) {
        if (type == null) {
            return true;
        }
        String subtype = type.getSubtype().toLowerCase(java.util.Locale.ROOT);
        return "application".equalsIgnoreCase(type.getType()) && ("json".equals(subtype) || subtype.endsWith("+json"));
    }

    /** The answer with its body sealed by the service's {@link AnswerSealer}; null (not kept) without one. */
    private StoredAnswer sealed(StoredAnswer answer, String clientId, String key) {
        if (sealer == null) {
            Log.warn("An answer holding a secret is not kept for its Idempotency-Key: this service has no AnswerSealer;"
                    + " the key is released");
            return null;
        }
        return new StoredAnswer(answer.status(), answer.headers(), sealer.seal(answer.body(), boundTo(clientId, key)),
                true);
    }

    /** A kept answer as it is replayed: a sealed body opened. */
    private StoredAnswer opened(StoredAnswer answer, String clientId, String key) {
        if (!answer.sealed()) {
            return answer;
        }
        if (sealer == null) {
            throw new IllegalStateException("A kept answer is sealed and this service has no AnswerSealer");
        }
        return new StoredAnswer(answer.status(), answer.headers(), sealer.open(answer.body(), boundTo(clientId, key)),
                false);
    }

    /** The row a sealed answer belongs to: the client and its key. */
    public static String boundTo(String clientId, String key) {
        return "idempotency:" + clientId + "\n" + key;
    }

    private byte[] bodyOf(Object entity) throws JsonProcessingException {
        if (entity == null) {
            return new byte[0];
        }
        if (entity instanceof byte[] bytes) {
            return bytes;
        }
        if (entity instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return json.writeValueAsBytes(entity);
    }

    private static Response replay(StoredAnswer answer) {
        Response.ResponseBuilder builder = Response.status(answer.status());
        answer.headers().forEach((name, value) -> {
            if ("Location".equalsIgnoreCase(name)) {
                // resolved as the first answer's was: a relative one (kept by a write, KeyInTheWrite) against this
                // request's base URI, an absolute one as it is
                builder.location(java.net.URI.create(value));
            } else {
                builder.header(name, value);
            }
        });
        if (answer.body().length > 0) {
            String type = answer.headers().getOrDefault("Content-Type", MediaType.APPLICATION_JSON);
            builder.entity(answer.body()).type(type);
        }
        return builder.header(REPLAYED_HEADER, "true").build();
    }

    private static ApiError inFlight() {
        return ApiError.of(ErrorKind.CONFLICT, HEADER,
                "A request with this Idempotency-Key is still being processed; retry after the time given in "
                        + "Retry-After").withRetryAfter(1);
    }

    static boolean wellFormed(String key) {
        if (key.isEmpty() || key.length() > 255) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** SHA-256 of method, raw path with query, and body: what "the same request" means. */
    private static byte[] fingerprint(ContainerRequestContext request, ServerRequestContext context) {
        byte[] body = readBody(request, context);
        MessageDigest digest = sha256();
        digest.update(request.getMethod().getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) '\n');
        var uri = request.getUriInfo().getRequestUri();
        digest.update(uri.getRawPath().getBytes(StandardCharsets.UTF_8));
        if (uri.getRawQuery() != null) {
            digest.update((byte) '?');
            digest.update(uri.getRawQuery().getBytes(StandardCharsets.UTF_8));
        }
        digest.update((byte) '\n');
        digest.update(body);
        return digest.digest();
    }

    /**
     * The body, already in memory (the filter runs after it was read), given back to the resource unchanged. A
     * resource method without a body parameter has none in memory: its answer cannot depend on a body, and reading one
     * here would block the event loop, so it counts as empty.
     */
    private static byte[] readBody(ContainerRequestContext request, ServerRequestContext context) {
        if (!request.hasEntity() || context instanceof ResteasyReactiveRequestContext reactive
                && !reactive.hasInputStream()) {
            return new byte[0];
        }
        try (InputStream in = request.getEntityStream()) {
            byte[] body = in.readAllBytes();
            request.setEntityStream(new ByteArrayInputStream(body));
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private void count(String outcome) {
        // looked up once per outcome: a registry lookup builds the meter's id at every call
        counters.computeIfAbsent(outcome, o -> meters.counter("platform_idempotency_keys_total", "outcome", o))
                .increment();
    }
}
