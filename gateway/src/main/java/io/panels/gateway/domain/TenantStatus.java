package io.panels.gateway.domain;

import java.util.Locale;

/** What the gateway knows of a tenant from the tenant.* events; unknown tenants are active. */
public enum TenantStatus {
    ACTIVE,
    SUSPENDED,
    DELETED;

    public String stored() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TenantStatus fromStored(String value) {
        for (TenantStatus status : values()) {
            if (status.stored().equals(value)) {
                return status;
            }
        }
        return ACTIVE;
    }
}
