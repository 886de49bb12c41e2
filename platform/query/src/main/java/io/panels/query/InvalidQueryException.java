package io.panels.query;

import java.util.List;

/** A query that cannot run as sent: its JSON does not parse, or it does not fit the columns. */
public final class InvalidQueryException extends RuntimeException {

    private final transient List<QueryError> errors;

    public InvalidQueryException(List<QueryError> errors) {
        super(errors.toString());
        this.errors = List.copyOf(errors);
    }

    public List<QueryError> errors() {
        return errors;
    }
}
