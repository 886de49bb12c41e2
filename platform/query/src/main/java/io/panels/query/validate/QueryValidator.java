package io.panels.query.validate;

import io.panels.formula.FormulaException;
import io.panels.query.InvalidQueryException;
import io.panels.query.QueryError;
import io.panels.query.model.Condition;
import io.panels.query.model.Filter;
import io.panels.query.model.FilterGroup;
import io.panels.query.model.GroupBy;
import io.panels.query.model.Operator;
import io.panels.query.model.Query;
import io.panels.query.model.QueryLimits;
import io.panels.query.model.Sort;
import io.panels.query.model.Summary;
import io.panels.query.schema.ColumnSchema;
import io.panels.query.schema.FormulaModel;
import io.panels.query.schema.TableSchema;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a query against the columns the caller allows and types its values. Every problem is
 * reported, each at its path, so that a form can mark every wrong field at once.
 */
public final class QueryValidator {

    private final TableSchema table;
    private final QueryLimits limits;
    private final OperandReader operands;
    private final FormulaModel formulas;
    /** Formula columns already checked: key → the error, or empty when the formula is fine. */
    private final Map<String, Optional<String>> formulaErrors = new HashMap<>();
    private final List<QueryError> errors = new ArrayList<>();
    private int conditions;

    private QueryValidator(TableSchema table, QueryLimits limits) {
        this.table = table;
        this.limits = limits;
        this.operands = new OperandReader(limits);
        this.formulas = new FormulaModel(table, ZoneOffset.UTC);
    }

    /** @throws InvalidQueryException with every error when the query does not fit the table */
    public static CheckedQuery check(Query query, TableSchema table) {
        return check(query, table, QueryLimits.DEFAULT);
    }

    public static CheckedQuery check(Query query, TableSchema table, QueryLimits limits) {
        QueryValidator validator = new QueryValidator(table, limits);
        CheckedQuery checked = validator.run(query);
        if (!validator.errors.isEmpty()) {
            throw new InvalidQueryException(validator.errors);
        }
        return checked;
    }

    /** The errors of the query, empty when it fits the table. */
    public static List<QueryError> errors(Query query, TableSchema table) {
        QueryValidator validator = new QueryValidator(table, QueryLimits.DEFAULT);
        validator.run(query);
        return List.copyOf(validator.errors);
    }

    private CheckedQuery run(Query query) {
        CheckedFilter.Group filter = query.filter() == null
                ? new CheckedFilter.Group(io.panels.query.model.Conjunction.AND, List.of())
                : group(query.filter(), "filter", 1);
        if (conditions > limits.maxConditions()) {
            error("filter", "at most " + limits.maxConditions() + " conditions, not " + conditions);
        }
        return new CheckedQuery(table, filter, searchWords(query.search()), sorts(query.sorts()),
                groups(query.groupBy()), summaries(query.summaries()), zone(query.timeZone()));
    }

    private CheckedFilter.Group group(FilterGroup group, String path, int depth) {
        if (depth > limits.maxDepth()) {
            error(path, "groups nest at most " + limits.maxDepth() + " deep");
            return new CheckedFilter.Group(group.conjunction(), List.of());
        }
        List<CheckedFilter> members = new ArrayList<>();
        for (int i = 0; i < group.conditions().size(); i++) {
            String memberPath = path + ".conditions[" + i + "]";
            Filter member = group.conditions().get(i);
            switch (member) {
                case null -> error(memberPath, "a condition or a group is required");
                case FilterGroup nested -> members.add(group(nested, memberPath, depth + 1));
                case Condition condition -> {
                    conditions++;
                    CheckedFilter.Test test = condition(condition, memberPath);
                    if (test != null) {
                        members.add(test);
                    }
                }
            }
        }
        return new CheckedFilter.Group(group.conjunction(), members);
    }

    private CheckedFilter.Test condition(Condition condition, String path) {
        ColumnSchema column = column(condition.column(), path + ".column");
        if (condition.op() == null) {
            error(path + ".op", "an operator is required");
            return null;
        }
        if (column == null) {
            return null;
        }
        Set<Operator> allowed = OperatorTable.operators(column.kind());
        if (!allowed.contains(condition.op())) {
            error(path + ".op", "'" + condition.op().jsonName() + "' does not apply to " + column.type().name().toLowerCase()
                    + " column '" + column.name() + "'; use one of " + names(allowed));
            return null;
        }
        try {
            Operand operand = operands.read(column, condition.op(), condition.value());
            return new CheckedFilter.Test(path, column, condition.op(), operand);
        } catch (OperandReader.BadValue bad) {
            error(path + ".value", bad.getMessage());
            return null;
        }
    }

    private List<String> searchWords(String search) {
        if (search == null || search.isBlank()) {
            return List.of();
        }
        if (search.length() > limits.maxSearchLength()) {
            error("search", "at most " + limits.maxSearchLength() + " characters");
            return List.of();
        }
        if (search.indexOf('\0') >= 0) {
            error("search", "the text contains a NUL character");
            return List.of();
        }
        List<String> words = Arrays.stream(search.strip().split("\\s+")).distinct().toList();
        if (words.size() > limits.maxSearchWords()) {
            error("search", "at most " + limits.maxSearchWords() + " words");
            return List.of();
        }
        return words;
    }

