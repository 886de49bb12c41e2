package io.panels.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Every setting of auth-service; each one can be set by environment variable (PANELS_AUTH_...). */
@ConfigMapping(prefix = "panels.auth")
public interface AuthSettings {

    Keycloak keycloak();

    Signup signup();

    Invitations invitations();

    Provisioning provisioning();

    Audit audit();

    interface Keycloak {
        /** Base URL of Keycloak (no realm). */
        @WithDefault("http://127.0.0.1:8180")
        String url();

        @WithDefault("panels")
        String realm();

        /** Confidential client whose service account holds realm-management roles. */
        @WithDefault("panels-auth-service")
        String clientId();

        String clientSecret();

        /** Prefix of the Keycloak client ids made for integrations. */
        @WithDefault("integration-")
        String integrationClientPrefix();
    }

    interface Signup {
        /** Self-service sign-up at POST /api/v1/public/signup; off unless switched on. */
        @WithDefault("false")
        boolean enabled();

        @WithDefault("free")
        String plan();

        @WithDefault("20")
        int maxPanels();

        @WithDefault("100000")
        long maxRowsPerPanel();

        @WithDefault("600")
        int maxRequestsPerMinute();
    }

    interface Invitations {
        @WithDefault("P7D")
        Duration ttl();

        /** The link handed out with each invitation; the token is appended. */
        @WithDefault("http://127.0.0.1:8080/invitations/accept?token=")
        String acceptUrl();
    }

    interface Provisioning {
        /** How often unfinished tenant creations are resumed. */
        @WithDefault("30s")
        String retryEvery();

        /** An unfinished creation older than this is retried by the background job. */
        @WithDefault("PT20S")
        Duration retryAfter();

        /** After this many attempts an unfinished creation is undone instead of retried. */
        @WithDefault("20")
        int maxAttempts();
    }

    interface Audit {
        /** Entries older than this are dropped, a whole month partition at a time. */
        @WithDefault("P400D")
        Duration retention();

        /** Monthly partitions made ahead of time. */
        @WithDefault("2")
        int monthsAhead();

        @WithDefault("1h")
        String maintainEvery();

        /** Prefix of the Kafka consumer groups of the audit log's channels (one group per topic). */
        @WithDefault("auth-service.audit")
        String consumerGroup();
    }
}
