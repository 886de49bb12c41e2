package io.panels.formula.sql;

/**
 * A compiled expression: {@code value} is its SQL value (NULL for blank); {@code error}, when not
 * null, is a SQL boolean that is true exactly when the evaluator would produce an error value. When
 * {@code error} is true, {@code value} is meaningless, never an exception.
 */
public record Fragment(String value, String error) {

    public static Fragment of(String value) {
        return new Fragment(value, null);
    }
}