    private List<CheckedQuery.SortKey> sorts(List<Sort> sorts) {
        if (sorts.size() > limits.maxSorts()) {
            error("sorts", "at most " + limits.maxSorts() + " sorts");
            return List.of();
        }
        List<CheckedQuery.SortKey> checked = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < sorts.size(); i++) {
            String path = "sorts[" + i + "]";
            Sort sort = sorts.get(i);
            if (sort == null) {
                error(path, "a sort is required");
                continue;
            }
            ColumnSchema column = column(sort.column(), path + ".column");
            if (column == null) {
                continue;
            }
            if (!OperatorTable.sortable(column.kind())) {
                error(path + ".column", "column '" + column.name() + "' cannot be sorted");
            } else if (!seen.add(column.key())) {
                error(path + ".column", "column '" + column.name() + "' is sorted on twice");
            } else {
                checked.add(new CheckedQuery.SortKey(column, sort.direction(), sort.nulls()));
            }
        }
        return checked;
    }

    private List<CheckedQuery.GroupKey> groups(List<GroupBy> groups) {
        if (groups.size() > limits.maxGroupBy()) {
            error("groupBy", "at most " + limits.maxGroupBy() + " group-by levels");
            return List.of();
        }
        List<CheckedQuery.GroupKey> checked = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < groups.size(); i++) {
            String path = "groupBy[" + i + "]";
            GroupBy group = groups.get(i);
            if (group == null) {
                error(path, "a group-by level is required");
                continue;
            }
            ColumnSchema column = column(group.column(), path + ".column");
            if (column == null) {
                continue;
            }
            if (!OperatorTable.groupable(column.kind())) {
                error(path + ".column", "rows cannot be grouped by column '" + column.name() + "'");
            } else if (!seen.add(column.key())) {
                error(path + ".column", "rows are grouped by column '" + column.name() + "' twice");
            } else {
                checked.add(new CheckedQuery.GroupKey(column, group.direction()));
            }
        }
        return checked;
    }

    private List<CheckedQuery.Aggregate> summaries(List<Summary> summaries) {
        if (summaries.size() > limits.maxSummaries()) {
            error("summaries", "at most " + limits.maxSummaries() + " summaries");
            return List.of();
        }
        List<CheckedQuery.Aggregate> checked = new ArrayList<>();
        for (int i = 0; i < summaries.size(); i++) {
            String path = "summaries[" + i + "]";
            Summary summary = summaries.get(i);
            if (summary == null) {
                error(path, "a summary is required");
                continue;
            }
            ColumnSchema column = column(summary.column(), path + ".column");
            if (summary.function() == null) {
                error(path + ".function", "a function is required");
            } else if (column != null && !OperatorTable.summarisable(column.kind(), summary.function())) {
                error(path + ".function", "'" + summary.function().jsonName() + "' does not apply to column '" + column.name() + "'");
            } else if (column != null) {
                checked.add(new CheckedQuery.Aggregate(column, summary.function()));
            }
        }
        return checked;
    }

    private ZoneId zone(String timeZone) {
        if (timeZone == null) {
            return null;
        }
        try {
            ZoneId zone = ZoneId.of(timeZone);
            if (zone instanceof ZoneOffset offset && offset.getTotalSeconds() % 3600 != 0) {
                error("timeZone", "use a region time zone such as 'Asia/Kolkata' rather than the offset " + timeZone);
                return null;
            }
            return zone;
        } catch (DateTimeException e) {
            error("timeZone", "'" + timeZone + "' is not an IANA time zone such as 'Europe/Paris'");
            return null;
        }
    }

    /** The column the key names, with its formula checked; reports and returns null otherwise. */
    private ColumnSchema column(String key, String path) {
        if (key == null || key.isEmpty()) {
            error(path, "a column key is required");
            return null;
        }
        Optional<ColumnSchema> found = table.column(key);
        if (found.isEmpty()) {
            error(path, "no column with the key '" + key + "'");
            return null;
        }
        ColumnSchema column = found.get();
        if (column.isFormula()) {
            Optional<String> broken = formulaErrors.computeIfAbsent(key, k -> formulaError(column));
            if (broken.isPresent()) {
                error(path, broken.get());
                return null;
            }
        }
        return column;
    }

    private Optional<String> formulaError(ColumnSchema column) {
        try {
            if (formulas.check(column).type() != column.resultType()) {
                return Optional.of("the formula of column '" + column.name() + "' no longer gives a " + column.resultType().displayName());
            }
            return Optional.empty();
        } catch (FormulaException e) {
            return Optional.of("the formula of column '" + column.name() + "' has an error: " + e.error().message());
        }
    }

    private void error(String path, String message) {
        errors.add(new QueryError(path, message));
    }

    private static String names(Set<Operator> operators) {
        return String.join(", ", operators.stream().map(Operator::jsonName).toList());
    }
}
