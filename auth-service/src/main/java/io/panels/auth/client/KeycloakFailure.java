package io.panels.auth.client;

/**
 * Keycloak answered a call with an error, or did not answer. A refusal of the request itself
 * (400, 404, 409, 422) will not change by repeating it ({@link #refused()}); anything else (no
 * answer, 5xx, 401/403 of a misconfigured service account) may pass on a retry.
 */
public class KeycloakFailure extends RuntimeException {

    private final int status;

    public KeycloakFailure(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public KeycloakFailure(String message, Throwable cause) {
        super(message, cause, false, false);
        this.status = 0;
    }

    /** The HTTP status Keycloak answered, 0 when it did not answer. */
    public int status() {
        return status;
    }

    public boolean refused() {
        return status == 400 || status == 404 || status == 409 || status == 422;
    }
}
