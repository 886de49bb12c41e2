package io.panels.formula.parse;

import io.panels.formula.FormulaException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Turns formula text into an {@link Expr} tree, or a {@link FormulaException} with a position. */
public final class FormulaSyntax {

    private FormulaSyntax() {}

    public static Expr parse(String text) {
        return parse(text, Limits.DEFAULT);
    }

    public static Expr parse(String text, Limits limits) {
        if (text == null || text.isBlank()) {
            throw new FormulaException("The formula is empty", 0, 0);
        }
        if (text.length() > limits.maxLength()) {
            throw new FormulaException("The formula is longer than " + limits.maxLength() + " characters",
                    limits.maxLength(), text.length());
        }
        List<Token> tokens = tokens(text);
        checkTokens(tokens, text, limits);

        FormulaLexer lexer = new FormulaLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        FormulaParser parser = new FormulaParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(new FirstErrorThrows(text));
        FormulaParser.FormulaContext tree = parser.formula();

        Expr expr = new AstBuilder().visit(tree.expr());
        int[] nodes = {0};
        checkShape(expr, 1, limits, nodes);
        return expr;
    }

    /** The references of a formula with their spans, in order: what renames rewrite. */
    public static List<ColumnToken> columnReferences(String text) {
        List<ColumnToken> refs = new ArrayList<>();
        for (Token token : tokens(text)) {
            if (token.getType() == FormulaLexer.COLUMN) {
                refs.add(new ColumnToken(unescapeColumn(token.getText()),
                        new Span(token.getStartIndex(), token.getStopIndex() + 1)));
            }
        }
        return refs;
    }

    /** A column reference as it appears in the text. */
    public record ColumnToken(String name, Span span) {}

    /** Writes a reference to the named column, escaping what must be escaped. */
    public static String columnReference(String name) {
        return "{" + name.replace("\\", "\\\\").replace("}", "\\}") + "}";
    }

