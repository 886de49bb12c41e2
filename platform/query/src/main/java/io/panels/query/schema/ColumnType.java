package io.panels.query.schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The types of panel columns, as panel-service names them. */
public enum ColumnType {
    @JsonProperty("text") TEXT(ValueKind.TEXT),
    @JsonProperty("long_text") LONG_TEXT(ValueKind.TEXT),
    @JsonProperty("number") NUMBER(ValueKind.NUMBER),
    @JsonProperty("currency") CURRENCY(ValueKind.NUMBER),
    @JsonProperty("percent") PERCENT(ValueKind.NUMBER),
    @JsonProperty("boolean") BOOLEAN(ValueKind.BOOLEAN),
    @JsonProperty("date") DATE(ValueKind.DATE),
    @JsonProperty("datetime") DATETIME(ValueKind.DATETIME),
    /** A length of time, stored as a number of seconds. */
    @JsonProperty("duration") DURATION(ValueKind.NUMBER),
    @JsonProperty("single_select") SINGLE_SELECT(ValueKind.SINGLE_SELECT),
    @JsonProperty("multi_select") MULTI_SELECT(ValueKind.MULTI_SELECT),
    @JsonProperty("email") EMAIL(ValueKind.TEXT),
    @JsonProperty("url") URL(ValueKind.TEXT),
    @JsonProperty("phone") PHONE(ValueKind.TEXT),
    @JsonProperty("rating") RATING(ValueKind.NUMBER),
    @JsonProperty("json") JSON(ValueKind.JSON),
    /** Its kind is that of the formula's result type. */
    @JsonProperty("formula") FORMULA(null),
    @JsonProperty("created_time") CREATED_TIME(ValueKind.DATETIME),
    @JsonProperty("last_modified_time") LAST_MODIFIED_TIME(ValueKind.DATETIME),
    @JsonProperty("created_by") CREATED_BY(ValueKind.USER),
    @JsonProperty("last_modified_by") LAST_MODIFIED_BY(ValueKind.USER),
    @JsonProperty("autonumber") AUTONUMBER(ValueKind.NUMBER);

    private final ValueKind kind;

    ColumnType(ValueKind kind) {
        this.kind = kind;
    }

    /** The kind of values of a stored column of this type; {@code null} for formulas. */
    ValueKind storedKind() {
        return kind;
    }
}
