package io.panels.query.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * A statement that counts the rows of a query, exactly or as PostgreSQL estimates them. Large
 * panels do not pay for exact counts unless asked: an estimate reads the planner's statistics
 * (milliseconds at any size), an exact count reads every matching row.
 *
 * @param kind how to read the single row the statement returns
 */
public record CountSql(SqlFragment statement, Kind kind) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Kind {
        /** One bigint: the count. */
        EXACT,
        /**
         * One bigint: the table's row count from its statistics; negative when the table was never
         * analysed, in which case count exactly (a new table is small).
         */
        TABLE_ESTIMATE,
        /** One JSON text, the plan: read it with {@link #planRows}. */
        PLAN_ESTIMATE
    }

    /** The rows the planner expects the top node of an {@code EXPLAIN (FORMAT JSON)} plan to return. */
    public static long planRows(String explainJson) {
        try {
            JsonNode plan = JSON.readTree(explainJson);
            return plan.path(0).path("Plan").path("Plan Rows").asLong(-1);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an EXPLAIN (FORMAT JSON) plan", e);
        }
    }
}
