package io.panels.query.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The periods of {@code within}, counted in calendar days of the query's time zone. Weeks start on
 * Monday (ISO 8601). {@code last_n_days} is the {@code n} days that end with today; {@code
 * next_n_days} the {@code n} days that start with today.
 */
public enum RelativeRange {
    @JsonProperty("today") TODAY("today", false),
    @JsonProperty("yesterday") YESTERDAY("yesterday", false),
    @JsonProperty("tomorrow") TOMORROW("tomorrow", false),
    @JsonProperty("last_7_days") LAST_7_DAYS("last_7_days", false),
    @JsonProperty("last_30_days") LAST_30_DAYS("last_30_days", false),
    @JsonProperty("next_7_days") NEXT_7_DAYS("next_7_days", false),
    @JsonProperty("next_30_days") NEXT_30_DAYS("next_30_days", false),
    @JsonProperty("this_week") THIS_WEEK("this_week", false),
    @JsonProperty("last_week") LAST_WEEK("last_week", false),
    @JsonProperty("next_week") NEXT_WEEK("next_week", false),
    @JsonProperty("this_month") THIS_MONTH("this_month", false),
    @JsonProperty("last_month") LAST_MONTH("last_month", false),
    @JsonProperty("next_month") NEXT_MONTH("next_month", false),
    @JsonProperty("this_year") THIS_YEAR("this_year", false),
    @JsonProperty("last_year") LAST_YEAR("last_year", false),
    @JsonProperty("next_year") NEXT_YEAR("next_year", false),
    @JsonProperty("last_n_days") LAST_N_DAYS("last_n_days", true),
    @JsonProperty("next_n_days") NEXT_N_DAYS("next_n_days", true);

    private final String jsonName;
    private final boolean takesCount;

    RelativeRange(String jsonName, boolean takesCount) {
        this.jsonName = jsonName;
        this.takesCount = takesCount;
    }

    public String jsonName() {
        return jsonName;
    }

    /** Whether the range needs {@code n}. */
    public boolean takesCount() {
        return takesCount;
    }

    public static RelativeRange fromJson(String name) {
        for (RelativeRange range : values()) {
            if (range.jsonName.equals(name)) {
                return range;
            }
        }
        return null;
    }
}
