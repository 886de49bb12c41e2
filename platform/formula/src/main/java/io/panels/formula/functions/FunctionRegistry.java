package io.panels.formula.functions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Every function and operator of the language, by name (function names ignore case). */
public final class FunctionRegistry {

    private static final Map<String, FunctionDef> FUNCTIONS = new LinkedHashMap<>();
    private static final Map<String, FunctionDef> OPERATORS = new LinkedHashMap<>();

    static {
        List<FunctionDef> all = new ArrayList<>();
        all.addAll(LogicFunctions.all());
        all.addAll(NumberFunctions.all());
        all.addAll(TextFunctions.all());
        all.addAll(DateFunctions.all());
        all.addAll(ConversionFunctions.all());
        for (FunctionDef def : all) {
            if (FUNCTIONS.put(def.name(), def) != null) {
                throw new IllegalStateException("two functions are called " + def.name());
            }
        }
        for (FunctionDef def : Operators.all()) {
            OPERATORS.put(def.name(), def);
        }
    }

    private FunctionRegistry() {}

    public static Optional<FunctionDef> function(String name) {
        return Optional.ofNullable(FUNCTIONS.get(name.toUpperCase(Locale.ROOT)));
    }

    public static FunctionDef operator(String symbol) {
        FunctionDef def = OPERATORS.get(symbol);
        if (def == null) {
            throw new IllegalArgumentException("no operator " + symbol);
        }
        return def;
    }

    /** The functions in documentation order. */
    public static List<FunctionDef> functions() {
        return Collections.unmodifiableList(new ArrayList<>(FUNCTIONS.values()));
    }

    public static List<FunctionDef> operators() {
        return Collections.unmodifiableList(new ArrayList<>(OPERATORS.values()));
    }
}
