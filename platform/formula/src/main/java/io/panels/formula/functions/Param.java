package io.panels.formula.functions;

import io.panels.formula.types.Type;
import java.util.EnumSet;
import java.util.Set;

/**
 * One parameter of a function: the types it accepts, whether it may be left out or repeated,
 * whether it must be written as a literal (a date format, a unit, a pattern), and the value that
 * stands in for a blank argument (for example an empty replacement text), if any.
 */
public record Param(Set<Type> types, boolean isOptional, boolean isRepeated, boolean mustBeLiteral, Object blankAs) {

    public static final Set<Type> ANY = EnumSet.of(Type.NUMBER, Type.TEXT, Type.BOOLEAN, Type.DATE, Type.DATETIME);

    public static Param of(Type first, Type... rest) {
        return new Param(EnumSet.of(first, rest), false, false, false, null);
    }

    public static Param any() {
        return new Param(ANY, false, false, false, null);
    }

    public Param optional() {
        return new Param(types, true, isRepeated, mustBeLiteral, blankAs);
    }

    public Param repeated() {
        return new Param(types, isOptional, true, mustBeLiteral, blankAs);
    }

    public Param literal() {
        return new Param(types, isOptional, isRepeated, true, blankAs);
    }

    public Param blankAs(Object value) {
        return new Param(types, isOptional, isRepeated, mustBeLiteral, value);
    }

    String describe() {
        if (types.equals(ANY)) {
            return "any value";
        }
        StringBuilder out = new StringBuilder();
        for (Type t : types) {
            out.append(out.isEmpty() ? "" : " or ").append(t.displayName());
        }
        return out.toString();
    }
}
