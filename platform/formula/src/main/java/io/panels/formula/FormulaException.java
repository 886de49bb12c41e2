package io.panels.formula;

/** Thrown when a formula cannot be parsed or type-checked; carries the {@link FormulaError}. */
public final class FormulaException extends RuntimeException {

    private final transient FormulaError error;

    public FormulaException(String message, int start, int end) {
        this(new FormulaError(message, start, end));
    }

    public FormulaException(FormulaError error) {
        super(error.toString());
        this.error = error;
    }

    public FormulaError error() {
        return error;
    }
}
