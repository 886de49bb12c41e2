package io.panels.data.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** data-service settings; each can be overridden by an environment variable (PANELS_DATA_...). */
@ConfigMapping(prefix = "panels.data")
public interface DataSettings {

    /** Key of the HMAC that signs pagination cursors: at least 32 bytes, the same in every replica. */
    String cursorSecret();

    /** The zone of a panel's dates and formulas when its events name none (panel.created carries no zone yet). */
    @WithDefault("UTC")
    String defaultTimeZone();

    /** Rows in one batch request, all in one transaction. */
    @WithDefault("1000")
    int maxBatchSize();

    /** Rows in a page when the caller gives no limit (the cap is 1,000). */
    @WithDefault("100")
    int defaultPageSize();
}
