package io.panels.formula.parse;

/**
 * How big a formula may be. A formula is evaluated for every row and compiled into SQL that
 * PostgreSQL plans for every query, so the limits keep both bounded; they also keep the
 * recursive parser and compilers far from the bottom of the stack.
 */
public record Limits(int maxLength, int maxTokens, int maxDepth, int maxNodes) {

    public static final Limits DEFAULT = new Limits(4_000, 1_000, 32, 400);
}
