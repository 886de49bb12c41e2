package io.panels.view.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** view-service settings; each can be overridden by an environment variable (PANELS_VIEW_...). */
@ConfigMapping(prefix = "panels.view")
public interface ViewSettings {

    /** Views of one panel, personal ones included. */
    @WithDefault("200")
    int maxViewsPerPanel();

    /** Rows in a rendered page when neither the caller nor the view's pageSize says (the cap is 1,000). */
    @WithDefault("100")
    int defaultPageSize();

    /** Live share links of one view. */
    @WithDefault("20")
    int maxSharesPerView();

    /** PBKDF2-HMAC-SHA256 iterations for share passwords (OWASP 2023: 600,000 for SHA-256; lower costs less CPU per public request). */
    @WithDefault("210000")
    int sharePasswordIterations();
}
