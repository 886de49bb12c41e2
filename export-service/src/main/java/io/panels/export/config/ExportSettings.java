package io.panels.export.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.time.Duration;

/** Every setting of export-service; defaults in application.properties, each overridable by environment variable. */
@ConfigMapping(prefix = "panels.export")
public interface ExportSettings {

    /** Jobs one replica runs at once (the worker pool); replicas share the work through Kafka partitions. */
    int workers();

    /** Base URL of data-service, which the workers read rows from. */
    String dataServiceUrl();

    /** Rows per page read from data-service (it caps pages at 1,000). */
    int pageSize();

    Storage storage();

    /** HMAC key of signed download URLs (>= 32 bytes, the same in every replica): a secret. */
    String downloadSecret();

    /** How long a signed download URL works. */
    Duration downloadValidity();

    /** Prefix of download URLs (e.g. https://api.example.com); empty: a path relative to the API's host. */
    @WithName("public-base-url")
    java.util.Optional<String> publicBaseUrl();

    /** How long a finished file is kept before the cleanup deletes it. */
    Duration retention();

    /** How often the cleanup and the stale-job sweep run. */
    Duration cleanupInterval();

    /** A running job without a heartbeat for this long was interrupted (a restart) and is failed. */
    Duration staleAfter();

    /** PDF is a document for people, built in memory by the PDF library: larger exports are refused. */
    int maxPdfRows();

    interface Storage {
        /** Local directory of the files (a volume shared by the replicas that serve downloads). */
        String directory();
    }
}
