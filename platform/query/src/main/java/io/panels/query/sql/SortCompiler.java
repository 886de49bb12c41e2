package io.panels.query.sql;

import io.panels.query.model.Direction;
import io.panels.query.model.Nulls;
import io.panels.query.schema.ColumnSchema;
import io.panels.query.schema.IdType;
import io.panels.query.schema.SelectOption;
import io.panels.query.validate.CheckedQuery;
import java.util.ArrayList;
import java.util.List;

/**
 * The complete order of a query: its sort keys, then the row id, so that no two rows tie and keyset
 * pages neither skip nor repeat a row.
 */
public final class SortCompiler {

    private final ColumnExpressions columns;

    public SortCompiler(ColumnExpressions columns) {
        this.columns = columns;
    }

    public List<SortExpression> keys(List<CheckedQuery.SortKey> sorts) {
        List<SortExpression> keys = new ArrayList<>();
        for (CheckedQuery.SortKey sort : sorts) {
            keys.add(new SortExpression(expression(sort.column()), sort.direction(), sort.nulls(),
                    type(sort.column()), "_k" + keys.size()));
        }
        IdType idType = columns.schema().idType();
        keys.add(new SortExpression(SqlFragment.of(columns.id()), Direction.ASC, Nulls.LAST,
                idType == IdType.UUID ? KeyType.UUID : KeyType.BIGINT, "_id"));
        return keys;
    }

    /** {@code a ASC NULLS LAST, ...} without the ORDER BY keywords. */
    public static SqlFragment orderBy(List<SortExpression> keys) {
        return SqlFragment.join(", ", keys.stream().map(SortExpression::orderBy).toList(), SqlFragment.TRUE);
    }

    /** A select column sorts by its options' order, as people arranged them, not by option id. */
    SqlFragment expression(ColumnSchema column) {
        SqlFragment value = columns.value(column);
        return switch (column.kind()) {
            case SINGLE_SELECT -> SqlFragment.of("array_position(")
                    .append(SqlFragment.param(column.options().stream().map(SelectOption::id).toArray(String[]::new), "text[]"))
                    .append(", ").append(value).append(")");
            default -> value;
        };
    }

    static KeyType type(ColumnSchema column) {
        return switch (column.kind()) {
            case TEXT, USER -> KeyType.TEXT;
            case NUMBER -> KeyType.NUMBER;
            case BOOLEAN -> KeyType.BOOLEAN;
            case DATE -> KeyType.DATE;
            case DATETIME -> KeyType.TIMESTAMP;
            case SINGLE_SELECT -> KeyType.POSITION;
            case MULTI_SELECT, JSON -> throw new IllegalStateException("the validator let through a sort on " + column.kind());
        };
    }
}
