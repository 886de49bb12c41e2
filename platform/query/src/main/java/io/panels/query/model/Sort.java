package io.panels.query.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One sort key.
 *
 * @param column    the column's stable key
 * @param direction {@code asc} when absent
 * @param nulls     where blanks go; {@code last} when absent, in both directions, because people
 *                  look for values first (PostgreSQL's own default flips with the direction)
 */
@RegisterForReflection
@JsonPropertyOrder({"column", "direction", "nulls"})
public record Sort(String column, Direction direction, Nulls nulls) {

    public Sort {
        direction = direction == null ? Direction.ASC : direction;
        nulls = nulls == null ? Nulls.LAST : nulls;
    }

    public static Sort asc(String column) {
        return new Sort(column, Direction.ASC, Nulls.LAST);
    }

    public static Sort desc(String column) {
        return new Sort(column, Direction.DESC, Nulls.LAST);
    }

    public Sort nulls(Nulls where) {
        return new Sort(column, direction, where);
    }
}
