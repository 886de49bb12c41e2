package io.panels.query.sql;

import io.panels.query.model.Direction;
import io.panels.query.model.Nulls;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows strictly after a given row in the complete order: for keys k1..kn and the row's values
 * v1..vn, {@code (k1 after v1) OR (k1 = v1 AND k2 after v2) OR ...}. A row-value comparison
 * {@code (k1, k2) > (v1, v2)} would be shorter but is wrong as soon as directions differ or a key is
 * NULL, so each key gets its own test, written for its direction and NULL placement. Because the
 * values are known here, the NULL cases are decided in Java and the SQL stays simple.
 */
public final class KeysetPredicate {

    private KeysetPredicate() {}

    /**
     * @param values the canonical values of the last row, one per key (see {@link KeyType#canonical}),
     *               {@code null} for a blank
     */
    public static SqlFragment after(List<SortExpression> keys, List<String> values) {
        if (keys.size() != values.size()) {
            throw new IllegalArgumentException(keys.size() + " keys and " + values.size() + " values");
        }
        List<SqlFragment> alternatives = new ArrayList<>();
        List<SqlFragment> equalSoFar = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            SortExpression key = keys.get(i);
            String value = values.get(i);
            List<SqlFragment> alternative = new ArrayList<>(equalSoFar);
            alternative.add(after(key, value));
            alternatives.add(SqlFragment.and(alternative));
            equalSoFar.add(equal(key, value));
        }
        return SqlFragment.or(alternatives);
    }

    private static SqlFragment after(SortExpression key, String value) {
        SqlFragment k = key.expression();
        if (value == null) {
            return key.nulls() == Nulls.LAST ? SqlFragment.FALSE : k.append(" IS NOT NULL");
        }
        SqlFragment beyond = k.append(key.direction() == Direction.ASC ? " > " : " < ").append(bound(key, value));
        return key.nulls() == Nulls.LAST ? SqlFragment.or(List.of(beyond, k.append(" IS NULL"))) : beyond;
    }

    private static SqlFragment equal(SortExpression key, String value) {
        return value == null ? key.expression().append(" IS NULL") : key.expression().append(" = ").append(bound(key, value));
    }

    private static SqlFragment bound(SortExpression key, String value) {
        return SqlFragment.param(value, key.type().sqlType());
    }
}
