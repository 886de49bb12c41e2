package io.panels.query;

import io.panels.query.TestPanel.Row;
import io.panels.query.model.Conjunction;
import io.panels.query.model.Direction;
import io.panels.query.model.Nulls;
import io.panels.query.schema.SelectOption;
import io.panels.query.sql.DayRange;
import io.panels.query.validate.CheckedFilter;
import io.panels.query.validate.CheckedQuery;
import io.panels.query.validate.Operand;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The documented semantics of a query, computed in Java over the test rows, to compare SQL against. */
final class Reference {

    private final ZoneId zone;
    private final LocalDate today;

    Reference(ZoneId zone, Instant now) {
        this.zone = zone;
        this.today = LocalDate.ofInstant(now, zone);
    }

    boolean matches(CheckedQuery query, Row row) {
        return matches(query.filter(), row) && query.searchWords().stream().allMatch(word ->
                query.table().columns().stream().filter(c -> c.searchable())
                        .anyMatch(c -> contains((String) value(c.key(), row), word)));
    }

    boolean matches(CheckedFilter filter, Row row) {
        return switch (filter) {
            case CheckedFilter.Group g when g.members().isEmpty() -> true;
            case CheckedFilter.Group g -> g.conjunction() == Conjunction.AND
                    ? g.members().stream().allMatch(m -> matches(m, row))
                    : g.members().stream().anyMatch(m -> matches(m, row));
            case CheckedFilter.Test t -> test(t, value(t.column().key(), row));
        };
    }

    static Object value(String key, Row row) {
        return switch (key) {
            case "name" -> row.name();
            case "notes" -> row.notes();
            case "price" -> row.price();
            case "rating" -> row.rating() == null ? null : BigDecimal.valueOf(row.rating());
            case "active" -> row.active();
            case "due" -> row.due();
            case "at" -> row.at();
            case "status" -> row.status();
            case "tags" -> row.tags();
            case "meta" -> row.meta();
            case "owner" -> row.owner();
            case "total" -> row.total();
            default -> throw new IllegalArgumentException(key);
        };
    }

    @SuppressWarnings("unchecked")
    private boolean test(CheckedFilter.Test t, Object v) {
        Operand o = t.operand();
        boolean ignoreCase = t.column().kind() == io.panels.query.schema.ValueKind.TEXT;
        return switch (t.column().kind()) {
            case TEXT, USER, SINGLE_SELECT -> {
                String s = (String) v;
                boolean blank = s == null || s.isEmpty();
                yield switch (t.op()) {
                    case EQ, IS -> !blank && same(s, ((Operand.Text) o).value(), ignoreCase);
                    case NEQ, IS_NOT -> blank || !same(s, ((Operand.Text) o).value(), ignoreCase);
                    case CONTAINS -> contains(s, text(o));
                    case NOT_CONTAINS -> !contains(s, text(o));
                    case STARTS_WITH -> s != null && lower(s).startsWith(lower(text(o)));
                    case ENDS_WITH -> s != null && lower(s).endsWith(lower(text(o)));
                    case IN, IS_ANY_OF -> !blank && ((Operand.Texts) o).values().stream().anyMatch(x -> same(s, x, ignoreCase));
                    case NOT_IN, IS_NONE_OF -> blank || ((Operand.Texts) o).values().stream().noneMatch(x -> same(s, x, ignoreCase));
                    case IS_EMPTY -> blank;
                    case IS_NOT_EMPTY -> !blank;
                    default -> throw new IllegalStateException(t.op().name());
                };
            }
            case NUMBER -> {
                BigDecimal n = (BigDecimal) v;
                yield switch (t.op()) {
                    case EQ -> n != null && n.compareTo(num(o)) == 0;
                    case NEQ -> n == null || n.compareTo(num(o)) != 0;
                    case LT -> n != null && n.compareTo(num(o)) < 0;
                    case LTE -> n != null && n.compareTo(num(o)) <= 0;
                    case GT -> n != null && n.compareTo(num(o)) > 0;
                    case GTE -> n != null && n.compareTo(num(o)) >= 0;
                    case BETWEEN -> n != null && n.compareTo(((Operand.NumberRange) o).from()) >= 0
                            && n.compareTo(((Operand.NumberRange) o).to()) <= 0;
                    case IN -> n != null && ((Operand.Numbers) o).values().stream().anyMatch(x -> x.compareTo(n) == 0);
                    case IS_EMPTY -> n == null;
                    case IS_NOT_EMPTY -> n != null;
                    default -> throw new IllegalStateException(t.op().name());
                };
            }
            case BOOLEAN -> t.op() == io.panels.query.model.Operator.IS_TRUE ? Boolean.TRUE.equals(v) : !Boolean.TRUE.equals(v);
            case DATE -> {
                LocalDate d = (LocalDate) v;
                yield switch (t.op()) {
                    case IS_EMPTY -> d == null;
                    case IS_NOT_EMPTY -> d != null;
                    case WITHIN -> {
                        DayRange r = range(o);
                        yield d != null && !d.isBefore(r.from()) && d.isBefore(r.until());
                    }
                    case BETWEEN -> d != null && !d.isBefore(day(((Operand.DateRange) o).from())) && !d.isAfter(day(((Operand.DateRange) o).to()));
                    default -> d != null && compare(t.op(), d.compareTo(day(o)));
                };
            }
            case DATETIME -> {
                Instant i = (Instant) v;
                yield switch (t.op()) {
                    case IS_EMPTY -> i == null;
                    case IS_NOT_EMPTY -> i != null;
                    case WITHIN -> {
                        DayRange r = range(o);
                        yield i != null && !i.isBefore(start(r.from())) && i.isBefore(start(r.until()));
                    }
                    case BETWEEN -> i != null && !i.isBefore(lo(((Operand.DateRange) o).from())) && !after(i, ((Operand.DateRange) o).to());
                    case EQ -> i != null && !i.isBefore(lo(o)) && !after(i, o);
                    case BEFORE -> i != null && i.isBefore(lo(o));
                    case ON_OR_AFTER -> i != null && !i.isBefore(lo(o));
                    case AFTER -> i != null && after(i, o);
                    case ON_OR_BEFORE -> i != null && !after(i, o);
                    default -> throw new IllegalStateException(t.op().name());
                };
            }
            case MULTI_SELECT -> {
                List<String> tags = (List<String>) v;
                List<String> wanted = o instanceof Operand.Texts ts ? ts.values() : List.of();
                boolean blank = tags == null || tags.isEmpty();
                yield switch (t.op()) {
                    case HAS_ANY_OF -> tags != null && wanted.stream().anyMatch(tags::contains);
                    case HAS_ALL_OF -> tags != null && tags.containsAll(wanted);
                    case HAS_NONE_OF -> tags == null || wanted.stream().noneMatch(tags::contains);
                    case IS_EXACTLY -> tags != null && new HashSet<>(tags).equals(new HashSet<>(wanted));
                    case IS_EMPTY -> blank;
                    case IS_NOT_EMPTY -> !blank;
                    default -> throw new IllegalStateException(t.op().name());
                };
            }
            case JSON -> {
                boolean blank = jsonBlank((String) v);
                yield t.op() == io.panels.query.model.Operator.IS_EMPTY ? blank : !blank;
            }
        };
    }

