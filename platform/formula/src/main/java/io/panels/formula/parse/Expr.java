package io.panels.formula.parse;

import java.math.BigDecimal;
import java.util.List;

/** The syntax tree of a formula, as written: nothing is resolved or typed yet. */
public sealed interface Expr {

    Span span();

    record NumberLiteral(BigDecimal value, Span span) implements Expr {}

    record TextLiteral(String value, Span span) implements Expr {}

    record BooleanLiteral(boolean value, Span span) implements Expr {}

    /** {@code {Column name}}: {@code name} is the reference with its escapes removed. */
    record ColumnRef(String name, Span span) implements Expr {}

    /** An operator ({@code +}, {@code &}, {@code <=}, a leading {@code -}) or a function call. */
    record Call(String name, List<Expr> args, Span nameSpan, Span span, boolean operator) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }
}
