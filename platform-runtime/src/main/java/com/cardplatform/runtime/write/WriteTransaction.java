package com.cardplatform.runtime.write;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a {@code Uni}-returning method in one Hibernate Reactive transaction, like Panache's
 * {@code @WithTransaction}, and makes its outcome certain before the service answers: the method's changes are
 * flushed inside it, so that the only step left after the method is the COMMIT. A connection lost before that
 * point rolled everything back (an ordinary 503); lost during the COMMIT, PostgreSQL may have committed without
 * saying so, and the failure becomes {@link com.cardplatform.errors.ApiError#outcomeUnknown}. Every write of the
 * platform uses it (or {@link WriteOutcomes} for statements on the raw pool).
 */
@InterceptorBinding
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface WriteTransaction {
}
