package io.panels.export.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.quarkus.runtime.configuration.MemorySize;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every setting of export-service; defaults in application.properties, each overridable by environment variable. */
@ConfigMapping(prefix = "panels.export")
public interface ExportSettings {

    /** Jobs one replica runs at once (the worker pool); replicas share the work through Kafka partitions. */
    int workers();

    /** Base URL of data-service, which the workers read rows from. */
    String dataServiceUrl();

    /**
     * Rows per page of the stream read from data-service (rows between two of its checkpoints, 1 to
     * 10,000): how far a broken stream is read again, and how many rows the reader holds per page.
     */
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

    /**
     * How often a replica says its running jobs are alive, and looks for jobs whose replica went
     * silent (ADR 0034).
     */
    Duration heartbeat();

    /** A running job without a heartbeat for this long was interrupted (its replica died): another replica takes it over. */
    Duration staleAfter();

    /** Runs of one job at most; a job interrupted that often is failed instead of taken over again. */
    int maxAttempts();

    /** How often the job's progress (rows written) is written while it runs; the heartbeat goes with it. */
    Duration progressInterval();

    /** PDF is a document for people, built in memory by the PDF library: larger exports are refused. */
    int maxPdfRows();

    /**
     * TrueType fonts (.ttf files) for the characters PDF's built-in Liberation Sans lacks, tried in
     * order; by default Debian's Droid Sans Fallback (CJK). Missing files are skipped with a warning.
     */
    Optional<List<String>> pdfFonts();

    interface Storage {

        enum Kind { LOCAL, S3 }

        /** {@code local} (a directory) or {@code s3} (an S3-compatible bucket), ADR 0035. */
        Kind kind();

        /** Local directory of the files (a volume shared by the replicas that serve downloads). */
        String directory();

        S3 s3();
    }

    /** An S3-compatible bucket (AWS S3, MinIO, Ceph RGW, ...), used when {@code storage.kind} is {@code s3}. */
    interface S3 {

        enum Download { REDIRECT, PROXY }

        Optional<String> bucket();

        /** Key prefix of every object, e.g. {@code exports/}. */
        Optional<String> prefix();

        /** The S3 API's URL; empty: AWS's own endpoint for the region. */
        Optional<URI> endpoint();

        String region();

        /** Path-style addressing (bucket in the path): MinIO, s3proxy and most self-hosted stores need it. */
        boolean pathStyle();

        /** Static credentials; empty: the AWS SDK's default chain (environment, profile, container or instance role). */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        /** Part size of the multipart upload that streams a file into the bucket (S3's minimum is 5 MiB). */
        MemorySize partSize();

        /** {@code redirect}: a signed download answers 302 to a pre-signed URL of the object; {@code proxy}: the service streams it. */
        Download download();

        /** Host of pre-signed URLs as browsers reach the store, when it differs from {@code endpoint}. */
        Optional<URI> publicEndpoint();

        /** How long a pre-signed object URL (the redirect's target) works. */
        Duration presignValidity();
    }
}
