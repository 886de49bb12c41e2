package io.panels.query.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Every filter operator. Which ones a column accepts depends on its type (see
 * {@link io.panels.query.validate.OperatorTable}); the JSON name is the snake_case one.
 */
public enum Operator {
    @JsonProperty("eq") EQ("eq"),
    @JsonProperty("neq") NEQ("neq"),
    @JsonProperty("contains") CONTAINS("contains"),
    @JsonProperty("not_contains") NOT_CONTAINS("not_contains"),
    @JsonProperty("starts_with") STARTS_WITH("starts_with"),
    @JsonProperty("ends_with") ENDS_WITH("ends_with"),
    @JsonProperty("in") IN("in"),
    @JsonProperty("not_in") NOT_IN("not_in"),
    @JsonProperty("lt") LT("lt"),
    @JsonProperty("lte") LTE("lte"),
    @JsonProperty("gt") GT("gt"),
    @JsonProperty("gte") GTE("gte"),
    @JsonProperty("between") BETWEEN("between"),
    @JsonProperty("is_true") IS_TRUE("is_true"),
    @JsonProperty("is_false") IS_FALSE("is_false"),
    @JsonProperty("before") BEFORE("before"),
    @JsonProperty("after") AFTER("after"),
    @JsonProperty("on_or_before") ON_OR_BEFORE("on_or_before"),
    @JsonProperty("on_or_after") ON_OR_AFTER("on_or_after"),
    @JsonProperty("within") WITHIN("within"),
    @JsonProperty("is") IS("is"),
    @JsonProperty("is_not") IS_NOT("is_not"),
    @JsonProperty("is_any_of") IS_ANY_OF("is_any_of"),
    @JsonProperty("is_none_of") IS_NONE_OF("is_none_of"),
    @JsonProperty("has_any_of") HAS_ANY_OF("has_any_of"),
    @JsonProperty("has_all_of") HAS_ALL_OF("has_all_of"),
    @JsonProperty("has_none_of") HAS_NONE_OF("has_none_of"),
    @JsonProperty("is_exactly") IS_EXACTLY("is_exactly"),
    @JsonProperty("is_empty") IS_EMPTY("is_empty"),
    @JsonProperty("is_not_empty") IS_NOT_EMPTY("is_not_empty");

    private final String jsonName;

    Operator(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
