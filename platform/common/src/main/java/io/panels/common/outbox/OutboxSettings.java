package io.panels.common.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "panels.outbox")
public interface OutboxSettings {

    Relay relay();

    /** How long published events and processed-event ids are kept (redelivery window, debugging). */
    @WithDefault("P7D")
    Duration retention();

    @WithDefault("PT1H")
    Duration cleanupInterval();

    interface Relay {
        /** Off in a process that must not publish (for example a one-off migration job). */
        @WithDefault("true")
        boolean enabled();

        /** Events per transaction: one Kafka send and flush, one mark. */
        @WithDefault("200")
        int batchSize();

        /**
         * The relay is woken by NOTIFY at commit time; this poll is the safety net (a missed
         * notification, a database restart) and the retry interval after a failure.
         */
        @WithDefault("PT1S")
        Duration pollInterval();
    }
}
