package io.panels.auth.domain;

import io.panels.auth.client.KeycloakAdmin;
import io.panels.auth.client.KeycloakFailure;
import io.panels.auth.client.KeycloakUser;
import io.panels.auth.config.AuthSettings;
import io.panels.auth.store.InvitationStore;
import io.panels.auth.store.MemberStore;
import io.panels.auth.store.ProvisioningStore;
import io.panels.auth.store.TenantStore;
import io.panels.auth.store.TenantTransactions;
import io.panels.common.ids.Ids;
import io.panels.common.outbox.Outbox;
import io.panels.common.outbox.OutgoingEvent;
import io.panels.common.problem.FieldError;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenantAccess;
import io.panels.common.tenant.TenantScope;
import io.panels.events.EventCatalog;
import io.panels.events.member.MemberAdded;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Invitations: a link with an expiring secret token, handed over by the inviter (no e-mail server
 * needed). Accepting one makes the invitee a member with the invited role.
 */
@ApplicationScoped
public class Invitations {

    /** What accepting an invitation made. */
    public record Accepted(UUID tenantId, String tenantAlias, String userId, String email, Role role) {
    }

    private final TenantTransactions transactions;
    private final InvitationStore invitations;
    private final MemberStore members;
    private final TenantStore tenants;
    private final ProvisioningStore provisionings;
    private final KeycloakAdmin keycloak;
    private final Outbox outbox;
    private final AuthSettings settings;

    public Invitations(TenantTransactions transactions, InvitationStore invitations, MemberStore members, TenantStore tenants,
                       ProvisioningStore provisionings, KeycloakAdmin keycloak, Outbox outbox, AuthSettings settings) {
        this.transactions = transactions;
        this.invitations = invitations;
        this.members = members;
        this.tenants = tenants;
        this.provisionings = provisionings;
        this.keycloak = keycloak;
        this.outbox = outbox;
        this.settings = settings;
    }

    /** Writes an invitation in the caller's transaction (tenant bound) and answers its link. */
    public Uni<InvitationLink> issue(SqlClient sql, UUID tenantId, String email, Role role, String userId, String createdBy) {
        String token = InvitationTokens.issue(tenantId);
        OffsetDateTime expiresAt = OffsetDateTime.now(ZoneOffset.UTC).plus(settings.invitations().ttl());
        Invitation invitation = new Invitation(Ids.newId(), tenantId, email, role, userId, createdBy, expiresAt, null, null,
                null);
        return invitations.insert(sql, invitation, InvitationTokens.hash(token))
                .replaceWith(new InvitationLink(invitation.id(), token, settings.invitations().acceptUrl() + token, expiresAt));
    }

    public Uni<InvitationLink> invite(TenantAccess caller, String email, Role role) {
        if (role == Role.OWNER && caller.role() != Role.OWNER) {
            throw ProblemException.forbidden("insufficient-role", "Insufficient role", "Only owners may invite owners.");
        }
        return transactions.tenant(caller.tenantId(), sql -> members.emailIsMember(sql, caller.tenantId(), email)
                .chain(member -> {
                    if (member) {
                        throw new ProblemException(409, "already-member", "Already a member", email + " is a member already.");
                    }
                    return issue(sql, caller.tenantId(), email, role, null, caller.subject());
                }));
    }

    /**
     * A platform admin's owner invitation for a tenant (e.g. when the first owner's link was lost).
     * For the first owner auth-service made itself, accepting sets that account's password and names.
     */
    public Uni<InvitationLink> inviteOwner(UUID tenantId, String email, String createdBy) {
        return transactions.platform(sql -> tenants.find(sql, tenantId).chain(tenant -> {
            if (tenant.isEmpty() || tenant.get().status() == TenantStatus.DELETED) {
                throw ProblemException.notFound("Tenant", tenantId);
            }
            return provisionings.ownerMadeFor(sql, tenantId, email);
        }).chain(madeOwner -> TenantScope.bind(sql, tenantId)
                .chain(() -> issue(sql, tenantId, email, Role.OWNER, madeOwner.orElse(null), createdBy))));
    }

    public Uni<List<Invitation>> list(UUID tenantId, UUID after, int limit) {
        return transactions.tenant(tenantId, sql -> invitations.list(sql, tenantId, after, limit));
    }

