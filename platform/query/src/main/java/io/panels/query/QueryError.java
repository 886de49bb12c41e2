package io.panels.query;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One thing wrong with a query, ready for a problem+json {@code errors[]} entry.
 *
 * @param field   where, as a path into the query's JSON: {@code filter.conditions[2].value}
 * @param message what is wrong, for people
 */
@RegisterForReflection
public record QueryError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
