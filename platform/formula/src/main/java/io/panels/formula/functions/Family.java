package io.panels.formula.functions;

/** How the reference documentation groups the functions. */
public enum Family {
    LOGIC("Logic"),
    NUMBER("Numbers"),
    TEXT("Text"),
    DATE("Dates and times"),
    CONVERSION("Conversions"),
    OPERATOR("Operators");

    private final String title;

    Family(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
