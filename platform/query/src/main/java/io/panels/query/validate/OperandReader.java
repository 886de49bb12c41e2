package io.panels.query.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.query.model.Operator;
import io.panels.query.model.QueryLimits;
import io.panels.query.model.RelativeRange;
import io.panels.query.schema.ColumnSchema;
import io.panels.query.schema.ValueKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the JSON value of a condition into the operand its column kind and operator take. */
final class OperandReader {

    /** Numbers beyond this many digits are refused: no column holds them and they cost planning time. */
    private static final int MAX_NUMBER_DIGITS = 100;

    static final class BadValue extends RuntimeException {
        BadValue(String message) {
            super(message, null, false, false);
        }
    }

    private final QueryLimits limits;

    OperandReader(QueryLimits limits) {
        this.limits = limits;
    }

    Operand read(ColumnSchema column, Operator op, JsonNode value) {
        return switch (op) {
            case IS_EMPTY, IS_NOT_EMPTY, IS_TRUE, IS_FALSE -> none(value);
            case WITHIN -> relative(value);
            case IN, NOT_IN -> column.kind() == ValueKind.NUMBER ? new Operand.Numbers(list(value, OperandReader::number))
                    : new Operand.Texts(list(value, this::text));
            case IS_ANY_OF, IS_NONE_OF, HAS_ANY_OF, HAS_ALL_OF, HAS_NONE_OF, IS_EXACTLY ->
                    new Operand.Texts(list(value, v -> option(column, v)));
            case IS, IS_NOT -> new Operand.Text(option(column, required(value)));
            case BETWEEN -> between(column, value);
            case LT, LTE, GT, GTE -> new Operand.Number(number(required(value)));
            case BEFORE, AFTER, ON_OR_BEFORE, ON_OR_AFTER -> datePoint(column, required(value));
            case EQ, NEQ -> switch (column.kind()) {
                case NUMBER -> new Operand.Number(number(required(value)));
                case DATE, DATETIME -> datePoint(column, required(value));
                default -> new Operand.Text(text(required(value)));
            };
            case CONTAINS, NOT_CONTAINS, STARTS_WITH, ENDS_WITH -> new Operand.Text(text(required(value)));
        };
    }

    private static Operand none(JsonNode value) {
        if (value != null) {
            throw new BadValue("this operator takes no value");
        }
        return new Operand.None();
    }

    private static JsonNode required(JsonNode value) {
        if (value == null) {
            throw new BadValue("a value is required");
        }
        return value;
    }

    private String text(JsonNode value) {
        if (!value.isTextual()) {
            throw new BadValue("a text is required");
        }
        String text = value.textValue();
        if (text.isEmpty()) {
            throw new BadValue("the text is empty; use is_empty to find blank values");
        }
        if (text.length() > limits.maxTextLength()) {
            throw new BadValue("at most " + limits.maxTextLength() + " characters");
        }
        if (text.indexOf('\0') >= 0) {
            throw new BadValue("the text contains a NUL character");
        }
        return text;
    }

    private static BigDecimal number(JsonNode value) {
        if (!value.isNumber()) {
            throw new BadValue("a number is required");
        }
        BigDecimal number = value.decimalValue();
        if (number.precision() > MAX_NUMBER_DIGITS || Math.abs(number.scale()) > MAX_NUMBER_DIGITS) {
            throw new BadValue("the number is too large");
        }
        return number.stripTrailingZeros();
    }

    private static String option(ColumnSchema column, JsonNode value) {
        if (!value.isTextual()) {
            throw new BadValue("an option id is required");
        }
        if (!column.hasOption(value.textValue())) {
            throw new BadValue("column '" + column.name() + "' has no option '" + value.textValue() + "'");
        }
        return value.textValue();
    }

    private <T> List<T> list(JsonNode value, java.util.function.Function<JsonNode, T> element) {
        if (value == null || !value.isArray() || value.isEmpty()) {
            throw new BadValue("a non-empty list is required");
        }
        if (value.size() > limits.maxListValues()) {
            throw new BadValue("at most " + limits.maxListValues() + " values");
        }
        Set<T> values = new LinkedHashSet<>();
        int i = 0;
        for (JsonNode item : value) {
            try {
                values.add(element.apply(item));
            } catch (BadValue bad) {
                throw new BadValue("value " + i + ": " + bad.getMessage());
            }
            i++;
        }
        return new ArrayList<>(values);
    }

    private Operand between(ColumnSchema column, JsonNode value) {
        if (value == null || !value.isArray() || value.size() != 2) {
            throw new BadValue("a list of two values, the lower bound then the upper bound, is required");
        }
        if (column.kind() == ValueKind.NUMBER) {
            BigDecimal from = number(value.get(0));
            BigDecimal to = number(value.get(1));
            if (from.compareTo(to) > 0) {
                throw new BadValue("the lower bound is greater than the upper bound");
            }
            return new Operand.NumberRange(from, to);
        }
        Operand.DatePoint from = datePoint(column, value.get(0));
        Operand.DatePoint to = datePoint(column, value.get(1));
        if (from instanceof Operand.Day a && to instanceof Operand.Day b && a.value().isAfter(b.value())
                || from instanceof Operand.Moment a2 && to instanceof Operand.Moment b2 && a2.value().isAfter(b2.value())) {
            throw new BadValue("the lower bound is after the upper bound");
        }
        return new Operand.DateRange(from, to);
    }

    /** A date {@code 2024-03-01}, or for a datetime column also an instant with its offset. */
    private static Operand.DatePoint datePoint(ColumnSchema column, JsonNode value) {
        if (!value.isTextual()) {
            throw new BadValue("a date (YYYY-MM-DD) is required");
        }
        String text = value.textValue();
        if (text.length() == 10) {
            try {
                return new Operand.Day(LocalDate.parse(text));
            } catch (DateTimeParseException e) {
                throw new BadValue("'" + text + "' is not a date (YYYY-MM-DD)");
            }
        }
        if (column.kind() != ValueKind.DATETIME) {
            throw new BadValue("'" + text + "' is not a date (YYYY-MM-DD)");
        }
        try {
            Instant instant = OffsetDateTime.parse(text).toInstant();
            return new Operand.Moment(instant);
        } catch (DateTimeParseException e) {
            throw new BadValue("'" + text + "' is neither a date (YYYY-MM-DD) nor a date and time with an offset (2024-03-01T09:30:00Z)");
        }
    }

    private Operand relative(JsonNode value) {
        if (value == null || !value.isObject()) {
            throw new BadValue("an object such as {\"range\": \"last_n_days\", \"n\": 7} is required");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            String field = it.next().getKey();
            if (!field.equals("range") && !field.equals("n")) {
                throw new BadValue("unknown property '" + field + "'; a relative range has 'range' and 'n'");
            }
        }
        JsonNode name = value.get("range");
        RelativeRange range = name != null && name.isTextual() ? RelativeRange.fromJson(name.textValue()) : null;
        if (range == null) {
            throw new BadValue("'range' is one of " + String.join(", ",
                    java.util.Arrays.stream(RelativeRange.values()).map(RelativeRange::jsonName).toList()));
        }
        JsonNode n = value.get("n");
        if (!range.takesCount()) {
            if (n != null) {
                throw new BadValue("'" + range.jsonName() + "' takes no 'n'");
            }
            return new Operand.Relative(range, 0);
        }
        if (n == null || !n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() < 1 || n.intValue() > limits.maxRelativeDays()) {
            throw new BadValue("'n' is a whole number of days from 1 to " + limits.maxRelativeDays());
        }
        return new Operand.Relative(range, n.intValue());
    }
}
