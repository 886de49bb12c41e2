package io.panels.query.validate;

import static io.panels.query.model.Operator.*;

import io.panels.query.model.Operator;
import io.panels.query.model.SummaryFunction;
import io.panels.query.schema.ValueKind;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Which operators, sorts, groupings and summaries each kind of column accepts. */
public final class OperatorTable {

    private static final Map<ValueKind, Set<Operator>> OPERATORS = Map.of(
            ValueKind.TEXT, EnumSet.of(EQ, NEQ, CONTAINS, NOT_CONTAINS, STARTS_WITH, ENDS_WITH, IN, NOT_IN, IS_EMPTY, IS_NOT_EMPTY),
            ValueKind.USER, EnumSet.of(EQ, NEQ, IN, NOT_IN, IS_EMPTY, IS_NOT_EMPTY),
            ValueKind.NUMBER, EnumSet.of(EQ, NEQ, LT, LTE, GT, GTE, BETWEEN, IN, IS_EMPTY, IS_NOT_EMPTY),
            ValueKind.BOOLEAN, EnumSet.of(IS_TRUE, IS_FALSE),
            ValueKind.DATE, EnumSet.of(EQ, BEFORE, AFTER, ON_OR_BEFORE, ON_OR_AFTER, BETWEEN, WITHIN, IS_EMPTY, IS_NOT_EMPTY),
            ValueKind.DATETIME, EnumSet.of(EQ, BEFORE, AFTER, ON_OR_BEFORE, ON_OR_AFTER, BETWEEN, WITHIN, IS_EMPTY, IS_NOT_EMPTY),
            ValueKind.SINGLE_SELECT, EnumSet.of(IS, IS_NOT, IS_ANY_OF, IS_NONE_OF, IS_EMPTY, IS_NOT_EMPTY),
            ValueKind.MULTI_SELECT, EnumSet.of(HAS_ANY_OF, HAS_ALL_OF, HAS_NONE_OF, IS_EXACTLY, IS_EMPTY, IS_NOT_EMPTY),
            ValueKind.JSON, EnumSet.of(IS_EMPTY, IS_NOT_EMPTY));

    private OperatorTable() {}

    public static Set<Operator> operators(ValueKind kind) {
        return OPERATORS.get(kind);
    }

    /** Multi-select and JSON values have no natural order. */
    public static boolean sortable(ValueKind kind) {
        return kind != ValueKind.MULTI_SELECT && kind != ValueKind.JSON;
    }

    /** A group is one value; lists and documents are not one value people group by. */
    public static boolean groupable(ValueKind kind) {
        return kind != ValueKind.MULTI_SELECT && kind != ValueKind.JSON;
    }

    public static boolean summarisable(ValueKind kind, SummaryFunction function) {
        return switch (function) {
            case COUNT, FILLED, EMPTY, UNIQUE, PERCENT_FILLED -> true;
            case SUM, AVG -> kind == ValueKind.NUMBER;
            case MIN, MAX -> kind == ValueKind.NUMBER || kind == ValueKind.DATE || kind == ValueKind.DATETIME;
        };
    }
}
