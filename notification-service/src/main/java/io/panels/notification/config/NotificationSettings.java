package io.panels.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** notification-service settings; each can be overridden by an environment variable (PANELS_NOTIFICATION_...). */
@ConfigMapping(prefix = "panels.notification")
public interface NotificationSettings {

    Stream stream();

    Inbox inbox();

    Webhooks webhooks();

    Retention retention();

    interface Retention {

        /** How often each replica sweeps (replicas sweeping at once skip each other's rows). */
        @WithDefault("1h")
        String interval();

        /** Succeeded and failed webhook deliveries are deleted this long after they were made. */
        @WithDefault("P30D")
        Duration deliveries();

        /** Read notifications are deleted this long after they were read; unread ones stay. */
        @WithDefault("P90D")
        Duration readNotifications();

        /** Rows deleted per statement (one short transaction each). */
        @WithDefault("1000")
        int batchSize();

        /** At most this many batches per table and sweep; the rest waits for the next sweep. */
        @WithDefault("100")
        int maxBatches();
    }

    interface Stream {

        /** A connection that has not authenticated by then is closed (4401). */
        @WithDefault("PT10S")
        Duration authTimeout();

        /** Messages written but not yet taken by a client; past it the client gets resync and is closed (4429). */
        @WithDefault("1000")
        int maxQueuedMessages();

        @WithDefault("100")
        int maxSubscriptions();

        /**
         * A {@code batch} frame holds messages up to this many characters in all (one larger message
         * goes alone): frames stay well under the 256 KiB a Vert.x WebSocket client, the gateway's
         * tunnel included, accepts by default.
         */
        @WithDefault("65536")
        int maxBatchChars();

        /**
         * An event loop writes to its batch connections ({@code ?batch=true}) at most once per
         * interval (docs/adr/0051): the first message after a quiet interval leaves at once; under
         * load, what arrives within it leaves in one frame per connection, so frames per connection
         * stay bounded whatever the event rate. Connections without batches, and a batch connection
         * with half its queue waiting, are written at once. Zero writes as soon as the previous
         * frame left. This is the shortest interval: {@link #framesPerSecond} lengthens it.
         */
        @WithDefault("PT0.005S")
        Duration flushInterval();

        /**
         * Frames an event loop writes to its batch connections per second at most, under load: its
         * interval is its batch connections divided by this, between {@link #flushInterval} and
         * {@link #maxFlushInterval} (docs/adr/0060). A few connections are written within
         * milliseconds; a thousand on one replica share fewer, larger frames.
         */
        @WithDefault("12500")
        int framesPerSecond();

        /** The longest interval between two writes of a batch connection, however many connections. */
        @WithDefault("PT0.1S")
        Duration maxFlushInterval();

        /** How long delivered events stay in this replica's replay buffer for resume. */
        @WithDefault("PT5M")
        Duration replayWindow();

        /** At most this many events in the replay buffer (the oldest go first). */
        @WithDefault("50000")
        int replayCapacity();

        /** On resume, events of the client's other panels that arrived this long before the resume point are sent again. */
        @WithDefault("PT2S")
        Duration resumeSlack();

        /** A viewer disappears from presence this long after its replica last refreshed it. */
        @WithDefault("PT30S")
        Duration presenceTtl();

        /** How often a replica refreshes its connections' presence entries (well inside the TTL). */
        @WithDefault("10s")
        String presenceRefreshInterval();

        /**
         * After a presence change is announced, the new list is pushed to this replica's watchers
         * of the panel this much later: changes within it (many people joining at once) make one push.
         */
        @WithDefault("PT0.25S")
        Duration presencePushDelay();
    }

    interface Inbox {

        @WithDefault("50")
        int defaultPageSize();
    }

    interface Webhooks {

        @WithDefault("1s")
        String dispatchInterval();

        /** Deliveries taken per dispatcher tick (sent concurrently). */
        @WithDefault("20")
        int batchSize();

        @WithDefault("PT30S")
        Duration initialBackoff();

        @WithDefault("PT1H")
        Duration maxBackoff();

        /** A delivery is retried for this long after it was made (or redelivered by hand). */
        @WithDefault("PT24H")
        Duration retryFor();

        /** After a secret rotation, the previous secret keeps signing beside the new one this long. */
        @WithDefault("PT24H")
        Duration secretOverlap();

        /** A webhook is disabled after this many failed attempts in a row. */
        @WithDefault("20")
        int maxConsecutiveFailures();

        /** Connecting, sending and reading the reply together. */
        @WithDefault("PT10S")
        Duration requestTimeout();

        /** Reply bytes read at most; the rest is not waited for. */
        @WithDefault("65536")
        int maxResponseBytes();

        /** http:// targets: development and tests only. */
        @WithDefault("false")
        boolean allowPlainHttp();

        /** CIDRs that may be called although they are loopback, private, link-local or metadata addresses. */
        Optional<List<String>> allowedNetworks();
    }
}
