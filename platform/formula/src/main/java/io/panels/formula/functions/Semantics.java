package io.panels.formula.functions;

import io.panels.formula.eval.EvalContext;
import io.panels.formula.eval.Thunk;
import io.panels.formula.sql.Fragment;
import io.panels.formula.sql.SqlCall;

/**
 * What a function computes, once for each back end, side by side so that they are written and
 * reviewed together.
 */
public sealed interface Semantics {

    /**
     * Most functions: any error argument makes the result that error, any blank argument (after
     * {@link Param#blankAs}) makes it blank; otherwise {@code eval} computes it from values that are
     * never null. {@code sql} gets the arguments' SQL; {@code errorWhen}, if not null, is a SQL
     * condition on non-null arguments under which {@code eval} returns an error value.
     */
    record Strict(StrictEval eval, StrictSql sql, StrictSql errorWhen) implements Semantics {}

    /** Functions that decide themselves what blanks and errors do (IF, AND, ISERROR, CONCAT...). */
    record Special(SpecialEval eval, SpecialSql sql) implements Semantics {}

    @FunctionalInterface
    interface StrictEval {
        Object apply(Object[] args, EvalContext ctx);
    }

    @FunctionalInterface
    interface StrictSql {
        String sql(SqlCall call);
    }

    @FunctionalInterface
    interface SpecialEval {
        Object apply(Thunk[] args, EvalContext ctx);
    }

    @FunctionalInterface
    interface SpecialSql {
        Fragment sql(SqlCall call);
    }
}
