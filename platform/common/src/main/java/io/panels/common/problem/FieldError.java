package io.panels.common.problem;

/** One invalid input: the field (a JSON path such as {@code columns[2].name}) and what is wrong with it. */
public record FieldError(String field, String message) {
}
