package io.panels.panel.domain;

import static io.panels.panel.domain.ColumnType.BOOLEAN;
import static io.panels.panel.domain.ColumnType.DATE;
import static io.panels.panel.domain.ColumnType.DATETIME;
import static io.panels.panel.domain.ColumnType.DURATION;
import static io.panels.panel.domain.ColumnType.EMAIL;
import static io.panels.panel.domain.ColumnType.JSON;
import static io.panels.panel.domain.ColumnType.LONG_TEXT;
import static io.panels.panel.domain.ColumnType.MULTI_SELECT;
import static io.panels.panel.domain.ColumnType.NUMERIC;
import static io.panels.panel.domain.ColumnType.PHONE;
import static io.panels.panel.domain.ColumnType.RATING;
import static io.panels.panel.domain.ColumnType.SINGLE_SELECT;
import static io.panels.panel.domain.ColumnType.TEXT;
import static io.panels.panel.domain.ColumnType.URL;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Declares what happens to a column's values when its definition changes. Lossless conversions
 * keep every value's meaning; lossy ones clear, round or drop something and need the caller's
 * confirmation. No conversion (empty) means the values are untouched: a rename, a new option, a
 * new time zone to show them in, a changed formula (its values are computed anyway).
 */
public final class ColumnConversions {

    private static final Set<ColumnType> TEXTUAL = Set.of(TEXT, LONG_TEXT, EMAIL, URL, PHONE, JSON);

    private ColumnConversions() {
    }

    public static Optional<ColumnConversion> between(Column before, Column after) {
        ColumnType from = before.type();
        ColumnType to = after.type();
        List<String> removedOptions = removedOptions(before, after);
        if (from == to) {
            return sameType(before, after, removedOptions);
        }
        if (to.computed()) {
            return lossy(from, to, "replace_with_computed", "Every stored value is replaced by the computed one.", List.of());
        }
        if (from.computed()) {
            ColumnType valueType = valueTypeOf(before);
            if (valueType == to) {
                return lossless(from, to, "materialize", "The current computed values are kept as ordinary values.");
            }
            ColumnConversion inner = dataConversion(valueType, to, before, after, List.of());
            return Optional.of(new ColumnConversion(from, to, inner.lossy(), "materialize_then_" + inner.rule(),
                    "The current computed values are kept, then: " + inner.description(), List.of()));
        }
        return Optional.of(dataConversion(from, to, before, after, removedOptions));
    }

    private static Optional<ColumnConversion> sameType(Column before, Column after, List<String> removedOptions) {
        ColumnType type = before.type();
        if (!removedOptions.isEmpty()) {
            return lossy(type, type, "clear_removed_options",
                    "Values holding a removed option lose it (" + removedOptions.size() + " option(s) removed).", removedOptions);
        }
        if (NUMERIC.contains(type) && after.settings().precision() < before.settings().precision()) {
            return lossy(type, type, "round", "Values are rounded to " + after.settings().precision() + " decimal place(s).", List.of());
        }
        if (type == RATING && after.settings().max() < before.settings().max()) {
            return lossy(type, type, "clamp_rating", "Ratings above " + after.settings().max() + " become " + after.settings().max() + ".", List.of());
        }
        return Optional.empty();
    }

