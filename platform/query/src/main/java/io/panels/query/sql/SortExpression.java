package io.panels.query.sql;

import io.panels.query.model.Direction;
import io.panels.query.model.Nulls;

/**
 * One key of the complete order: the SQL it sorts on, how, and the type of its values.
 *
 * @param alias the output column that carries the key's value for the cursor ({@code _k0}, ..., {@code _id})
 */
public record SortExpression(SqlFragment expression, Direction direction, Nulls nulls, KeyType type, String alias) {

    SqlFragment orderBy() {
        return expression.append(direction == Direction.ASC ? " ASC" : " DESC")
                .append(nulls == Nulls.FIRST ? " NULLS FIRST" : " NULLS LAST");
    }
}
