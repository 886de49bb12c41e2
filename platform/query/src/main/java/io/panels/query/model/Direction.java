package io.panels.query.model;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum Direction {
    @JsonProperty("asc") ASC,
    @JsonProperty("desc") DESC
}
