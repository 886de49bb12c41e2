package io.panels.formula.functions;

import static io.panels.formula.functions.Def.fn;
import static io.panels.formula.functions.Def.num;
import static io.panels.formula.functions.Def.str;
import static io.panels.formula.functions.Family.TEXT;

import io.panels.formula.FormulaException;
import io.panels.formula.eval.ErrorValue;
import io.panels.formula.eval.EvalContext;
import io.panels.formula.eval.Thunk;
import io.panels.formula.sql.Fragment;
import io.panels.formula.sql.SqlCall;
import io.panels.formula.types.Node;
import io.panels.formula.types.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

final class TextFunctions {

    private static final Param T = Param.of(Type.TEXT);
    private static final Param N = Param.of(Type.NUMBER);
    private static final int MAX_COUNT = 10_000_000;
    private static final int MAX_REPEAT = 10_000;

    private TextFunctions() {}

    static List<FunctionDef> all() {
        return List.of(
                fn("CONCAT", TEXT).doc("CONCAT(value, ...)", "The values joined as text; blanks count as empty text.")
                        .typing(Signature.of(Type.TEXT, Param.any().repeated()))
                        .special(TextFunctions::concat, TextFunctions::concatSql)
                        .example("CONCAT(\"A\", 1, TRUE)", "A1true"),
                fn("LEN", TEXT).doc("LEN(text)", "The number of characters.")
                        .typing(Signature.of(Type.NUMBER, T))
                        .strict((a, ctx) -> Numeric.of(Texts.length(str(a, 0))), c -> "CAST(length(" + c.arg(0) + ") AS numeric)")
                        .example("LEN(\"héllo\")", "5"),
                fn("LOWER", TEXT).doc("LOWER(text)", "The text in lower case.")
                        .typing(Signature.of(Type.TEXT, T))
                        .strict((a, ctx) -> Texts.lower(str(a, 0)), c -> "lower(" + c.arg(0) + ")")
                        .example("LOWER(\"ÉtÉ\")", "été"),
                fn("UPPER", TEXT).doc("UPPER(text)", "The text in upper case.")
                        .typing(Signature.of(Type.TEXT, T))
                        .strict((a, ctx) -> Texts.upper(str(a, 0)), c -> "upper(" + c.arg(0) + ")")
                        .example("UPPER(\"abc\")", "ABC"),
                fn("TRIM", TEXT).doc("TRIM(text)", "The text without spaces at either end.")
                        .typing(Signature.of(Type.TEXT, T))
                        .strict((a, ctx) -> Texts.trimSpaces(str(a, 0)), c -> "btrim(" + c.arg(0) + ", ' ')")
                        .example("TRIM(\"  a b  \")", "a b"),
                fn("LEFT", TEXT).doc("LEFT(text, [count])", "The first characters (1 when left out).")
                        .typing(Signature.of(Type.TEXT, T, N.optional()))
                        .strict((a, ctx) -> Texts.left(str(a, 0), count(a, 1, 0, MAX_COUNT)),
                                c -> "left(" + c.arg(0) + ", " + countSql(c, 1, 0, MAX_COUNT) + ")")
                        .example("LEFT(\"Panels\", 3)", "Pan"),
                fn("RIGHT", TEXT).doc("RIGHT(text, [count])", "The last characters (1 when left out).")
                        .typing(Signature.of(Type.TEXT, T, N.optional()))
                        .strict((a, ctx) -> Texts.right(str(a, 0), count(a, 1, 0, MAX_COUNT)),
                                c -> "right(" + c.arg(0) + ", " + countSql(c, 1, 0, MAX_COUNT) + ")")
                        .example("RIGHT(\"Panels\", 2)", "ls"),
                fn("MID", TEXT).doc("MID(text, start, count)", "The characters from position start (1 is the first), count of them.")
                        .typing(Signature.of(Type.TEXT, T, N, N))
                        .strict((a, ctx) -> Texts.substr(str(a, 0), Numeric.clamp(num(a, 1), 1, MAX_COUNT), Numeric.clamp(num(a, 2), 0, MAX_COUNT)),
                                c -> "substr(" + c.arg(0) + ", " + Numeric.clampSql(c.arg(1), 1, MAX_COUNT) + ", "
                                        + Numeric.clampSql(c.arg(2), 0, MAX_COUNT) + ")")
                        .example("MID(\"formula\", 2, 3)", "orm"),
                find("FIND", false).example("FIND(\"l\", \"hello\")", "3"),
                find("SEARCH", true).example("SEARCH(\"L\", \"hello\", 4)", "4"),
                fn("SUBSTITUTE", TEXT).doc("SUBSTITUTE(text, old, new)", "The text with every occurrence of old replaced by new.")
                        .typing(Signature.of(Type.TEXT, T, T.blankAs(""), T.blankAs("")))
                        .strict((a, ctx) -> Texts.replaceAll(str(a, 0), str(a, 1), str(a, 2)),
                                c -> "replace(" + c.arg(0) + ", " + c.arg(1) + ", " + c.arg(2) + ")")
                        .example("SUBSTITUTE(\"a-b-c\", \"-\", \"+\")", "a+b+c"),
                fn("REPLACE", TEXT).doc("REPLACE(text, start, count, new)", "The text with count characters from position start replaced by new.")
                        .typing(Signature.of(Type.TEXT, T, N, N, T.blankAs("")))
                        .strict((a, ctx) -> {
                            String s = str(a, 0);
                            int start = Numeric.clamp(num(a, 1), 1, MAX_COUNT);
                            int count = Numeric.clamp(num(a, 2), 0, MAX_COUNT);
                            return Texts.left(s, start - 1) + str(a, 3) + Texts.substr(s, Math.min(start + count, MAX_COUNT * 2), MAX_COUNT);
                        }, c -> {
                            String start = Numeric.clampSql(c.arg(1), 1, MAX_COUNT);
                            String count = Numeric.clampSql(c.arg(2), 0, MAX_COUNT);
                            return "(left(" + c.arg(0) + ", " + start + " - 1) || " + c.arg(3) + " || substr(" + c.arg(0) + ", "
                                    + start + " + " + count + ", " + MAX_COUNT + "))";
                        })
                        .example("REPLACE(\"abcdef\", 2, 3, \"X\")", "aXef"),
                fn("REPT", TEXT).doc("REPT(text, times)", "The text repeated (at most " + MAX_REPEAT + " times).")
                        .typing(Signature.of(Type.TEXT, T, N))
                        .strict((a, ctx) -> str(a, 0).repeat(Numeric.clamp(num(a, 1), 0, MAX_REPEAT)),
                                c -> "repeat(" + c.arg(0) + ", " + Numeric.clampSql(c.arg(1), 0, MAX_REPEAT) + ")")
                        .example("REPT(\"ab\", 3)", "ababab"),
                fn("T", TEXT).doc("T(value)", "The value when it is text, else blank.")
                        .typing(Signature.of(Type.TEXT, Param.any()))
                        .special((args, ctx) -> {
                            Object v = args[0].get();
                            return v instanceof String || v instanceof ErrorValue ? v : null;
                        }, c -> new Fragment(c.type(0) == Type.TEXT ? c.fragment(0).value() : "CAST(NULL AS text)", c.fragment(0).error()))
                        .example("T(42)", "(blank)"),
                fn("REGEX_MATCH", TEXT).doc("REGEX_MATCH(text, pattern)", "True when the pattern matches somewhere in the text.")
                        .typing(Signature.of(Type.BOOLEAN, T, T.literal()).check(pattern(false)))
                        .strict((a, ctx) -> regex(a, false).java().matcher(str(a, 0)).find(),
                                c -> "(" + c.arg(0) + " ~ " + c.text(regex(c, false).sql()) + ")")
                        .example("REGEX_MATCH(\"order-42\", \"\\\\d+$\")", "true"),
                fn("REGEX_EXTRACT", TEXT).doc("REGEX_EXTRACT(text, pattern)", "The first part of the text that the pattern matches, else blank.")
                        .typing(Signature.of(Type.TEXT, T, T.literal()).check(pattern(true)))
                        .strict((a, ctx) -> {
                            Matcher m = regex(a, true).java().matcher(str(a, 0));
                            return m.find() ? m.group() : null;
                        }, c -> "substring(" + c.arg(0) + " FROM " + c.text(regex(c, true).sql()) + ")")
                        .example("REGEX_EXTRACT(\"order-42\", \"[0-9]+\")", "42"),
                fn("REGEX_REPLACE", TEXT).doc("REGEX_REPLACE(text, pattern, replacement)",
                                "The text with every match of the pattern replaced by the replacement, taken literally.")
                        .typing(Signature.of(Type.TEXT, T, T.literal(), T.blankAs("")).check(pattern(true)))
                        .strict((a, ctx) -> regex(a, true).java().matcher(str(a, 0)).replaceAll(Matcher.quoteReplacement(str(a, 2))),
                                c -> "regexp_replace(" + c.arg(0) + ", " + c.text(regex(c, true).sql()) + ", replace("
                                        + c.arg(2) + ", " + c.text("\\") + ", " + c.text("\\\\") + "), " + c.text("g") + ")")
                        .example("REGEX_REPLACE(\"a1b22\", \"[0-9]+\", \"#\")", "a#b#"));
    }

