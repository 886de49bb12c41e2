package io.panels.formula.functions;

import io.panels.formula.parse.Span;

/** Where a call is written, for error messages. */
public record CallSite(String name, Span nameSpan, Span span) {}
