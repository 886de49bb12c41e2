package io.panels.gateway.domain;

/**
 * Who may call a path: the path says it (ARCHITECTURE.md, "HTTP API"), not the route table, so a
 * configuration mistake cannot open a tenant path to anonymous callers.
 */
public enum Access {
    /** {@code /api/v1/public/**}: no token needed (one that is sent must still be valid). */
    PUBLIC,
    /** {@code /api/v1/platform/**}: platform admins only. */
    PLATFORM,
    /** Everything else: a token naming exactly one tenant the caller is a member of. */
    TENANT;

    public static Access of(String path) {
        if (path.equals("/api/v1/public") || path.startsWith("/api/v1/public/")) {
            return PUBLIC;
        }
        if (path.equals("/api/v1/platform") || path.startsWith("/api/v1/platform/")) {
            return PLATFORM;
        }
        return TENANT;
    }
}