    private static Def find(String name, boolean ignoreCase) {
        return fn(name, TEXT).doc(name + "(needle, text, [start])", "The position of the first occurrence of the needle in the text"
                        + (ignoreCase ? ", ignoring case" : "") + ", from position start (1 when left out); 0 when absent.")
                .typing(Signature.of(Type.NUMBER, T, T, N.optional()))
                .strict((a, ctx) -> {
                    String needle = ignoreCase ? Texts.lower(str(a, 0)) : str(a, 0);
                    String haystack = ignoreCase ? Texts.lower(str(a, 1)) : str(a, 1);
                    int start = a.length > 2 ? Numeric.clamp(num(a, 2), 1, MAX_COUNT) : 1;
                    int at = Texts.strpos(Texts.substr(haystack, start, MAX_COUNT), needle);
                    return Numeric.of(at == 0 ? 0 : at + start - 1);
                }, c -> {
                    String needle = ignoreCase ? "lower(" + c.arg(0) + ")" : c.arg(0);
                    String haystack = ignoreCase ? "lower(" + c.arg(1) + ")" : c.arg(1);
                    if (c.size() == 2) {
                        return "CAST(strpos(" + haystack + ", " + needle + ") AS numeric)";
                    }
                    String start = Numeric.clampSql(c.arg(2), 1, MAX_COUNT);
                    String at = "strpos(substr(" + haystack + ", " + start + "), " + needle + ")";
                    return "CAST(CASE WHEN " + at + " = 0 THEN 0 ELSE " + at + " + " + start + " - 1 END AS numeric)";
                });
    }

