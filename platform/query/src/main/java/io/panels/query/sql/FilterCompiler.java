package io.panels.query.sql;

import io.panels.query.model.Conjunction;
import io.panels.query.schema.ColumnSchema;
import io.panels.query.validate.CheckedFilter;
import io.panels.query.validate.CheckedQuery;
import io.panels.query.validate.Operand;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles the filter tree and the search into one boolean SQL expression for the WHERE clause.
 *
 * <p>Every positive operator is false on a blank value and every negative one ({@code neq},
 * {@code not_contains}, {@code not_in}, {@code is_not}, {@code is_none_of}, {@code has_none_of})
 * true, so that "status is not Done" lists the rows without a status too. Text comparisons ignore
 * letter case ({@code ILIKE}, {@code lower()}); the forms are those a trigram or {@code lower()}
 * index can serve.
 */
public final class FilterCompiler {

    private final ColumnExpressions columns;
    private final ZoneId zone;
    private final LocalDate today;

    public FilterCompiler(ColumnExpressions columns, ZoneId zone, Instant now) {
        this.columns = columns;
        this.zone = zone;
        this.today = LocalDate.ofInstant(now, zone);
    }

    /** The filter AND the search; {@code TRUE} when the query has neither. */
    public SqlFragment where(CheckedQuery query) {
        return SqlFragment.and(List.of(filter(query.filter()), search(query.searchWords())));
    }

    public SqlFragment filter(CheckedFilter filter) {
        return switch (filter) {
            case CheckedFilter.Group group -> {
                List<SqlFragment> parts = group.members().stream().map(this::filter).toList();
                yield group.conjunction() == Conjunction.AND ? SqlFragment.and(parts)
                        // An empty "or" group is a group not filled in yet: it filters nothing, like an empty "and".
                        : parts.isEmpty() ? SqlFragment.TRUE : SqlFragment.or(parts);
            }
            case CheckedFilter.Test test -> test(test);
        };
    }

    /** Every word must appear, ignoring case, in at least one searchable column. */
    public SqlFragment search(List<String> words) {
        if (words.isEmpty()) {
            return SqlFragment.TRUE;
        }
        List<ColumnSchema> searchable = columns.schema().columns().stream().filter(ColumnSchema::searchable).toList();
        List<SqlFragment> perWord = new ArrayList<>();
        for (String word : words) {
            List<SqlFragment> anyColumn = new ArrayList<>();
            for (ColumnSchema column : searchable) {
                anyColumn.add(like(columns.value(column), "%" + escapeLike(word) + "%"));
            }
            perWord.add(SqlFragment.or(anyColumn));
        }
        return SqlFragment.and(perWord);
    }

    private SqlFragment test(CheckedFilter.Test test) {
        SqlFragment c = columns.value(test.column());
        return switch (test.column().kind()) {
            case TEXT -> text(test, c, true);
            case USER -> text(test, c, false);
            case NUMBER -> number(test, c);
            case BOOLEAN -> switch (test.op()) {
                case IS_TRUE -> c.append(" = TRUE");
                // An unticked checkbox may be stored as false or as NULL.
                default -> c.append(" IS NOT TRUE");
            };
            case DATE -> date(test, c);
            case DATETIME -> datetime(test, c);
            case SINGLE_SELECT -> text(test, c, false);
            case MULTI_SELECT -> multiSelect(test, c);
            case JSON -> switch (test.op()) {
                case IS_EMPTY -> JsonBlank.isEmpty(c);
                default -> JsonBlank.isNotEmpty(c);
            };
        };
    }

    /** Text, user ids and single-select option ids; only free text ignores case. */
    private SqlFragment text(CheckedFilter.Test test, SqlFragment c, boolean ignoreCase) {
        SqlFragment column = ignoreCase ? SqlFragment.of("lower(").append(c).append(")") : c;
        return switch (test.op()) {
            case EQ, IS -> column.append(" = ").append(textParam(test.operand(), ignoreCase));
            case NEQ, IS_NOT -> orBlank(c, column.append(" <> ").append(textParam(test.operand(), ignoreCase)));
            case CONTAINS -> like(c, "%" + escapeLike(text(test)) + "%");
            case NOT_CONTAINS -> orBlank(c, SqlFragment.of("NOT ").append(like(c, "%" + escapeLike(text(test)) + "%")));
            case STARTS_WITH -> like(c, escapeLike(text(test)) + "%");
            case ENDS_WITH -> like(c, "%" + escapeLike(text(test)));
            case IN, IS_ANY_OF -> column.append(" IN (").append(textList(test.operand(), ignoreCase)).append(")");
            case NOT_IN, IS_NONE_OF -> orBlank(c, column.append(" NOT IN (").append(textList(test.operand(), ignoreCase)).append(")"));
            case IS_EMPTY -> SqlFragment.of("(").append(c).append(" IS NULL OR ").append(c).append(" = '')");
            case IS_NOT_EMPTY -> c.append(" <> ''");
            default -> throw unexpected(test);
        };
    }

