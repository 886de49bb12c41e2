package io.panels.data.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** data-service settings; each can be overridden by an environment variable (PANELS_DATA_...). */
@ConfigMapping(prefix = "panels.data")
public interface DataSettings {

    /** Key of the HMAC that signs pagination cursors: at least 32 bytes, the same in every replica. */
    String cursorSecret();

    /** The zone of a panel's dates and formulas when its events name none (panel.created carries no zone yet). */
    @WithDefault("UTC")
    String defaultTimeZone();

    /** Rows in one batch request, all in one transaction. */
    @WithDefault("1000")
    int maxBatchSize();

    /** Rows in a page when the caller gives no limit (the cap is 1,000). */
    @WithDefault("100")
    int defaultPageSize();

    /** CSV imports (docs/data-service.md, ADR 0017). */
    Imports imports();

    /** Indexes on request and from usage (ADR 0018). */
    Indexes indexes();

    /** Data sources and their scheduled sync (docs/data-sources.md, ADRs 0027-0029). */
    Sync sync();

    interface Sync {

        /**
         * The deployment whose scheduler and workers take the runs of the sources this replica
         * creates: the same for every replica of a deployment; a test process uses its own.
         */
        @WithDefault("default")
        String workerGroup();

        /** The shortest interval a source's cron schedule may have between two runs. */
        @WithDefault("PT1M")
        Duration minInterval();

        /** How often a replica looks for due sources (and for runs a stopped replica left). */
        @WithDefault("PT5S")
        Duration schedulerInterval();

        /** Sources whose runs are asked for per scheduler pass (the rest wait for the next pass). */
        @WithDefault("500")
        int schedulerBatch();

        /** Sync runs this replica executes at the same time. */
        @WithDefault("4")
        int workers();

        /** The longest one run may take, all attempts included; then it fails and the panel keeps its data. */
        @WithDefault("PT10M")
        Duration runTimeout();

        /** Attempts of a run whose failure is transient (unreachable, 5xx, 429, time-outs, connection errors). */
        @WithDefault("3")
        int attempts();

        /** Wait before the second attempt; doubled for each further one. */
        @WithDefault("PT2S")
        Duration backoff();

        /** One HTTP request (connect and read) of a source. */
        @WithDefault("PT30S")
        Duration requestTimeout();

        /** The largest response body of one HTTP request (a JSON page) or a CSV file. */
        @WithDefault("64M")
        io.quarkus.runtime.configuration.MemorySize maxResponseSize();

        /** Records one run reads at most; a larger source fails (nothing written). */
        @WithDefault("1000000")
        long maxRecords();

        /** Pages one HTTP run fetches at most. */
        @WithDefault("10000")
        int maxPages();

        /** Per-record errors kept on a run (the counts are complete). */
        @WithDefault("100")
        int maxErrors();

        /** Whether sources may use plain http:// (https is always allowed). */
        @WithDefault("false")
        boolean allowPlainHttp();

        /**
         * Networks (CIDR) a source may reach although they are loopback, private or link-local:
         * empty in production; the tests' local servers in tests.
         */
        Optional<java.util.List<String>> allowedNetworks();
    }

    interface Imports {

        /** Where uploaded files wait for their job: a volume of this replica that survives a restart of the process. */
        Optional<String> spoolDir();

        /** The largest CSV file accepted (413 above). */
        @WithDefault("2G")
        io.quarkus.runtime.configuration.MemorySize maxFileSize();

        /** Imports this replica runs at the same time (each holds one database connection and one core). */
        @WithDefault("1")
        int concurrency();

        /** Per-line errors kept and shown on the job (the counts are always complete). */
        @WithDefault("100")
        int maxErrors();

        /** This replica's name: it owns the jobs it accepted; default host name and HTTP port (set it to the pod's name). */
        Optional<String> node();

        /** A job whose replica has not said it is alive for this long is taken over or failed. */
        @WithDefault("PT2M")
        Duration staleAfter();

        /** How often a replica says its jobs are alive, and looks for jobs left by others. */
        @WithDefault("PT20S")
        Duration heartbeat();
    }

    interface Indexes {

        /** Uses of a column in query filters or sorts within one window that make an index. */
        @WithDefault("10")
        int usageThreshold();

        /** The window usage is counted in. */
        @WithDefault("PT1H")
        Duration usageWindow();

        /** How often the uses counted by this replica are added up in the database. */
        @WithDefault("PT10S")
        Duration flushInterval();

        /** Panels below this many rows (estimated) get no index from usage: a scan is cheap. */
        @WithDefault("10000")
        long usageMinRows();

        /**
         * How long an index build or drop waits its turn behind another one of the same panel (a
         * table builds one index at a time: two concurrent builds deadlock).
         */
        @WithDefault("PT30M")
        Duration buildPatience();
    }
}