    private static int count(Object[] a, int index, int lo, int hi) {
        return a.length > index ? Numeric.clamp(num(a, index), lo, hi) : 1;
    }

    private static String countSql(SqlCall c, int index, int lo, int hi) {
        return c.size() > index ? Numeric.clampSql(c.arg(index), lo, hi) : "1";
    }

    private static Regexes.Translated regex(Object[] a, boolean forExtraction) {
        return Regexes.translate(str(a, 1), forExtraction);
    }

    private static Regexes.Translated regex(SqlCall c, boolean forExtraction) {
        return Regexes.translate((String) c.literal(1), forExtraction);
    }

    private static Signature.Check pattern(boolean forExtraction) {
        return (List<Node> args, CallSite site) -> {
            Node pattern = args.get(1);
            String text = (String) ((Node.Const) pattern).value();
            if (text == null) {
                throw new FormulaException(site.name() + " needs a pattern", pattern.span().start(), pattern.span().end());
            }
            String problem = Regexes.translate(text, forExtraction).problem();
            if (problem != null) {
                throw new FormulaException("Pattern not supported: " + problem, pattern.span().start(), pattern.span().end());
            }
        };
    }

    static Object concat(Thunk[] args, EvalContext ctx) {
        StringBuilder out = new StringBuilder();
        for (Thunk arg : args) {
            Object v = arg.get();
            if (v instanceof ErrorValue) {
                return v;
            }
            if (v != null) {
                out.append(ValueText.of(v, ctx.zone()));
            }
        }
        return Texts.blankIfEmpty(out.toString());
    }

    static Fragment concatSql(SqlCall c) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            parts.add("COALESCE(" + ValueText.sql(c.fragment(i).value(), c.type(i), c) + ", '')");
        }
        return Special.withAllErrors("NULLIF(" + String.join(" || ", parts) + ", '')", c);
    }
}
