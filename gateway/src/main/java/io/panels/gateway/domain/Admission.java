package io.panels.gateway.domain;

/**
 * The edge's answer for one request: the tenant's state and the rate-limit budget that binds
 * (the one with the least left).
 *
 * @param limit        requests per minute of the binding budget; 0 when no limit was checked
 * @param remaining    requests left in it after this one
 * @param resetSeconds seconds until it is full again
 * @param retryAfterMs when refused: how long until one request fits
 */
public record Admission(TenantStatus status, boolean allowed, int limit, int remaining, long resetSeconds, long retryAfterMs) {

    /** Redis did not answer: serve the request (fail-open) without limit headers. */
    public static Admission unchecked() {
        return new Admission(TenantStatus.ACTIVE, true, 0, 0, 0, 0);
    }

    public boolean limited() {
        return limit > 0;
    }

    public long retryAfterSeconds() {
        return Math.max(1, (retryAfterMs + 999) / 1000);
    }
}
