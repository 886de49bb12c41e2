package io.panels.common.tenant;

import java.util.Locale;
import java.util.Optional;

/** A member's role inside one tenant, weakest first: each role may do everything the ones before it may. */
public enum Role {
    VIEWER,
    EDITOR,
    ADMIN,
    OWNER;

    public boolean atLeast(Role required) {
        return compareTo(required) >= 0;
    }

    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromClaim(String value) {
        for (Role role : values()) {
            if (role.claimValue().equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
