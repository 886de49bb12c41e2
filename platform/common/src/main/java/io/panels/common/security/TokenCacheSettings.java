package io.panels.common.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The verified-token cache (docs/adr/0050); the defaults hold for every service and the gateway. */
@ConfigMapping(prefix = "panels.security.token-cache")
public interface TokenCacheSettings {

    /** Off: every request verifies its token in full (ADR 0050, second amendment: on by default again). */
    @WithDefault("true")
    boolean enabled();

    /** An entry is dropped after this long even if its token is still valid (bounds revocation lag). */
    @WithDefault("PT5M")
    Duration maxAge();

    /** The most tokens kept; the oldest entry makes room for a new one. */
    @WithDefault("10000")
    int maxSize();
}
