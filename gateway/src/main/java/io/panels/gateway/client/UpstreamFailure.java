package io.panels.gateway.client;

/** Why a request could not be answered by its service; each kind has its own reply (docs/gateway.md). */
public class UpstreamFailure extends RuntimeException {

    public enum Kind {
        /** Connection refused, unknown host, connect timeout: 503. */
        UNAVAILABLE,
        /** No reply within the idle timeout: 504. */
        TIMEOUT,
        /** The connection broke or the reply was not HTTP: 502. */
        BAD_RESPONSE,
        /** The caller streamed more than the body-size limit: 413. */
        BODY_TOO_LARGE
    }

    private final Kind kind;

    public UpstreamFailure(Kind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
