package io.panels.query.schema;

/**
 * An option of a select column.
 *
 * @param id   the stable id that rows store and filters name
 * @param name what people see
 */
public record SelectOption(String id, String name) {
}
