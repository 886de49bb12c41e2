package io.panels.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.query.model.Condition;
import io.panels.query.model.FilterGroup;
import io.panels.query.model.Operator;
import io.panels.query.model.Query;
import io.panels.query.model.QueryJson;
import io.panels.query.model.Sort;
import io.panels.query.validate.QueryValidator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation errors name the field as a path into the query's JSON. */
class QueryValidatorTest {

    private static List<String> errors(String json) {
        return QueryValidator.errors(QueryJson.parse(json), TestPanel.schema()).stream().map(QueryError::toString).toList();
    }

    @Test
    void everyErrorIsReportedAtItsPath() {
        List<String> errors = errors("""
                {"filter": {"conditions": [
                    {"column": "name", "op": "contains", "value": "a"},
                    {"column": "nope", "op": "eq", "value": "a"},
                    {"column": "price", "op": "contains", "value": "a"},
                    {"column": "price", "op": "gt", "value": "ten"},
                    {"conjunction": "or", "conditions": [{"column": "status", "op": "is", "value": "archived"}]},
                    {"column": "due", "op": "within", "value": {"range": "last_n_days"}},
                    {"column": "active", "op": "is_true", "value": true}]},
                 "sorts": [{"column": "tags"}],
                 "groupBy": [{"column": "meta"}],
                 "summaries": [{"column": "name", "function": "sum"}],
                 "timeZone": "Mars/Olympus"}
                """);
        assertEquals(List.of(
                "filter.conditions[1].column: no column with the key 'nope'",
                "filter.conditions[2].op: 'contains' does not apply to currency column 'Price'; use one of eq, neq, in, lt, lte, gt, gte, between, is_empty, is_not_empty",
                "filter.conditions[3].value: a number is required",
                "filter.conditions[4].conditions[0].value: column 'Status' has no option 'archived'",
                "filter.conditions[5].value: 'n' is a whole number of days from 1 to 3660",
                "filter.conditions[6].value: this operator takes no value",
                "sorts[0].column: column 'Tags' cannot be sorted",
                "groupBy[0].column: rows cannot be grouped by column 'Meta'",
                "summaries[0].function: 'sum' does not apply to column 'Name'",
                "timeZone: 'Mars/Olympus' is not an IANA time zone such as 'Europe/Paris'"), errors);
    }

    @Test
    void limitsAreEnforced() {
        FilterGroup deep = FilterGroup.and(Condition.of("name", Operator.IS_EMPTY));
        for (int i = 0; i < 5; i++) {
            deep = FilterGroup.or(deep);
        }
        assertEquals(List.of("filter.conditions[0].conditions[0].conditions[0].conditions[0].conditions[0]: groups nest at most 5 deep"),
                QueryValidator.errors(Query.all().withFilter(deep), TestPanel.schema()).stream().map(QueryError::toString).toList());

        List<Condition> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add(Condition.of("price", Operator.GT, i));
        }
        assertEquals(List.of("filter: at most 100 conditions, not 101"), QueryValidator.errors(Query.all().withFilter(FilterGroup.and(many)),
                TestPanel.schema()).stream().map(QueryError::toString).toList());

        List<Sort> sorts = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            sorts.add(Sort.asc("price"));
        }
        assertEquals(List.of("sorts: at most 10 sorts"), errors(QueryJson.write(Query.all().withSorts(sorts))));
        assertEquals(List.of("filter.conditions[0].value: at most 1000 characters"),
                errors("{\"filter\":{\"conditions\":[{\"column\":\"name\",\"op\":\"eq\",\"value\":\"" + "x".repeat(1001) + "\"}]}}"));
        assertEquals(List.of("search: at most 10 words"), errors("{\"search\":\"a b c d e f g h i j k\"}"));
    }

    @Test
    void malformedJsonIsAnErrorWithAPath() {
        InvalidQueryException unknownOp = assertThrows(InvalidQueryException.class, () -> QueryJson.parse(
                "{\"filter\":{\"conditions\":[{\"column\":\"name\",\"op\":\"eq\",\"value\":\"a\"},{\"column\":\"name\",\"op\":\"resembles\"}]}}"));
        assertEquals("filter.conditions[1].op", unknownOp.errors().getFirst().field());

        InvalidQueryException misspelt = assertThrows(InvalidQueryException.class, () -> QueryJson.parse(
                "{\"filter\":{\"condtions\":[]}}"));
        assertEquals("filter.condtions", misspelt.errors().getFirst().field());
    }

    @Test
    void theJsonFormRoundTrips() {
        String json = """
                {"filter":{"conjunction":"or","conditions":[{"column":"price","op":"between","value":[1,2.5]},\
                {"conjunction":"and","conditions":[{"column":"tags","op":"has_any_of","value":["red"]},{"column":"name","op":"is_empty"}]}]},\
                "search":"acme","sorts":[{"column":"due","direction":"desc","nulls":"first"}],\
                "groupBy":[{"column":"status","direction":"asc"}],"summaries":[{"column":"price","function":"avg"}],\
                "timeZone":"Europe/Paris"}""";
        Query query = QueryJson.parse(json);
        assertEquals(json, QueryJson.write(query));
        assertEquals(query, QueryJson.parse(QueryJson.write(query)));
        assertTrue(QueryValidator.errors(query, TestPanel.schema()).isEmpty());
    }

    @Test
    void aBrokenFormulaColumnIsAnErrorNotACrash() {
        var schema = new io.panels.query.schema.TableSchema("pg_temp", "t", "id", io.panels.query.schema.IdType.UUID, List.of(
                io.panels.query.schema.ColumnSchema.formula("f", "Broken", "{gone} * 2", io.panels.formula.types.Type.NUMBER)));
        assertEquals(List.of("sorts[0].column: the formula of column 'Broken' has an error: Unknown column {gone}"),
                QueryValidator.errors(Query.all().withSorts(List.of(Sort.asc("f"))), schema).stream().map(QueryError::toString).toList());
    }
}
