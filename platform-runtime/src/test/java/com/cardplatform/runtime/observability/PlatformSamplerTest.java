package com.cardplatform.runtime.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requests only, whole, by trace id; never on a sender's word. */
class PlatformSamplerTest {

    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SPAN = "00f067aa0ba902b7";

    @Test
    void aRequestIsRecordedAtTheRatio() {
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(new PlatformSampler(1.0), Context.root(), SpanKind.SERVER));
        assertEquals(SamplingDecision.DROP, decide(new PlatformSampler(0.0), Context.root(), SpanKind.SERVER));
    }

    @Test
    void backgroundWorkWithoutARequestIsNotRecorded() {
        // an outbox relay's statement: a client span with no parent
        assertEquals(SamplingDecision.DROP, decide(new PlatformSampler(1.0), Context.root(), SpanKind.CLIENT));
        assertEquals(SamplingDecision.DROP, decide(new PlatformSampler(1.0), Context.root(), SpanKind.INTERNAL));
    }

    @Test
    void aSpanFollowsItsParentInTheProcess() {
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE,
                decide(new PlatformSampler(0.0), parent(false, TraceFlags.getSampled()), SpanKind.CLIENT));
        assertEquals(SamplingDecision.DROP,
                decide(new PlatformSampler(1.0), parent(false, TraceFlags.getDefault()), SpanKind.CLIENT));
    }

    @Test
    void aSendersSampledFlagIsNotFollowed() {
        assertEquals(SamplingDecision.DROP,
                decide(new PlatformSampler(0.0), parent(true, TraceFlags.getSampled()), SpanKind.SERVER));
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE,
                decide(new PlatformSampler(1.0), parent(true, TraceFlags.getDefault()), SpanKind.SERVER));
    }

    private static Context parent(boolean remote, TraceFlags flags) {
        SpanContext context = remote
                ? SpanContext.createFromRemoteParent(TRACE, SPAN, flags, TraceState.getDefault())
                : SpanContext.create(TRACE, SPAN, flags, TraceState.getDefault());
        return Context.root().with(Span.wrap(context));
    }

    private static SamplingDecision decide(PlatformSampler sampler, Context parent, SpanKind kind) {
        return sampler.shouldSample(parent, TRACE, "span", kind, Attributes.empty(), List.of()).getDecision();
    }
}
