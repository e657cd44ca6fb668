package com.cardplatform.consumer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the consumer operations ({@code platform.consumer.*}): the cascade outbox and the purge. */
@ConfigMapping(prefix = "platform.consumer")
public interface ConsumerConfig {

    Cascade cascade();

    Purge purge();

    /** The outbox of the cascade into card-service. */
    interface Cascade {

        /** How often the worker looks for due rows (a Quarkus scheduler interval: 5s, 500ms...). */
        @WithDefault("5s")
        String every();

        /** How long a delete request waits for the immediate cascade attempt before answering PENDING. */
        @WithDefault("PT2.5S")
        Duration inlineWait();

        /** A row being attempted is hidden from every worker for this long (longer than one full attempt). */
        @WithDefault("PT10S")
        Duration lease();

        /** Rows claimed per worker run. */
        @WithDefault("20")
        int batchSize();

        /** Delay before the second attempt; doubles per attempt up to {@link #backoffMax()}, with jitter. */
        @WithDefault("PT2S")
        Duration backoffInitial();

        @WithDefault("PT5M")
        Duration backoffMax();

        /** After this many attempts the operation becomes FAILED. */
        @WithDefault("500")
        int maxAttempts();

        /** This long after the delete the operation becomes FAILED (after one last attempt). */
        @WithDefault("PT24H")
        Duration maxAge();
    }

    /** Operations older than the retention are deleted by a scheduled job. */
    interface Purge {

        /** How often the purge runs. */
        @WithDefault("1h")
        String every();

        @WithDefault("3")
        int retentionMonths();

        /** Rows deleted per statement (a run repeats until fewer are left). */
        @WithDefault("10000")
        int batchSize();
    }
}
