package io.panels.data.domain;

/**
 * Why a sync run (or a preview) cannot go on, in words for the panel's people: no credential, no
 * stack trace. {@code retryable} failures (unreachable, 5xx, 429, time-outs, dropped connections)
 * are tried again with backoff; the others (authentication, bad JSON, schema drift, refused
 * addresses) fail the run at once.
 */
public final class SyncFailure extends Exception {

    private final boolean retryable;

    public SyncFailure(String message, boolean retryable) {
        super(message, null, false, false);
        this.retryable = retryable;
    }

    public static SyncFailure permanent(String message) {
        return new SyncFailure(message, false);
    }

    public static SyncFailure transientFailure(String message) {
        return new SyncFailure(message, true);
    }

    public boolean retryable() {
        return retryable;
    }
}
