package io.panels.query.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One aggregate of one column.
 *
 * @param column   the column's stable key
 * @param function what to compute
 */
@RegisterForReflection
@JsonPropertyOrder({"column", "function"})
public record Summary(String column, SummaryFunction function) {

    public static Summary of(String column, SummaryFunction function) {
        return new Summary(column, function);
    }
}
