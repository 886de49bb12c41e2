package io.panels.formula;

/**
 * A problem in a formula, ready to show to the person who wrote it: what is wrong and where,
 * as character offsets into the formula text ({@code start} inclusive, {@code end} exclusive).
 */
public record FormulaError(String message, int start, int end) {

    public FormulaError {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span " + start + ".." + end);
        }
    }

    @Override
    public String toString() {
        return message + " (at " + start + ".." + end + ")";
    }
}
