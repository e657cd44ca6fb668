package com.cardplatform.guard.idempotency;

import java.util.Map;

/**
 * The answer kept for a key: what a repetition of the request receives, with {@code Idempotent-Replayed: true}.
 * {@code sealed}: the body is stored as the service's {@link AnswerSealer} sealed it (an answer holding a secret).
 */
public record StoredAnswer(int status, Map<String, String> headers, byte[] body, boolean sealed) {
}
