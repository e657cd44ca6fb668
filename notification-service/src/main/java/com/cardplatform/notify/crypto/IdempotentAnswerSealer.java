package com.cardplatform.notify.crypto;

import com.cardplatform.guard.idempotency.AnswerSealer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The answers that show a new signing secret (an endpoint created, a secret rotated) are kept for their
 * Idempotency-Key under the same key as the secrets themselves ({@link SecretBox}), bound to the client and key, so
 * that a partner whose first answer was lost gets the secret again and the table never holds it in clear.
 */
@ApplicationScoped
public class IdempotentAnswerSealer implements AnswerSealer {

    private final SecretBox box;

    public IdempotentAnswerSealer(SecretBox box) {
        this.box = box;
    }

    @Override
    public byte[] seal(byte[] plain, String boundTo) {
        return box.seal(plain, boundTo);
    }

    @Override
    public byte[] open(byte[] sealed, String boundTo) {
        return box.open(sealed, boundTo);
    }
}
