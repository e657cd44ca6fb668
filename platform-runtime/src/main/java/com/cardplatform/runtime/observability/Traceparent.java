package com.cardplatform.runtime.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;

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
}
