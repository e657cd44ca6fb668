package com.cardplatform.runtime.observability;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * Which spans every service records: the traces of requests, whole, and nothing else.
 * <ul>
 * <li>A span without a parent that is not a request's server span is background work (the outbox relays and
 * workers poll PostgreSQL several times a second): not recorded, or their statements would bury the requests.</li>
 * <li>A request's server span, or a span whose parent came from another process ({@code traceparent}), is recorded
 * by trace id at the configured ratio ({@code quarkus.otel.traces.sampler.arg}, see {@link TracingDefaults}). The
 * sender's "sampled" flag is not followed: a partner cannot make us record, and our own services decide the same
 * for the same trace id anyway.</li>
 * <li>Any other span follows its parent in this process, so a trace is recorded whole or not at all.</li>
 * </ul>
 * Quarkus uses a {@link Sampler} bean instead of the one named by {@code quarkus.otel.traces.sampler}, and still
 * drops the health and metrics requests in front of it ({@link TracingProducers}).
 */
public final class PlatformSampler implements Sampler {

    private final Sampler byTraceId;

    public PlatformSampler(double ratio) {
        this.byTraceId = Sampler.traceIdRatioBased(ratio);
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
            Attributes attributes, List<LinkData> parentLinks) {
        SpanContext parent = Span.fromContext(parentContext).getSpanContext();
        if (parent.isValid() && !parent.isRemote()) {
            return parent.isSampled() ? SamplingResult.recordAndSample() : SamplingResult.drop();
        }
        if (!parent.isValid() && spanKind != SpanKind.SERVER) {
            return SamplingResult.drop();
        }
        return byTraceId.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "PlatformSampler{requests only, " + byTraceId.getDescription() + "}";
    }
}
