package io.panels.export.domain;

/** Ends a job as failed with a reason meant for the user (export.failed's reason). */
public class ExportFailure extends RuntimeException {

    public ExportFailure(String reason) {
        super(reason);
    }

    public ExportFailure(String reason, Throwable cause) {
        super(reason, cause);
    }
}
