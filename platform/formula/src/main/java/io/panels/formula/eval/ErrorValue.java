package io.panels.formula.eval;

/**
 * The value of a formula whose computation failed (division by zero, a text that is not a number...).
 * It passes through every function except ISERROR and IFERROR; a column shows it as blank.
 */
public record ErrorValue(String message) {}
