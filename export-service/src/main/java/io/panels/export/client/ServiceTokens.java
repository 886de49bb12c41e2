package io.panels.export.client;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * export-service's own access token (client credentials of {@code panels-export-service}, ADR 0023),
 * reused until shortly before it expires. Blocking: called from the export workers only.
 */
@ApplicationScoped
public class ServiceTokens {

    private static final Duration EARLY = Duration.ofSeconds(30);

    private final OidcClient client;
    private Tokens current;

    public ServiceTokens(OidcClient client) {
        this.client = client;
    }

    public synchronized String accessToken() {
        if (current == null || expiresSoon(current)) {
            current = client.getTokens().await().atMost(Duration.ofSeconds(30));
        }
        return current.getAccessToken();
    }

    /** Forgets the token after data-service refused it (a Keycloak restart revokes sessions). */
    public synchronized void invalidate() {
        current = null;
    }

    private static boolean expiresSoon(Tokens tokens) {
        Long expiresAt = tokens.getAccessTokenExpiresAt();
        return expiresAt != null && Instant.ofEpochSecond(expiresAt).minus(EARLY).isBefore(Instant.now());
    }
}
