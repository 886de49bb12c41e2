package io.panels.panel.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** panel-service's settings; defaults in application.properties, each overridable by environment variable. */
@ConfigMapping(prefix = "panels.panel")
public interface PanelSettings {

    /** Panels a tenant may hold until a tenant event tells us its plan's limit. */
    @WithDefault("100")
    int defaultMaxPanels();

    @WithDefault("500")
    int maxColumnsPerPanel();

    /** How long a cached panel schema may live in Redis (writes and events evict it sooner). */
    @WithDefault("PT10M")
    Duration schemaCacheTtl();

    /** How long cached pages of a tenant's panel list may live in Redis (writes make them unreadable sooner). */
    @WithDefault("PT1M")
    Duration listCacheTtl();
}
