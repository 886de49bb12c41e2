package io.panels.formula.functions;

import io.panels.formula.eval.ErrorValue;
import java.math.BigDecimal;
import java.util.Objects;

/** A small builder that keeps each function's definition readable in the family classes. */
final class Def {

    private final String name;
    private final Family family;
    private String usage;
    private String description;
    private TypeRule typing;
    private Semantics semantics;
    private boolean immutable = true;
    private String example;
    private String result;

    private Def(String name, Family family) {
        this.name = name;
        this.family = family;
    }

    static Def fn(String name, Family family) {
        return new Def(name, family);
    }

    Def doc(String usage, String description) {
        this.usage = usage;
        this.description = description;
        return this;
    }

    Def typing(TypeRule typing) {
        this.typing = typing;
        return this;
    }

    Def strict(Semantics.StrictEval eval, Semantics.StrictSql sql) {
        return strict(eval, sql, null);
    }

    Def strict(Semantics.StrictEval eval, Semantics.StrictSql sql, Semantics.StrictSql errorWhen) {
        this.semantics = new Semantics.Strict(eval, sql, errorWhen);
        return this;
    }

    Def special(Semantics.SpecialEval eval, Semantics.SpecialSql sql) {
        this.semantics = new Semantics.Special(eval, sql);
        return this;
    }

    Def volatileValue() {
        this.immutable = false;
        return this;
    }

    FunctionDef example(String example, String result) {
        this.example = example;
        this.result = result;
        return new FunctionDef(name, family, Objects.requireNonNull(usage), description, Objects.requireNonNull(typing),
                Objects.requireNonNull(semantics), immutable, example, result);
    }

    static BigDecimal num(Object[] args, int i) {
        return (BigDecimal) args[i];
    }

    static String str(Object[] args, int i) {
        return (String) args[i];
    }

    static ErrorValue error(String message) {
        return new ErrorValue(message);
    }
}
