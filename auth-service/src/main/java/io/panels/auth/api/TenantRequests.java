package io.panels.auth.api;

/** Validation shared by the tenant requests. */
final class TenantRequests {

    static final String SLUG = "^[a-z0-9][a-z0-9-]{1,62}$";
    static final String SLUG_MESSAGE = "2 to 63 lower-case letters, digits and dashes, not starting with a dash";
    static final String ROLE = "^(owner|admin|editor|viewer)$";
    static final String ROLE_MESSAGE = "one of owner, admin, editor, viewer";

    private TenantRequests() {
    }
}
