package io.panels.auth.domain;

import io.panels.auth.client.KeycloakAdmin;
import io.panels.auth.client.KeycloakFailure;
import io.panels.auth.store.MemberStore;
import io.panels.auth.store.TenantStore;
import io.panels.auth.store.TenantTransactions;
import io.panels.common.outbox.Outbox;
import io.panels.common.outbox.OutgoingEvent;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenantAccess;
import io.panels.events.EventCatalog;
import io.panels.events.member.MemberRemoved;
import io.panels.events.member.MemberRoleChanged;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Who is a member of a tenant, with which role. auth-service is the source of truth; Keycloak
 * holds the copy tokens are made from ({@code tenant_roles} and the organization membership),
 * written before the change commits. Changes of one tenant's members take the tenant row's lock,
 * so two concurrent changes cannot together remove the last owner.
 */
@ApplicationScoped
public class Members {

    private final TenantTransactions transactions;
    private final MemberStore members;
    private final TenantStore tenants;
    private final KeycloakAdmin keycloak;
    private final Outbox outbox;

    public Members(TenantTransactions transactions, MemberStore members, TenantStore tenants, KeycloakAdmin keycloak,
                   Outbox outbox) {
        this.transactions = transactions;
        this.members = members;
        this.tenants = tenants;
        this.keycloak = keycloak;
        this.outbox = outbox;
    }

    public Uni<List<Member>> list(UUID tenantId, String afterUserId, int limit) {
        return transactions.tenant(tenantId, sql -> members.list(sql, tenantId, afterUserId, limit));
    }

    public Uni<Member> get(UUID tenantId, String userId) {
        return transactions.tenant(tenantId, sql -> members.find(sql, tenantId, userId))
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("Member", userId)));
    }

    public Uni<Member> changeRole(TenantAccess caller, String userId, Role role, Integer expectedVersion) {
        UUID tenantId = caller.tenantId();
        return transactions.tenant(tenantId, sql -> target(sql, tenantId, userId).chain(member -> {
            if (expectedVersion != null && expectedVersion != member.version()) {
                throw ProblemException.stale("Member " + userId + " is at version " + member.version() + ".");
            }
            mayManage(caller, member.role(), role);
            if (member.role() == role) {
                return Uni.createFrom().item(member);
            }
            return keepAnOwner(sql, tenantId, member, role)
                    .chain(() -> members.changeRole(sql, tenantId, userId, role))
                    .call(() -> keycloak.setTenantRole(userId, tenantId, role))
                    .call(changed -> outbox.append(sql, new OutgoingEvent<>(EventCatalog.MEMBER_ROLE_CHANGED, tenantId,
                            tenantId.toString(), userId,
                            new MemberRoleChanged(tenantId, userId, member.role().claimValue(), role.claimValue()))));
        })).onFailure(KeycloakFailure.class).transform(KeycloakProblems::of);
    }

    public Uni<Void> remove(TenantAccess caller, String userId) {
        UUID tenantId = caller.tenantId();
        return transactions.tenant(tenantId, sql -> target(sql, tenantId, userId).chain(member -> {
            mayManage(caller, member.role(), null);
            return keepAnOwner(sql, tenantId, member, null)
                    .chain(() -> members.delete(sql, tenantId, userId))
                    .chain(() -> keycloak.setTenantRole(userId, tenantId, null))
                    .chain(() -> keycloak.removeOrganizationMember(tenantId, userId))
                    .chain(() -> outbox.append(sql, new OutgoingEvent<>(EventCatalog.MEMBER_REMOVED, tenantId,
                            tenantId.toString(), userId, new MemberRemoved(tenantId, userId))))
                    .replaceWithVoid();
        })).onFailure(KeycloakFailure.class).transform(KeycloakProblems::of);
    }

    /** The member, after taking the tenant's lock that serialises membership changes. */
    private Uni<Member> target(SqlClient sql, UUID tenantId, String userId) {
        return tenants.lock(sql, tenantId)
                .chain(() -> members.find(sql, tenantId, userId))
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("Member", userId)));
    }

    /** Admins manage editors, viewers and other admins; only owners touch owners or make them. */
    private static void mayManage(TenantAccess caller, Role current, Role wanted) {
        if (caller.role() != Role.OWNER && (current == Role.OWNER || wanted == Role.OWNER)) {
            throw ProblemException.forbidden("insufficient-role", "Insufficient role",
                    "Only owners may change or remove owners, or make new ones.");
        }
    }

    private Uni<Void> keepAnOwner(SqlClient sql, UUID tenantId, Member member, Role wanted) {
        if (member.role() != Role.OWNER || wanted == Role.OWNER) {
            return Uni.createFrom().voidItem();
        }
        return members.owners(sql, tenantId).map(owners -> {
            if (owners <= 1) {
                throw new ProblemException(409, "last-owner", "Last owner",
                        "A tenant keeps at least one owner: make another member owner first.");
            }
            return null;
        });
    }
}
