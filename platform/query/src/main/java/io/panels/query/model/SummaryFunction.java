package io.panels.query.model;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum SummaryFunction {
    /** Rows in the result (or group), blank or not. */
    @JsonProperty("count") COUNT("count"),
    @JsonProperty("sum") SUM("sum"),
    @JsonProperty("avg") AVG("avg"),
    @JsonProperty("min") MIN("min"),
    @JsonProperty("max") MAX("max"),
    /** Rows whose value is not blank. */
    @JsonProperty("filled") FILLED("filled"),
    /** Rows whose value is blank. */
    @JsonProperty("empty") EMPTY("empty"),
    /** Distinct non-blank values. */
    @JsonProperty("unique") UNIQUE("unique"),
    /** Filled rows as a percentage of the rows, two decimals; blank when there are no rows. */
    @JsonProperty("percent_filled") PERCENT_FILLED("percent_filled");

    private final String jsonName;

    SummaryFunction(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
