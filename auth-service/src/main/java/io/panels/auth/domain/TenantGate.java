package io.panels.auth.domain;

import io.panels.auth.config.AuthSettings;
import io.panels.auth.store.IntegrationStore;
import io.panels.auth.store.TenantStore;
import io.panels.auth.store.TenantTransactions;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenantAccess;
import io.panels.common.tenant.TenantContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The check before every tenant-scoped call: the token's tenant and role (TenantContext), then
 * what only auth-service knows: the tenant exists here and is active (a suspended tenant's
 * still-valid tokens are refused at once), and an integration's client has not been revoked.
 */
@RequestScoped
public class TenantGate {

    private final TenantContext context;
    private final JsonWebToken token;
    private final TenantTransactions transactions;
    private final TenantStore tenants;
    private final IntegrationStore integrations;
    private final AuthSettings settings;

    public TenantGate(TenantContext context, JsonWebToken token, TenantTransactions transactions, TenantStore tenants,
                      IntegrationStore integrations, AuthSettings settings) {
        this.context = context;
        this.token = token;
        this.transactions = transactions;
        this.tenants = tenants;
        this.integrations = integrations;
        this.settings = settings;
    }

    public Uni<TenantAccess> require(Role role) {
        TenantAccess access = context.require(role);
        String client = token.getClaim("azp");
        boolean integration = client != null && client.startsWith(settings.keycloak().integrationClientPrefix());
        return transactions.tenant(access.tenantId(), sql -> tenants.find(sql, access.tenantId()).chain(tenant -> {
            if (tenant.isEmpty() || tenant.get().status() == TenantStatus.DELETED) {
                throw ProblemException.forbidden("tenant-unknown", "Unknown tenant",
                        "The token's tenant is not managed by Panels.");
            }
            if (tenant.get().status() == TenantStatus.SUSPENDED) {
                throw ProblemException.forbidden("tenant-suspended", "Tenant suspended",
                        "This tenant is suspended; ask the platform team.");
            }
            if (!integration) {
                return Uni.createFrom().item(access);
            }
            return integrations.activeClient(sql, access.tenantId(), client).map(active -> {
                if (!active) {
                    throw ProblemException.forbidden("integration-revoked", "Integration revoked",
                            "This integration's access was revoked.");
                }
                return access;
            });
        }));
    }
}
