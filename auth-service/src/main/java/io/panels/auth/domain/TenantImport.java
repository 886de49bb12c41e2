package io.panels.auth.domain;

import io.panels.auth.client.KeycloakAdmin;
import io.panels.auth.client.KeycloakFailure;
import io.panels.auth.client.KeycloakMember;
import io.panels.auth.store.MemberStore;
import io.panels.auth.store.TenantStore;
import io.panels.auth.store.TenantTransactions;
import io.panels.common.outbox.Outbox;
import io.panels.common.outbox.OutgoingEvent;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.TenantScope;
import io.panels.events.EventCatalog;
import io.panels.events.member.MemberAdded;
import io.panels.events.tenant.PlanLimits;
import io.panels.events.tenant.TenantCreated;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Takes over an organization made outside auth-service (the realm file's demo tenant, an
 * operator's hand-made one): its members with a {@code tenant_roles} value for it become members
 * here, with the events a creation publishes. Members without a role value are left out.
 */
@ApplicationScoped
public class TenantImport {

    /** Organizations with more members than this are imported in part: the rest stay unknown here. */
    public static final int MAX_MEMBERS = 1000;

    private final TenantTransactions transactions;
    private final TenantStore tenants;
    private final MemberStore members;
    private final KeycloakAdmin keycloak;
    private final Outbox outbox;

    public TenantImport(TenantTransactions transactions, TenantStore tenants, MemberStore members, KeycloakAdmin keycloak,
                        Outbox outbox) {
        this.transactions = transactions;
        this.tenants = tenants;
        this.members = members;
        this.keycloak = keycloak;
        this.outbox = outbox;
    }

    public Uni<Tenant> adopt(UUID organizationId, String plan, PlanLimits limits) {
        return keycloak.organization(organizationId)
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("Organization", organizationId)))
                .chain(organization -> keycloak.organizationMembers(organizationId, MAX_MEMBERS).chain(people ->
                        store(new Tenant(organizationId, organization.path("alias").asText(),
                                organization.path("name").asText(), plan, limits, TenantStatus.ACTIVE, null, 1, null, null),
                                people)))
                .onFailure(KeycloakFailure.class).transform(KeycloakProblems::of);
    }

    private Uni<Tenant> store(Tenant tenant, List<KeycloakMember> people) {
        UUID id = tenant.id();
        List<KeycloakMember> withRole = people.stream().filter(member -> member.role() != null).toList();
        return transactions.platform(sql -> tenants.find(sql, id).chain(existing -> {
            if (existing.isPresent()) {
                throw new ProblemException(409, "already-managed", "Already managed", "Tenant " + id + " is managed already.");
            }
            return tenants.aliasTaken(sql, tenant.alias());
        }).chain(taken -> {
            if (taken) {
                throw new ProblemException(409, "slug-taken", "Slug taken", "The slug " + tenant.alias() + " is in use.");
            }
            return tenants.insert(sql, tenant);
        }).chain(() -> TenantScope.bind(sql, id))
                .chain(() -> outbox.append(sql, new OutgoingEvent<>(EventCatalog.TENANT_CREATED, id, id.toString(),
                        id.toString(), new TenantCreated(id, tenant.alias(), tenant.name(), tenant.plan(), tenant.limits()))))
                .chain(() -> Steps.each(withRole, member -> members.insert(sql, id, member.user().id(), member.user().email(),
                                member.role())
                        .chain(() -> outbox.append(sql, new OutgoingEvent<>(EventCatalog.MEMBER_ADDED, id, id.toString(),
                                member.user().id(), new MemberAdded(id, member.user().id(), member.user().email(),
                                member.role().claimValue()))))))
                .chain(() -> tenants.find(sql, id))
                .map(stored -> stored.orElseThrow()));
    }
}