    private static List<Token> tokens(String text) {
        FormulaLexer lexer = new FormulaLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        List<Token> tokens = new ArrayList<>();
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            tokens.add(t);
        }
        return tokens;
    }

    /** Rejects what would nest deeper than the limits before the recursive parser sees it. */
    private static void checkTokens(List<Token> tokens, String text, Limits limits) {
        if (tokens.size() > limits.maxTokens()) {
            throw new FormulaException("The formula has more than " + limits.maxTokens() + " parts",
                    tokens.get(limits.maxTokens()).getStartIndex(), text.length());
        }
        int depth = 0;
        int prefixRun = 0;
        boolean operandExpected = true;
        for (Token t : tokens) {
            int type = t.getType();
            if (type == FormulaLexer.UNKNOWN) {
                throw unknownCharacter(t);
            }
            if (type == FormulaLexer.LPAREN) {
                depth++;
                if (depth > limits.maxDepth()) {
                    throw new FormulaException("The formula is nested deeper than " + limits.maxDepth() + " levels",
                            t.getStartIndex(), t.getStopIndex() + 1);
                }
            } else if (type == FormulaLexer.RPAREN) {
                depth--;
            }
            boolean prefix = operandExpected && (type == FormulaLexer.MINUS || type == FormulaLexer.PLUS);
            prefixRun = prefix ? prefixRun + 1 : 0;
            if (prefixRun > limits.maxDepth()) {
                throw new FormulaException("Too many signs in a row", t.getStartIndex(), t.getStopIndex() + 1);
            }
            operandExpected = switch (type) {
                case FormulaLexer.NUMBER, FormulaLexer.STRING, FormulaLexer.COLUMN, FormulaLexer.RPAREN,
                     FormulaLexer.TRUE, FormulaLexer.FALSE, FormulaLexer.IDENT -> false;
                default -> true;
            };
        }
    }

    private static void checkShape(Expr expr, int depth, Limits limits, int[] nodes) {
        if (depth > limits.maxDepth()) {
            throw new FormulaException("The formula is nested deeper than " + limits.maxDepth() + " levels",
                    expr.span().start(), expr.span().end());
        }
        if (++nodes[0] > limits.maxNodes()) {
            throw new FormulaException("The formula has more than " + limits.maxNodes() + " parts",
                    expr.span().start(), expr.span().end());
        }
        if (expr instanceof Expr.Call call) {
            for (Expr arg : call.args()) {
                checkShape(arg, depth + 1, limits, nodes);
            }
        }
    }

    private static FormulaException unknownCharacter(Token t) {
        String c = t.getText();
        String message = switch (c) {
            case "\"", "'" -> "Text is not closed: add the closing " + c;
            case "{" -> "Column reference is not closed: add the closing }";
            default -> "Unexpected character '" + c + "'";
        };
        return new FormulaException(message, t.getStartIndex(), t.getStopIndex() + 1);
    }

    private static final class FirstErrorThrows extends BaseErrorListener {
        private final String text;

        FirstErrorThrows(String text) {
            this.text = text;
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int column,
                                String msg, RecognitionException e) {
            if (offendingSymbol instanceof Token t) {
                if (t.getType() == Token.EOF) {
                    throw new FormulaException("The formula ends too early", text.length(), text.length());
                }
                if (t.getType() == FormulaLexer.UNKNOWN) {
                    throw unknownCharacter(t);
                }
                throw new FormulaException("Unexpected '" + t.getText() + "'", t.getStartIndex(), t.getStopIndex() + 1);
            }
            throw new FormulaException("The formula cannot be read", 0, text.length());
        }
    }

    private static final class AstBuilder extends FormulaBaseVisitor<Expr> {

        @Override
        public Expr visitBinary(FormulaParser.BinaryContext ctx) {
            Expr left = visit(ctx.left);
            Expr right = visit(ctx.right);
            String op = switch (ctx.op.getType()) {
                case FormulaLexer.EQ -> "=";
                case FormulaLexer.NEQ -> "!=";
                default -> ctx.op.getText();
            };
            return new Expr.Call(op, List.of(left, right), span(ctx.op), Span.covering(left.span(), right.span()), true);
        }

        @Override
        public Expr visitUnary(FormulaParser.UnaryContext ctx) {
            Expr operand = visit(ctx.operand);
            Span opSpan = span(ctx.op);
            if (ctx.op.getType() == FormulaLexer.PLUS) {
                return new Expr.Call("u+", List.of(operand), opSpan, Span.covering(opSpan, operand.span()), true);
            }
            return new Expr.Call("u-", List.of(operand), opSpan, Span.covering(opSpan, operand.span()), true);
        }

        @Override
        public Expr visitCall(FormulaParser.CallContext ctx) {
            List<Expr> args = new ArrayList<>();
            for (FormulaParser.ExprContext arg : ctx.expr()) {
                args.add(visit(arg));
            }
            return new Expr.Call(ctx.name.getText(), args, span(ctx.name),
                    new Span(ctx.start.getStartIndex(), ctx.stop.getStopIndex() + 1), false);
        }

        @Override
        public Expr visitBool(FormulaParser.BoolContext ctx) {
            return new Expr.BooleanLiteral(ctx.value.getType() == FormulaLexer.TRUE,
                    new Span(ctx.start.getStartIndex(), ctx.stop.getStopIndex() + 1));
        }

        @Override
        public Expr visitNumber(FormulaParser.NumberContext ctx) {
            return new Expr.NumberLiteral(new BigDecimal(ctx.NUMBER().getText()), span(ctx.NUMBER()));
        }

        @Override
        public Expr visitText(FormulaParser.TextContext ctx) {
            String raw = ctx.STRING().getText();
            return new Expr.TextLiteral(unescape(raw.substring(1, raw.length() - 1)), span(ctx.STRING()));
        }

        @Override
        public Expr visitColumn(FormulaParser.ColumnContext ctx) {
            return new Expr.ColumnRef(unescapeColumn(ctx.COLUMN().getText()), span(ctx.COLUMN()));
        }

        @Override
        public Expr visitParens(FormulaParser.ParensContext ctx) {
            return visit(ctx.expr());
        }

        private static Span span(TerminalNode node) {
            return span(node.getSymbol());
        }

        private static Span span(Token token) {
            return new Span(token.getStartIndex(), token.getStopIndex() + 1);
        }
    }

    private static String unescapeColumn(String token) {
        return unescape(token.substring(1, token.length() - 1)).strip();
    }

    private static String unescape(String body) {
        if (body.indexOf('\\') < 0) {
            return body;
        }
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char next = body.charAt(++i);
                out.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
