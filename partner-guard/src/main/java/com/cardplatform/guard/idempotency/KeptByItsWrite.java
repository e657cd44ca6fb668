package com.cardplatform.guard.idempotency;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a resource method whose write keeps its own {@code Idempotency-Key}: the guard claims nothing and keeps nothing
 * in statements of its own; the write's statement inserts the key's row, already answered, with its change
 * ({@link KeyInTheWrite}). For single-statement writes whose successful answer is known before they run. A JAX-RS
 * name binding ({@link KeptByItsWriteMarker}), resolved when the application is built.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface KeptByItsWrite {
}
