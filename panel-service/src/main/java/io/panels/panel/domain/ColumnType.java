package io.panels.panel.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The types a column may have. Computed types get their values from the system (formula, created
 * and modified time and user, autonumber): they take no default and cannot be required.
 */
public enum ColumnType {
    TEXT(false, true),
    LONG_TEXT(false, false),
    NUMBER(false, true),
    CURRENCY(false, true),
    PERCENT(false, true),
    BOOLEAN(false, false),
    DATE(false, true),
    DATETIME(false, true),
    DURATION(false, true),
    SINGLE_SELECT(false, false),
    MULTI_SELECT(false, false),
    EMAIL(false, true),
    URL(false, true),
    PHONE(false, true),
    RATING(false, false),
    JSON(false, false),
    FORMULA(true, false),
    CREATED_TIME(true, false),
    LAST_MODIFIED_TIME(true, false),
    CREATED_BY(true, false),
    LAST_MODIFIED_BY(true, false),
    AUTONUMBER(true, false);

    /** The types whose settings carry a precision. */
    public static final Set<ColumnType> NUMERIC = Set.of(NUMBER, CURRENCY, PERCENT);

    private final boolean computed;
    private final boolean uniqueAllowed;

    ColumnType(boolean computed, boolean uniqueAllowed) {
        this.computed = computed;
        this.uniqueAllowed = uniqueAllowed;
    }

    /** The name in the API and in events: {@code long_text}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean computed() {
        return computed;
    }

    /** Whether a uniqueness constraint means something for values of this type. */
    public boolean uniqueAllowed() {
        return uniqueAllowed;
    }

    public boolean isSelect() {
        return this == SINGLE_SELECT || this == MULTI_SELECT;
    }

    public static Optional<ColumnType> fromWire(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName().equals(name)).findFirst();
    }
}
