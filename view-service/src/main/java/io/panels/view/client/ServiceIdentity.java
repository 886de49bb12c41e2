package io.panels.view.client;

import io.panels.common.problem.ProblemException;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicReference;

/**
 * view-service's own token (Keycloak client credentials of {@code panels-view-service}), for the
 * one call no user's token can make: rendering a public share link. data-service lets it read,
 * as a viewer, in the tenant named by {@code X-Panels-Tenant} because it lists this client in
 * {@code panels.tenancy.trusted-services} (docs/adr/0023). The token is reused until it nears expiry.
 */
@ApplicationScoped
public class ServiceIdentity {

    private final OidcClient client;
    private final AtomicReference<Tokens> current = new AtomicReference<>();

    public ServiceIdentity(OidcClient client) {
        this.client = client;
    }

    /** {@code Bearer <token>}. */
    public Uni<String> authorization() {
        Tokens tokens = current.get();
        if (tokens != null && !tokens.isAccessTokenExpired() && !tokens.isAccessTokenWithinRefreshInterval()) {
            return Uni.createFrom().item("Bearer " + tokens.getAccessToken());
        }
        return client.getTokens().invoke(current::set).map(fresh -> "Bearer " + fresh.getAccessToken())
                .onFailure().transform(failure -> new ProblemException(503, "service-unavailable", "Service unavailable",
                        "The shared view cannot be read right now; retrying later is safe."));
    }
}
