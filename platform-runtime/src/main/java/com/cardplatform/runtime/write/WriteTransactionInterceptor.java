package com.cardplatform.runtime.write;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hibernate.reactive.mutiny.Mutiny;

/** See {@link WriteTransaction}. Same priority as Panache's own transaction interceptor. */
@WriteTransaction
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 200)
public class WriteTransactionInterceptor {

    @AroundInvoke
    Object inTransaction(InvocationContext context) throws Exception {
        if (!Uni.class.isAssignableFrom(context.getMethod().getReturnType())) {
            throw new IllegalStateException("@WriteTransaction needs a method that returns a Uni: " + context.getMethod());
        }
        AtomicBoolean committing = new AtomicBoolean();
        return Panache.withTransaction(() -> proceed(context)
                        // flushed here, so that a failure after this point can only come from the COMMIT
                        .call(() -> Panache.getSession().chain(Mutiny.Session::flush))
                        .invoke(() -> committing.set(true)))
                .onFailure(failure -> committing.get())
                .transform(WriteOutcomes::lostDuringCommit);
    }

    @SuppressWarnings("unchecked")
    private static Uni<Object> proceed(InvocationContext context) {
        try {
            return (Uni<Object>) context.proceed();
        } catch (Exception e) {
            return Uni.createFrom().failure(e);
        }
    }
}