    private SqlFragment number(CheckedFilter.Test test, SqlFragment c) {
        return switch (test.op()) {
            case EQ -> c.append(" = ").append(number(test.operand()));
            case NEQ -> orNull(c, c.append(" <> ").append(number(test.operand())));
            case LT -> c.append(" < ").append(number(test.operand()));
            case LTE -> c.append(" <= ").append(number(test.operand()));
            case GT -> c.append(" > ").append(number(test.operand()));
            case GTE -> c.append(" >= ").append(number(test.operand()));
            case BETWEEN -> {
                Operand.NumberRange range = (Operand.NumberRange) test.operand();
                yield c.append(" BETWEEN ").append(SqlFragment.param(range.from(), "numeric"))
                        .append(" AND ").append(SqlFragment.param(range.to(), "numeric"));
            }
            case IN -> c.append(" IN (").append(SqlFragment.join(", ", ((Operand.Numbers) test.operand()).values().stream()
                    .map(n -> SqlFragment.param(n, "numeric")).toList(), SqlFragment.FALSE)).append(")");
            case IS_EMPTY -> c.append(" IS NULL");
            case IS_NOT_EMPTY -> c.append(" IS NOT NULL");
            default -> throw unexpected(test);
        };
    }

    private SqlFragment date(CheckedFilter.Test test, SqlFragment c) {
        return switch (test.op()) {
            case EQ -> c.append(" = ").append(day(test.operand()));
            case BEFORE -> c.append(" < ").append(day(test.operand()));
            case AFTER -> c.append(" > ").append(day(test.operand()));
            case ON_OR_BEFORE -> c.append(" <= ").append(day(test.operand()));
            case ON_OR_AFTER -> c.append(" >= ").append(day(test.operand()));
            case BETWEEN -> {
                Operand.DateRange range = (Operand.DateRange) test.operand();
                yield c.append(" BETWEEN ").append(day(range.from())).append(" AND ").append(day(range.to()));
            }
            case WITHIN -> {
                DayRange days = relative(test.operand());
                yield SqlFragment.of("(").append(c).append(" >= ").append(SqlFragment.param(days.from(), "date"))
                        .append(" AND ").append(c).append(" < ").append(SqlFragment.param(days.until(), "date")).append(")");
            }
            case IS_EMPTY -> c.append(" IS NULL");
            case IS_NOT_EMPTY -> c.append(" IS NOT NULL");
            default -> throw unexpected(test);
        };
    }

    /**
     * A day compared with a datetime column is the span from its midnight to the next in the query's
     * time zone; an instant compares exactly. Both become bounds on the column, so an index serves them.
     */
    private SqlFragment datetime(CheckedFilter.Test test, SqlFragment c) {
        Operand operand = test.operand();
        return switch (test.op()) {
            case EQ -> operand instanceof Operand.Moment m ? c.append(" = ").append(instant(m.value()))
                    : span(c, start(operand), endExclusive(operand));
            case BEFORE -> c.append(" < ").append(instant(start(operand)));
            case ON_OR_AFTER -> c.append(" >= ").append(instant(start(operand)));
            case AFTER -> operand instanceof Operand.Moment m ? c.append(" > ").append(instant(m.value()))
                    : c.append(" >= ").append(instant(endExclusive(operand)));
            case ON_OR_BEFORE -> operand instanceof Operand.Moment m ? c.append(" <= ").append(instant(m.value()))
                    : c.append(" < ").append(instant(endExclusive(operand)));
            case BETWEEN -> {
                Operand.DateRange range = (Operand.DateRange) operand;
                SqlFragment upper = range.to() instanceof Operand.Moment m ? c.append(" <= ").append(instant(m.value()))
                        : c.append(" < ").append(instant(endExclusive(range.to())));
                yield SqlFragment.of("(").append(c).append(" >= ").append(instant(start(range.from())))
                        .append(" AND ").append(upper).append(")");
            }
            case WITHIN -> {
                DayRange days = relative(operand);
                yield span(c, midnight(days.from()), midnight(days.until()));
            }
            case IS_EMPTY -> c.append(" IS NULL");
            case IS_NOT_EMPTY -> c.append(" IS NOT NULL");
            default -> throw unexpected(test);
        };
    }