    public Uni<Void> revoke(UUID tenantId, UUID id) {
        return transactions.tenant(tenantId, sql -> invitations.find(sql, tenantId, id)
                .chain(found -> {
                    if (found.isEmpty()) {
                        throw ProblemException.notFound("Invitation", id);
                    }
                    return invitations.revoke(sql, tenantId, id);
                }));
    }

    /**
     * Accepts an invitation (no token needed: the link is the secret). An existing user of that
     * e-mail joins as they are; otherwise the user is made with {@code password}.
     */
    public Uni<Accepted> accept(String token, String password, String firstName, String lastName) {
        UUID tenantId = InvitationTokens.tenantOf(token).orElseThrow(() -> ProblemException.notFound("Invitation", "token"));
        return transactions.platform(sql -> tenants.find(sql, tenantId).chain(tenant -> {
            if (tenant.isEmpty() || tenant.get().status() == TenantStatus.DELETED) {
                throw ProblemException.notFound("Invitation", "token");
            }
            if (tenant.get().status() == TenantStatus.SUSPENDED) {
                throw ProblemException.forbidden("tenant-suspended", "Tenant suspended", "This tenant is suspended.");
            }
            return TenantScope.bind(sql, tenantId)
                    .chain(() -> invitations.byTokenForUpdate(sql, tenantId, InvitationTokens.hash(token)))
                    .chain(found -> {
                        Invitation invitation = usable(found);
                        return user(invitation, password, firstName, lastName)
                                .call(userId -> keycloak.addOrganizationMember(tenantId, userId))
                                .call(userId -> members.find(sql, tenantId, userId).chain(member -> member.isPresent()
                                        ? Uni.createFrom().voidItem()
                                        : keycloak.setTenantRole(userId, tenantId, invitation.role())
                                                .chain(() -> members.insert(sql, tenantId, userId, invitation.email(),
                                                        invitation.role()))
                                                .chain(() -> outbox.append(sql, new OutgoingEvent<>(EventCatalog.MEMBER_ADDED,
                                                        tenantId, tenantId.toString(), userId, new MemberAdded(tenantId,
                                                        userId, invitation.email(), invitation.role().claimValue()))))
                                                .replaceWithVoid()))
                                .call(userId -> invitations.accepted(sql, invitation.id(), userId))
                                .map(userId -> new Accepted(tenantId, tenant.get().alias(), userId, invitation.email(),
                                        invitation.role()));
                    });
        })).onFailure(KeycloakFailure.class).transform(KeycloakProblems::of);
    }

    private static Invitation usable(Optional<Invitation> found) {
        Invitation invitation = found.orElseThrow(() -> ProblemException.notFound("Invitation", "token"));
        switch (invitation.state(OffsetDateTime.now(ZoneOffset.UTC))) {
            case "accepted" -> throw new ProblemException(409, "invitation-used", "Invitation already accepted",
                    "This invitation was accepted already.");
            case "revoked", "expired" -> throw new ProblemException(410, "invitation-expired", "Invitation no longer valid",
                    "This invitation was revoked or has expired; ask for a new one.");
            default -> {
                return invitation;
            }
        }
    }

    private Uni<String> user(Invitation invitation, String password, String firstName, String lastName) {
        if (invitation.userId() != null) {
            // A user auth-service made for this invitation (a new first owner): the link completes the account.
            requireAccount(password, firstName, lastName);
            return keycloak.setNames(invitation.userId(), firstName, lastName)
                    .chain(() -> keycloak.setPassword(invitation.userId(), password))
                    .replaceWith(invitation.userId());
        }
        return keycloak.userByEmail(invitation.email()).chain((Optional<KeycloakUser> existing) -> {
            if (existing.isPresent()) {
                return Uni.createFrom().item(existing.get().id());
            }
            requireAccount(password, firstName, lastName);
            return keycloak.createUser(invitation.email(), password, firstName, lastName);
        });
    }

    /** What a new account needs: the realm's user profile requires both names. */
    private static void requireAccount(String password, String firstName, String lastName) {
        List<FieldError> errors = new ArrayList<>();
        if (password == null || password.length() < 8) {
            errors.add(new FieldError("password", "at least 8 characters are needed to create the account"));
        }
        if (firstName == null || firstName.isBlank()) {
            errors.add(new FieldError("firstName", "is needed to create the account"));
        }
        if (lastName == null || lastName.isBlank()) {
            errors.add(new FieldError("lastName", "is needed to create the account"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("This invitation creates an account: password and names are needed.", errors);
        }
    }
}
