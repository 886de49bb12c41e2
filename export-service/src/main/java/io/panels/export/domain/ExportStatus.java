package io.panels.export.domain;

import java.util.Locale;

/** Where a job is: queued until a worker claims it, then running, then one of the ends. */
public enum ExportStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED,
    /** Completed, and its file removed by the retention cleanup. */
    EXPIRED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ExportStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
