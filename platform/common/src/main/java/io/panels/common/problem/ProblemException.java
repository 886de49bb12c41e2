package io.panels.common.problem;

import java.util.List;

/**
 * A failure the caller should see as a problem document. Domain code throws these (or the
 * factories below); the mapper in {@link ProblemMappers} turns them into replies.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<FieldError> errors;

    public ProblemException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, List.of());
    }

    public ProblemException(int status, String slug, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public int status() {
        return status;
    }

    /** The last segment of the problem type URI, e.g. {@code not-found}. */
    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Another tenant's object is reported exactly like a missing one: no existence leaks. */
    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(404, "not-found", "Not found", what + " " + id + " does not exist");
    }

    public static ProblemException invalid(String detail, List<FieldError> errors) {
        return new ProblemException(400, "validation", "Invalid request", detail, errors);
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(message, List.of(new FieldError(field, message)));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "conflict", "Conflict", detail);
    }

    public static ProblemException forbidden(String slug, String title, String detail) {
        return new ProblemException(403, slug, title, detail);
    }

    /** A write with {@code If-Match} naming a version that is no longer current. */
    public static ProblemException stale(String detail) {
        return new ProblemException(412, "stale-version", "Precondition failed", detail);
    }
}
