package com.cardplatform.consumer;

import io.quarkus.test.Mock;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The application's clock in {@code @QuarkusTest}s: the system clock, unless a test moves it. Replaces the
 * {@code Clock} bean of {@code ClockProducer} (a {@link Mock} alternative); the packaged application of the
 * {@code @QuarkusIntegrationTest}s keeps the real one.
 */
@Mock
@Singleton
public class MutableClock extends Clock {

    private static volatile Instant fixed;
    private static volatile Duration offset = Duration.ZERO;

    /** Time stands still at this instant. */
    public static void setTo(Instant instant) {
        fixed = instant;
    }

    /** Time runs, shifted by this much. */
    public static void shift(Duration by) {
        fixed = null;
        offset = by;
    }

    public static void reset() {
        fixed = null;
        offset = Duration.ZERO;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        Instant at = fixed;
        return at != null ? at : Instant.now().plus(offset);
    }
}
