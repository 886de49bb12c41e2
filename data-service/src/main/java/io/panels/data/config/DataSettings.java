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
        @WithDefault("50")
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
    }
}
