package io.panels.auth.domain;

import io.panels.auth.client.KeycloakAdmin;
import io.panels.auth.client.KeycloakFailure;
import io.panels.auth.config.AuthSettings;
import io.panels.auth.store.IntegrationStore;
import io.panels.auth.store.TenantTransactions;
import io.panels.common.ids.Ids;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenantAccess;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * API integrations: a Keycloak service-account client per integration whose client-credentials
 * tokens carry the tenant and the chosen role. The secret is shown once (at creation and at each
 * rotation); revoking deletes the client, so no new token can be had from that moment.
 */
@ApplicationScoped
public class Integrations {

    /** An integration with the secret that was just made for it. */
    public record WithSecret(Integration integration, String secret) {
    }

    private final TenantTransactions transactions;
    private final IntegrationStore integrations;
    private final KeycloakAdmin keycloak;
    private final AuthSettings settings;

    public Integrations(TenantTransactions transactions, IntegrationStore integrations, KeycloakAdmin keycloak,
                        AuthSettings settings) {
        this.transactions = transactions;
        this.integrations = integrations;
        this.keycloak = keycloak;
        this.settings = settings;
    }

    /** Makes the client first; if the row cannot be written the client is deleted again. */
    public Uni<WithSecret> create(TenantAccess caller, String name, Role role) {
        if (role == Role.OWNER) {
            throw ProblemException.invalid("role", "an integration acts as admin, editor or viewer");
        }
        UUID id = Ids.newId();
        String clientId = settings.keycloak().integrationClientPrefix() + id;
        return keycloak.createIntegrationClient(clientId, "Integration " + name, caller.tenantId(), caller.tenantAlias(), role)
                .chain(client -> transactions.tenant(caller.tenantId(), sql -> integrations.insert(sql,
                                new Integration(id, caller.tenantId(), name, role, clientId, client.clientUuid(), "active",
                                        caller.subject(), null, null, null)))
                        .onFailure().call(e -> keycloak.deleteClient(client.clientUuid()))
                        .map(integration -> new WithSecret(integration, client.secret())))
                .onFailure(KeycloakFailure.class).transform(KeycloakProblems::of);
    }

    public Uni<List<Integration>> list(UUID tenantId, UUID after, int limit) {
        return transactions.tenant(tenantId, sql -> integrations.list(sql, tenantId, after, limit));
    }

    public Uni<Integration> get(UUID tenantId, UUID id) {
        return transactions.tenant(tenantId, sql -> integrations.find(sql, tenantId, id))
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("Integration", id)));
    }

    /** A new secret; the old one stops working at once. */
    public Uni<WithSecret> rotate(UUID tenantId, UUID id) {
        return transactions.tenant(tenantId, sql -> integrations.find(sql, tenantId, id).chain(found -> {
            Integration integration = found.orElseThrow(() -> ProblemException.notFound("Integration", id));
            if (!"active".equals(integration.status())) {
                throw new ProblemException(409, "integration-revoked", "Integration revoked",
                        "A revoked integration has no secret to rotate.");
            }
            return keycloak.rotateSecret(integration.clientUuid())
                    .chain(secret -> integrations.rotated(sql, tenantId, id).map(rotated -> new WithSecret(rotated, secret)));
        })).onFailure(KeycloakFailure.class).transform(KeycloakProblems::of);
    }

    public Uni<Void> revoke(UUID tenantId, UUID id) {
        return transactions.tenant(tenantId, sql -> integrations.find(sql, tenantId, id).chain(found -> {
            Integration integration = found.orElseThrow(() -> ProblemException.notFound("Integration", id));
            if (!"active".equals(integration.status())) {
                return Uni.createFrom().voidItem();
            }
            return keycloak.deleteClient(integration.clientUuid()).chain(() -> integrations.revoked(sql, tenantId, id));
        })).onFailure(KeycloakFailure.class).transform(KeycloakProblems::of);
    }
}
