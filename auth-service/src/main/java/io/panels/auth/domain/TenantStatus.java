package io.panels.auth.domain;

import java.util.Locale;

public enum TenantStatus {
    ACTIVE,
    SUSPENDED,
    DELETED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TenantStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
