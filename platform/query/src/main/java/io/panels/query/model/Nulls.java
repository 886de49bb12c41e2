package io.panels.query.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where blank values go in a sort, whatever its direction. */
public enum Nulls {
    @JsonProperty("first") FIRST,
    @JsonProperty("last") LAST
}
