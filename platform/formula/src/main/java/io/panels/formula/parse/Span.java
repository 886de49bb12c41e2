package io.panels.formula.parse;

/** Where a piece of a formula is, as character offsets ({@code end} exclusive). */
public record Span(int start, int end) {

    public static Span covering(Span first, Span last) {
        return new Span(first.start(), last.end());
    }
}
