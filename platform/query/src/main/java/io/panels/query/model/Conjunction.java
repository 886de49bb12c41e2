package io.panels.query.model;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum Conjunction {
    @JsonProperty("and") AND,
    @JsonProperty("or") OR
}