    private SqlFragment multiSelect(CheckedFilter.Test test, SqlFragment c) {
        return switch (test.op()) {
            case HAS_ANY_OF -> c.append(" && ").append(options(test.operand()));
            case HAS_ALL_OF -> c.append(" @> ").append(options(test.operand()));
            case HAS_NONE_OF -> orNull(c, SqlFragment.of("NOT (").append(c).append(" && ").append(options(test.operand())).append(")"));
            // The same set, whatever the order or repetitions.
            case IS_EXACTLY -> SqlFragment.of("(").append(c).append(" @> ").append(options(test.operand()))
                    .append(" AND ").append(c).append(" <@ ").append(options(test.operand())).append(")");
            case IS_EMPTY -> SqlFragment.of("(").append(c).append(" IS NULL OR cardinality(").append(c).append(") = 0)");
            case IS_NOT_EMPTY -> SqlFragment.of("cardinality(").append(c).append(") > 0");
            default -> throw unexpected(test);
        };
    }

    private static SqlFragment like(SqlFragment c, String pattern) {
        return c.append(" ILIKE ").append(SqlFragment.param(pattern, "text")).append(" ESCAPE '\\'");
    }

    /** A negative test also holds for blank text. */
    private static SqlFragment orBlank(SqlFragment c, SqlFragment test) {
        return SqlFragment.of("(").append(c).append(" IS NULL OR ").append(test).append(")");
    }

    private static SqlFragment orNull(SqlFragment c, SqlFragment test) {
        return SqlFragment.of("(").append(c).append(" IS NULL OR ").append(test).append(")");
    }

    private static SqlFragment span(SqlFragment c, Instant from, Instant until) {
        return SqlFragment.of("(").append(c).append(" >= ").append(instant(from))
                .append(" AND ").append(c).append(" < ").append(instant(until)).append(")");
    }

    private static String text(CheckedFilter.Test test) {
        return ((Operand.Text) test.operand()).value();
    }

    private static SqlFragment textParam(Operand operand, boolean ignoreCase) {
        SqlFragment p = SqlFragment.param(((Operand.Text) operand).value(), "text");
        return ignoreCase ? SqlFragment.of("lower(").append(p).append(")") : p;
    }

    private static SqlFragment textList(Operand operand, boolean ignoreCase) {
        return SqlFragment.join(", ", ((Operand.Texts) operand).values().stream().map(v -> {
            SqlFragment p = SqlFragment.param(v, "text");
            return ignoreCase ? SqlFragment.of("lower(").append(p).append(")") : p;
        }).toList(), SqlFragment.FALSE);
    }

    private static SqlFragment options(Operand operand) {
        return SqlFragment.param(((Operand.Texts) operand).values().toArray(String[]::new), "text[]");
    }

    private static SqlFragment number(Operand operand) {
        BigDecimal value = ((Operand.Number) operand).value();
        return SqlFragment.param(value, "numeric");
    }

    private static SqlFragment day(Operand operand) {
        return SqlFragment.param(((Operand.Day) operand).value(), "date");
    }

    private static SqlFragment instant(Instant instant) {
        return SqlFragment.param(OffsetDateTime.ofInstant(instant, ZoneOffset.UTC), "timestamptz");
    }

    private Instant start(Operand point) {
        return switch (point) {
            case Operand.Day d -> midnight(d.value());
            case Operand.Moment m -> m.value();
            default -> throw new IllegalStateException("not a date: " + point);
        };
    }

    /** The first instant after the day; for an instant, the instant itself. */
    private Instant endExclusive(Operand point) {
        return switch (point) {
            case Operand.Day d -> midnight(d.value().plusDays(1));
            case Operand.Moment m -> m.value();
            default -> throw new IllegalStateException("not a date: " + point);
        };
    }

    /** The day's first instant in the zone (not always 00:00 where clocks change at midnight). */
    private Instant midnight(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    private DayRange relative(Operand operand) {
        Operand.Relative relative = (Operand.Relative) operand;
        return DayRange.of(relative.range(), relative.n(), today);
    }

    /** Backslash escapes LIKE's wildcards, so '%' and '_' in a value match themselves. */
    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static IllegalStateException unexpected(CheckedFilter.Test test) {
        return new IllegalStateException("the validator let through " + test.op() + " on " + test.column().kind());
    }
}
