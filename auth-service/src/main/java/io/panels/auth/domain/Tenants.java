package io.panels.auth.domain;

import io.panels.auth.client.KeycloakAdmin;
import io.panels.auth.client.KeycloakFailure;
import io.panels.auth.store.IntegrationStore;
import io.panels.auth.store.InvitationStore;
import io.panels.auth.store.MemberStore;
import io.panels.auth.store.TenantStore;
import io.panels.auth.store.TenantTransactions;
import io.panels.common.outbox.Outbox;
import io.panels.common.outbox.OutgoingEvent;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.TenantScope;
import io.panels.events.EventCatalog;
import io.panels.events.tenant.PlanLimits;
import io.panels.events.tenant.TenantDeleted;
import io.panels.events.tenant.TenantReactivated;
import io.panels.events.tenant.TenantSuspended;
import io.panels.events.tenant.TenantUpdated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * The lifecycle of a tenant after its creation. Each change writes the row and its event in one
 * transaction and makes the matching Keycloak change before that transaction commits: Keycloak
 * failing leaves nothing changed, and every change is safe to repeat.
 */
@ApplicationScoped
public class Tenants {

    private final TenantTransactions transactions;
    private final TenantStore tenants;
    private final MemberStore members;
    private final InvitationStore invitations;
    private final IntegrationStore integrations;
    private final KeycloakAdmin keycloak;
    private final Outbox outbox;

    public Tenants(TenantTransactions transactions, TenantStore tenants, MemberStore members, InvitationStore invitations,
                   IntegrationStore integrations, KeycloakAdmin keycloak, Outbox outbox) {
        this.transactions = transactions;
        this.tenants = tenants;
        this.members = members;
        this.invitations = invitations;
        this.integrations = integrations;
        this.keycloak = keycloak;
        this.outbox = outbox;
    }

    public Uni<List<Tenant>> list(TenantStatus status, UUID after, int limit) {
        return transactions.platform(sql -> tenants.list(sql, status, after, limit));
    }

    public Uni<Tenant> get(UUID id) {
        return transactions.platform(sql -> tenants.find(sql, id))
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("Tenant", id)));
    }

    public Uni<Tenant> update(UUID id, Integer expectedVersion, String name, String plan, PlanLimits limits) {
        return transactions.platform(sql -> locked(sql, id).chain(tenant -> {
            if (expectedVersion != null && expectedVersion != tenant.version()) {
                throw ProblemException.stale("Tenant " + id + " is at version " + tenant.version() + ".");
            }
            Tenant changed = new Tenant(id, tenant.alias(), name, plan, limits, tenant.status(), tenant.suspendedReason(),
                    tenant.version(), tenant.createdAt(), tenant.updatedAt());
            return tenants.update(sql, changed).call(stored -> outbox.append(sql, new OutgoingEvent<>(
                    EventCatalog.TENANT_UPDATED, id, id.toString(), id.toString(),
                    new TenantUpdated(id, stored.alias(), stored.name(), stored.plan(), stored.limits()))));
        }));
    }

    /** Refuses every call of the tenant's members (here and, through tenant.suspended, elsewhere). */
    public Uni<Tenant> suspend(UUID id, String reason) {
        return transactions.platform(sql -> locked(sql, id).chain(tenant -> {
            if (tenant.status() == TenantStatus.SUSPENDED) {
                return Uni.createFrom().item(tenant);
            }
            return tenants.update(sql, withStatus(tenant, TenantStatus.SUSPENDED, reason))
                    .call(stored -> outbox.append(sql, new OutgoingEvent<>(EventCatalog.TENANT_SUSPENDED, id,
                            id.toString(), id.toString(), new TenantSuspended(id, reason))))
                    .call(() -> keycloak.setOrganizationEnabled(id, false));
        })).onFailure(KeycloakFailure.class).transform(KeycloakProblems::of);
    }

    public Uni<Tenant> reactivate(UUID id) {
        return transactions.platform(sql -> locked(sql, id).chain(tenant -> {
            if (tenant.status() == TenantStatus.ACTIVE) {
                return Uni.createFrom().item(tenant);
            }
            return tenants.update(sql, withStatus(tenant, TenantStatus.ACTIVE, null))
                    .call(stored -> outbox.append(sql, new OutgoingEvent<>(EventCatalog.TENANT_REACTIVATED, id,
                            id.toString(), id.toString(), new TenantReactivated(id))))
                    .call(() -> keycloak.setOrganizationEnabled(id, true));
        })).onFailure(KeycloakFailure.class).transform(KeycloakProblems::of);
    }

    /**
     * Deletes the organization, its integrations' clients and its members' roles in Keycloak, and
     * the tenant's members, invitations and integrations here; the tenant row stays (status
     * deleted) so its slug stays reserved and its audit log readable by the platform team.
     */
    public Uni<Void> delete(UUID id) {
        return transactions.platform(sql -> locked(sql, id).chain(tenant -> TenantScope.bind(sql, id)
                .chain(() -> members.all(sql, id))
                .chain(all -> Steps.each(all, member -> keycloak.setTenantRole(member.userId(), id, null)))
                .chain(() -> integrations.allActive(sql, id))
                .chain(all -> Steps.each(all, integration -> keycloak.deleteClient(integration.clientUuid())
                        .chain(() -> integrations.revoked(sql, id, integration.id()))))
                .chain(() -> keycloak.deleteOrganization(id))
                .chain(() -> members.deleteAll(sql, id))
                .chain(() -> invitations.deleteAll(sql, id))
                .chain(() -> tenants.update(sql, withStatus(tenant, TenantStatus.DELETED, null)))
                .chain(() -> outbox.append(sql, new OutgoingEvent<>(EventCatalog.TENANT_DELETED, id, id.toString(),
                        id.toString(), new TenantDeleted(id))))
                .replaceWithVoid())).onFailure(KeycloakFailure.class).transform(KeycloakProblems::of);
    }

    /** The tenant row, locked; a deleted tenant is gone for every lifecycle call. */
    private Uni<Tenant> locked(SqlClient sql, UUID id) {
        return tenants.lock(sql, id).map(found -> found.filter(t -> t.status() != TenantStatus.DELETED)
                .orElseThrow(() -> ProblemException.notFound("Tenant", id)));
    }

    private static Tenant withStatus(Tenant tenant, TenantStatus status, String reason) {
        return new Tenant(tenant.id(), tenant.alias(), tenant.name(), tenant.plan(), tenant.limits(), status, reason,
                tenant.version(), tenant.createdAt(), tenant.updatedAt());
    }
}