    static boolean jsonBlank(String json) {
        return json == null || Set.of("null", "{}", "[]", "\"\"").contains(json);
    }

    private static boolean compare(io.panels.query.model.Operator op, int c) {
        return switch (op) {
            case EQ -> c == 0;
            case BEFORE -> c < 0;
            case AFTER -> c > 0;
            case ON_OR_BEFORE -> c <= 0;
            case ON_OR_AFTER -> c >= 0;
            default -> throw new IllegalStateException(op.name());
        };
    }

    /** Whether the instant is after the point: after its day, or after the exact instant. */
    private boolean after(Instant i, Operand point) {
        return point instanceof Operand.Moment m ? i.isAfter(m.value()) : !i.isBefore(start(day(point).plusDays(1)));
    }

    private Instant lo(Operand point) {
        return point instanceof Operand.Moment m ? m.value() : start(day(point));
    }

    private Instant start(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    private DayRange range(Operand o) {
        Operand.Relative r = (Operand.Relative) o;
        return DayRange.of(r.range(), r.n(), today);
    }

    private static LocalDate day(Operand o) {
        return ((Operand.Day) o).value();
    }

    private static BigDecimal num(Operand o) {
        return ((Operand.Number) o).value();
    }

    private static String text(Operand o) {
        return ((Operand.Text) o).value();
    }

    private static boolean same(String a, String b, boolean ignoreCase) {
        return ignoreCase ? lower(a).equals(lower(b)) : a.equals(b);
    }

    static boolean contains(String s, String part) {
        return s != null && lower(s).contains(lower(part));
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** The complete order: the sort keys with their NULL placement, then the id as PostgreSQL orders uuids. */
    static Comparator<Row> order(CheckedQuery query) {
        Comparator<Row> order = (a, b) -> 0;
        for (CheckedQuery.SortKey sort : query.sorts()) {
            String key = sort.column().key();
            Comparator<Object> values = (x, y) -> compareValues(sort, x, y);
            Comparator<Object> directed = sort.direction() == Direction.ASC ? values : values.reversed();
            Comparator<Object> withNulls = sort.nulls() == Nulls.FIRST ? Comparator.nullsFirst(directed) : Comparator.nullsLast(directed);
            order = order.thenComparing(row -> sortValue(sort, row), withNulls);
        }
        return order.thenComparing(Row::idText);
    }

    private static Object sortValue(CheckedQuery.SortKey sort, Row row) {
        Object v = value(sort.column().key(), row);
        if (sort.column().kind() == io.panels.query.schema.ValueKind.SINGLE_SELECT) {
            List<String> ids = sort.column().options().stream().map(SelectOption::id).toList();
            int position = ids.indexOf(v);
            return position < 0 ? null : position;
        }
        return v;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(CheckedQuery.SortKey sort, Object x, Object y) {
        return ((Comparable) x).compareTo(y);
    }
}
