package com.cardplatform.runtime.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Supplier;

/**
 * The W3C {@code traceparent} of work that outlives its request (an outbox row): kept with the row, and restored when
 * a background worker takes the work up, so that the work joins the trace of the request that caused it.
 */
public final class Traceparent {

    private static final TextMapGetter<String> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of("traceparent");
        }

        @Override
        public String get(String carrier, String key) {
            return "traceparent".equals(key) ? carrier : null;
        }
    };

    private Traceparent() {
    }

    /** The traceparent of the current span; null when there is none. */
    public static String current() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid()
                ? "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex()
                : null;
    }

    /** The context a kept traceparent names, as a remote parent; null when there is none or it is not valid. */
    public static Context restore(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return null;
        }
        Context context = W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, GETTER);
        return Span.fromContext(context).getSpanContext().isValid() ? context : null;
    }

    /**
     * Runs {@code work} in the trace a kept traceparent names: the context is made current on a Vert.x duplicated
     * context of the work's own (OpenTelemetry's context lives in the Vert.x context in Quarkus), so its spans and
     * outgoing calls belong to that trace and carry its traceparent, however late. Without a valid traceparent the
     * work runs as it is.
     */
    public static <T> Uni<T> inTraceOf(String traceparent, Vertx vertx, Supplier<Uni<T>> work) {
        Context parent = restore(traceparent);
        if (parent == null) {
            return work.get();
        }
        io.vertx.core.Context own = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        return Uni.createFrom().emitter(emitter -> own.runOnContext(ignored -> {
            // not closed: the context is this work's alone and ends with it
            parent.makeCurrent();
            work.get().subscribe().with(emitter::complete, emitter::fail);
        }));
    }
}
