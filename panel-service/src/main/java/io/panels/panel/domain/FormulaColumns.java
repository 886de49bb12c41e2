package io.panels.panel.domain;

import io.panels.common.problem.FieldError;
import io.panels.common.problem.ProblemException;
import io.panels.formula.FormulaError;
import io.panels.formula.FormulaException;
import io.panels.formula.FormulaRewriter;
import io.panels.formula.types.CheckedFormula;
import io.panels.formula.types.ColumnModel;
import io.panels.formula.types.Type;
import io.panels.formula.types.TypeChecker;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Formula columns against the rest of their panel, with platform/formula: checking them when a
 * schema is saved (errors carry their position in the formula), inferring their result type, and
 * finding the formula columns that read a column (directly or through other formulas).
 *
 * <p>People write references by display name ({@code {Unit price} * {Qty}}); formulas are stored by
 * stable key ({@code {unit_price} * {qty}}) so that renames change nothing, and shown by name again.
 */
@ApplicationScoped
public class FormulaColumns {

    /**
     * The panel's columns with every formula column checked and its result type, references and
     * immutability filled in, its formula stored by key.
     *
     * @param fresh   the columns whose formula comes from the request, written by name; the others
     *                are stored ones, written by key
     * @param fieldOf the JSON path of a fresh column's formula in the request, by column index
     */
    public List<Column> check(List<Column> columns, Set<UUID> fresh, IntFunction<String> fieldOf) {
        if (columns.stream().noneMatch(c -> c.type() == ColumnType.FORMULA)) {
            return columns;
        }
        Map<String, String> nameOfKey = new HashMap<>();
        Map<String, String> keyOfName = new HashMap<>();
        columns.forEach(c -> {
            nameOfKey.put(c.key(), c.name());
            keyOfName.put(c.name(), c.key());
        });
        Map<String, String> byName = new HashMap<>();
        Map<String, Type> types = new HashMap<>();
        for (Column column : columns) {
            if (column.type() == ColumnType.FORMULA) {
                String text = column.settings().formula();
                byName.put(column.key(), fresh.contains(column.id()) ? text : FormulaRewriter.rewrite(text, nameOfKey::get));
                types.put(column.key(), typeOf(column.settings().resultType()));
            }
        }

        // A formula's type depends on the types of the formulas it reads: settle them by repetition.
        Map<String, CheckedFormula> checked = new HashMap<>();
        Map<String, FormulaError> errors = new HashMap<>();
        for (int pass = 0; pass <= byName.size(); pass++) {
            ColumnModel model = ColumnModel.byName(columns.stream().map(c -> modelColumn(c, types, byName)).toList());
            boolean changed = false;
            checked.clear();
            errors.clear();
            for (Column column : columns) {
                if (column.type() != ColumnType.FORMULA) {
                    continue;
                }
                try {
                    CheckedFormula result = TypeChecker.check(byName.get(column.key()), model, column.key());
                    checked.put(column.key(), result);
                    changed |= types.put(column.key(), result.type()) != result.type();
                } catch (FormulaException e) {
                    errors.put(column.key(), e.error());
                }
            }
            if (!changed) {
                break;
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(columns, errors, fresh, fieldOf);
        }

        List<Column> result = new ArrayList<>(columns.size());
        for (Column column : columns) {
            CheckedFormula formula = checked.get(column.key());
            if (formula == null) {
                result.add(column);
                continue;
            }
            ColumnSettings s = column.settings();
            List<String> references = new ArrayList<>(new LinkedHashSet<>(formula.referencedKeys()));
            references.sort(null);
            ColumnSettings settings = new ColumnSettings(s.precision(), s.currency(), s.timeZone(), s.durationFormat(),
                    s.options(), s.max(), FormulaRewriter.rewrite(byName.get(column.key()), keyOfName::get),
                    formula.type().displayName(), List.copyOf(references), formula.immutable());
            result.add(settings.equals(s) ? column : column.withSettings(settings, column.updatedAt()));
        }
        return result;
    }

    /** A stored column as people read it: its formula with references by display name. */
    public static Column forDisplay(Column column, List<Column> all) {
        if (column.type() != ColumnType.FORMULA || column.settings().formula() == null) {
            return column;
        }
        Map<String, String> nameOfKey = new HashMap<>();
        all.forEach(c -> nameOfKey.put(c.key(), c.name()));
        ColumnSettings s = column.settings();
        return column.withSettings(new ColumnSettings(s.precision(), s.currency(), s.timeZone(), s.durationFormat(),
                s.options(), s.max(), FormulaRewriter.rewrite(s.formula(), nameOfKey::get), s.resultType(),
                s.referencedKeys(), s.immutable()), column.updatedAt());
    }

    /** Whether changing {@code before} into {@code after} changes what formulas reading it see. */
    public static boolean changesValueType(Column before, Column after) {
        return before.type() != after.type()
                || ColumnConversions.valueTypeOf(before) != ColumnConversions.valueTypeOf(after);
    }

    /** Formula columns reading any of {@code keys}, directly or through other formula columns, in column order. */
    public static List<Column> dependantsOf(List<Column> columns, Set<String> keys) {
        Set<String> reached = new LinkedHashSet<>(keys);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Column column : columns) {
                List<String> refs = column.settings().referencedKeys();
                if (column.type() == ColumnType.FORMULA && refs != null && !reached.contains(column.key())
                        && refs.stream().anyMatch(reached::contains)) {
                    reached.add(column.key());
                    grew = true;
                }
            }
        }
        return columns.stream().filter(c -> reached.contains(c.key()) && !keys.contains(c.key())).toList();
    }

    private static io.panels.formula.types.Column modelColumn(Column column, Map<String, Type> formulaTypes,
                                                              Map<String, String> formulasByName) {
        Type type = column.type() == ColumnType.FORMULA ? formulaTypes.get(column.key()) : valueType(column.type());
        return new io.panels.formula.types.Column(column.name(), column.key(), type, "\"" + column.key() + "\"",
                formulasByName.get(column.key()));
    }

    /** What a column's values are inside a formula. */
    static Type valueType(ColumnType type) {
        return switch (type) {
            case NUMBER, CURRENCY, PERCENT, DURATION, RATING, AUTONUMBER -> Type.NUMBER;
            case BOOLEAN -> Type.BOOLEAN;
            case DATE -> Type.DATE;
            case DATETIME, CREATED_TIME, LAST_MODIFIED_TIME -> Type.DATETIME;
            default -> Type.TEXT;
        };
    }

    private static Type typeOf(String resultType) {
        if (resultType == null) {
            return Type.TEXT;
        }
        try {
            Type type = Type.valueOf(resultType.toUpperCase(Locale.ROOT));
            return type == Type.BLANK ? Type.TEXT : type;
        } catch (IllegalArgumentException e) {
            return Type.TEXT;
        }
    }

    private static ProblemException invalid(List<Column> columns, Map<String, FormulaError> errors, Set<UUID> fresh,
                                            IntFunction<String> fieldOf) {
        List<FieldError> fields = new ArrayList<>();
        String detail = null;
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            FormulaError error = errors.get(column.key());
            if (error == null) {
                continue;
            }
            String where = "at characters " + error.start() + " to " + error.end();
            boolean own = fresh.contains(column.id());
            String field = own ? fieldOf.apply(i) : "dependants[" + column.key() + "].settings.formula";
            fields.add(new FieldError(field, (own ? "" : column.name() + ": ") + error.message() + " (" + where + ")"));
            if (detail == null) {
                detail = "Formula of " + column.name() + ": " + error.message() + " (" + where + ")."
                        + (own ? "" : " It reads the column being changed.");
            }
        }
        return new ProblemException(400, "formula-invalid", "Invalid formula", Objects.requireNonNull(detail), fields);
    }
}