    private static ColumnConversion dataConversion(ColumnType from, ColumnType to, Column before, Column after,
                                                   List<String> removedOptions) {
        if (to == TEXT || to == LONG_TEXT) {
            String how = from.isSelect() ? "Each value becomes its option name (several joined by \", \")."
                    : "Each value becomes its text.";
            return conversion(from, to, false, "format_text", how);
        }
        if (to == JSON) {
            return conversion(from, to, false, "to_json", "Each value becomes its JSON form.");
        }
        if (TEXTUAL.contains(from)) {
            return switch (to) {
                case EMAIL, URL, PHONE -> conversion(from, to, true, "validate_" + to.wireName(),
                        "Values that are not a valid " + to.wireName() + " are cleared.");
                case SINGLE_SELECT, MULTI_SELECT -> conversion(from, to, true, "match_option_names",
                        "Values that match an option name (ignoring case) take that option; others are cleared.");
                default -> conversion(from, to, true, "parse_" + to.wireName(),
                        "Values that cannot be read as a " + to.wireName().replace('_', ' ') + " are cleared.");
            };
        }
        if (NUMERIC.contains(from) || from == RATING || from == DURATION) {
            if (NUMERIC.contains(to)) {
                Integer previousPrecision = before.settings().precision();
                boolean rounds = previousPrecision != null && after.settings().precision() < previousPrecision;
                return rounds ? conversion(from, to, true, "round", "Values are rounded to " + after.settings().precision() + " decimal place(s).")
                        : conversion(from, to, false, "keep_number", "Values are kept as they are.");
            }
            if (to == DURATION) {
                return conversion(from, to, false, "number_as_seconds", "Each number becomes that many seconds.");
            }
            if (to == RATING) {
                return conversion(from, to, true, "round_clamp_rating",
                        "Values are rounded to whole numbers; those outside 0 to " + after.settings().max() + " are cleared.");
            }
            if (to == BOOLEAN) {
                return conversion(from, to, true, "nonzero_true", "0 becomes false, any other number true.");
            }
        }
        if (from == BOOLEAN && (NUMERIC.contains(to) || to == RATING)) {
            return conversion(from, to, false, "true_one_false_zero", "true becomes 1, false 0.");
        }
        if (from == DATE && to == DATETIME) {
            return conversion(from, to, false, "midnight_in_zone",
                    "Each date becomes its midnight in " + after.settings().timeZone() + ".");
        }
        if (from == DATETIME && to == DATE) {
            return conversion(from, to, true, "drop_time",
                    "Each value keeps its date in " + before.settings().timeZone() + "; the time of day is lost.");
        }
        if (from == SINGLE_SELECT && to == MULTI_SELECT) {
            return removedOptions.isEmpty()
                    ? conversion(from, to, false, "wrap_in_list", "Each value becomes a list of that one option.")
                    : new ColumnConversion(from, to, true, "wrap_in_list",
                    "Each value becomes a list of that one option; removed options are cleared.", removedOptions);
        }
        if (from == MULTI_SELECT && to == SINGLE_SELECT) {
            return new ColumnConversion(from, to, true, "keep_first",
                    "Each value keeps only its first option" + (removedOptions.isEmpty() ? "." : "; removed options are cleared."),
                    removedOptions);
        }
        return conversion(from, to, true, "clear", "A " + from.wireName().replace('_', ' ') + " cannot become a "
                + to.wireName().replace('_', ' ') + ": every value is cleared.");
    }

    /** The type of the values a computed column shows, which is what it keeps when it becomes a data column. */
    static ColumnType valueTypeOf(Column column) {
        return switch (column.type()) {
            case CREATED_TIME, LAST_MODIFIED_TIME -> DATETIME;
            case CREATED_BY, LAST_MODIFIED_BY -> TEXT;
            case AUTONUMBER -> ColumnType.NUMBER;
            case FORMULA -> column.settings().resultType() == null ? TEXT
                    : ColumnType.fromWire(column.settings().resultType().toLowerCase(Locale.ROOT)).orElse(TEXT);
            default -> column.type();
        };
    }

    private static List<String> removedOptions(Column before, Column after) {
        if (!before.type().isSelect()) {
            return List.of();
        }
        Set<String> kept = after.type().isSelect()
                ? after.settings().optionsOrEmpty().stream().map(SelectOption::id).collect(Collectors.toSet())
                : null;
        if (kept == null) {
            return List.of();
        }
        return before.settings().optionsOrEmpty().stream().map(SelectOption::id).filter(id -> !kept.contains(id)).toList();
    }

    private static ColumnConversion conversion(ColumnType from, ColumnType to, boolean lossy, String rule, String description) {
        return new ColumnConversion(from, to, lossy, rule, description, List.of());
    }

    private static Optional<ColumnConversion> lossy(ColumnType from, ColumnType to, String rule, String description,
                                                    List<String> removedOptions) {
        return Optional.of(new ColumnConversion(from, to, true, rule, description, removedOptions));
    }

    private static Optional<ColumnConversion> lossless(ColumnType from, ColumnType to, String rule, String description) {
        return Optional.of(new ColumnConversion(from, to, false, rule, description, List.of()));
    }
}
