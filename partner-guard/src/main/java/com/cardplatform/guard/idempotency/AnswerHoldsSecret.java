package com.cardplatform.guard.idempotency;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a resource method whose successful answer holds a secret (a new webhook signing secret, shown once): its answer
 * is kept for the Idempotency-Key only sealed by the service's {@link AnswerSealer}, and never without one (the key is
 * then released, so the repetition runs again). A JAX-RS name binding ({@link SecretAnswerMarker}), resolved when
 * the application is built.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface AnswerHoldsSecret {
}
