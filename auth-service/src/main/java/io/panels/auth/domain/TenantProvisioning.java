package io.panels.auth.domain;

import io.panels.auth.client.KeycloakAdmin;
import io.panels.auth.client.KeycloakFailure;
import io.panels.auth.config.AuthSettings;
import io.panels.auth.store.MemberStore;
import io.panels.auth.store.ProvisioningStore;
import io.panels.auth.store.TenantStore;
import io.panels.auth.store.TenantTransactions;
import io.panels.common.ids.Ids;
import io.panels.common.outbox.Outbox;
import io.panels.common.outbox.OutgoingEvent;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenantScope;
import io.panels.events.EventCatalog;
import io.panels.events.member.MemberAdded;
import io.panels.events.tenant.TenantCreated;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Creates a tenant across Keycloak and the database without leaving half of it behind
 * (docs/adr/0008). A creation is a row in {@code tenant_provisioning} and these steps, each safe to
 * repeat:
 * <ol>
 * <li>the organization, marked with the creation's id (found again by that mark on a repeat);</li>
 * <li>the owner: the user with that e-mail, or a new one;</li>
 * <li>the owner's organization membership and {@code tenant_roles} value;</li>
 * <li>one transaction: the tenant and member rows, the owner's invitation when the user is new,
 * {@code tenant.created} and {@code member.added} in the outbox, the creation marked done.</li>
 * </ol>
 * Keycloak unreachable: the creation stays pending and is resumed (by repeating the request, or by
 * {@link #resumeStalled()}). Keycloak refusing (bad input it alone checks), or too many attempts:
 * the steps taken are undone and the slug is free again.
 */
@ApplicationScoped
public class TenantProvisioning {

    private static final Logger LOG = Logger.getLogger(TenantProvisioning.class);
    private static final Duration TURN_FIRST_WAIT = Duration.ofMillis(50);
    private static final Duration TURN_LONGEST_WAIT = Duration.ofSeconds(1);
    /** About 40 s of waiting for another resume of the same creation. */
    private static final int TURN_ATTEMPTS = 45;

    private record Owner(String userId, boolean created) {
    }

    private final TenantTransactions transactions;
    private final ProvisioningStore provisionings;
    private final TenantStore tenants;
    private final MemberStore members;
    private final Invitations invitations;
    private final KeycloakAdmin keycloak;
    private final Outbox outbox;
    private final AuthSettings settings;
    private volatile boolean stopping;

    public TenantProvisioning(TenantTransactions transactions, ProvisioningStore provisionings, TenantStore tenants,
                              MemberStore members, Invitations invitations, KeycloakAdmin keycloak, Outbox outbox,
                              AuthSettings settings) {
        this.transactions = transactions;
        this.provisionings = provisionings;
        this.tenants = tenants;
        this.members = members;
        this.invitations = invitations;
        this.keycloak = keycloak;
        this.outbox = outbox;
        this.settings = settings;
    }

    /**
     * Creates the tenant, or resumes the pending creation of the very same request (a client's
     * retry after a failure); a different request for a slug in use is a 409.
     */
    public Uni<ProvisionedTenant> create(NewTenant request) {
        return start(request).chain(this::resume);
    }

    /** Step 0 alone: the creation row (exposed so tests can stop a creation midway). */
    public Uni<UUID> start(NewTenant request) {
        return transactions.platform(sql -> tenants.aliasTaken(sql, request.alias()).chain(taken -> {
                    if (taken) {
                        throw slugTaken(request.alias());
                    }
                    return provisionings.byAlias(sql, request.alias());
                }).chain(existing -> {
                    if (existing.isPresent()) {
                        if ("pending".equals(existing.get().state()) && existing.get().sameRequest(request)) {
                            return Uni.createFrom().item(existing.get().id());
                        }
                        throw slugTaken(request.alias());
                    }
                    UUID id = Ids.newId();
                    return provisionings.insert(sql, id, request).replaceWith(id);
                }))
                .onFailure(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState()))
                .transform(e -> slugTaken(request.alias()));
    }

    /**
     * Runs the remaining steps of a creation; every step may have run before. Resumes of one creation
     * take turns, so one cannot undo what another is finishing.
     */
    public Uni<ProvisionedTenant> resume(UUID id) {
        return inTurn(id, () -> resumeInTurn(id));
    }

    private Uni<ProvisionedTenant> resumeInTurn(UUID id) {
        return transactions.platform(sql -> provisionings.attempt(sql, id).chain(() -> provisionings.find(sql, id)))
                .map(found -> found.orElseThrow(() -> new ProblemException(409, "provisioning-undone",
                        "Tenant creation undone", "This tenant creation failed and was undone; repeat the request.")))
                .chain(job -> steps(job)
                        .onFailure(KeycloakFailure.class).call(failure -> ((KeycloakFailure) failure).refused()
                                ? undoInTurn(id)
                                : transactions.platform(sql -> provisionings.failed(sql, id, failure.getMessage())))
                        .onFailure(KeycloakFailure.class).transform(failure -> problem(job, (KeycloakFailure) failure))
                        // The database failing midway: the creation stays pending and is resumed.
                        .onFailure(failure -> !(failure instanceof ProblemException)).call(failure -> transactions
                                .platform(sql -> provisionings.failed(sql, id, String.valueOf(failure.getMessage())))
                                .onFailure().recoverWithNull())
                        .onFailure(failure -> !(failure instanceof ProblemException)).transform(failure -> {
                            LOG.warnf(failure, "tenant creation of %s incomplete", job.alias());
                            return new ProblemException(503, "provisioning-incomplete", "Tenant creation incomplete",
                                    "The creation of " + job.alias()
                                            + " is resumed in the background, or repeat the same request.");
                        }));
    }

    /** Removes whatever a creation made in Keycloak, then the creation itself; idempotent. */
    public Uni<Void> undo(UUID id) {
        return inTurn(id, () -> undoInTurn(id));
    }

    private Uni<Void> undoInTurn(UUID id) {
        return transactions.platform(sql -> provisionings.find(sql, id)).chain(found -> {
            if (found.isEmpty() || "done".equals(found.get().state())) {
                return Uni.createFrom().voidItem();
            }
            Provisioning job = found.get();
            Uni<Optional<UUID>> organization = job.organizationId() != null
                    ? Uni.createFrom().item(Optional.of(job.organizationId()))
                    : keycloak.organizationMadeBy(job.id());
            return organization
                    .call(org -> org.isPresent() && job.ownerUserId() != null && !job.ownerCreated()
                            ? keycloak.setTenantRole(job.ownerUserId(), org.get(), null)
                            : Uni.createFrom().voidItem())
                    .call(org -> org.isPresent() ? keycloak.deleteOrganization(org.get()) : Uni.createFrom().voidItem())
                    .call(org -> job.ownerCreated() ? keycloak.deleteUser(job.ownerUserId()) : Uni.createFrom().voidItem())
                    .chain(org -> transactions.platform(sql -> provisionings.delete(sql, job.id())));
        });
    }

    /** The background half of retry-safety: creations left pending by a failure are finished or undone. */
    @Scheduled(every = "${panels.auth.provisioning.retry-every}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> resumeStalled() {
        if (stopping) {
            return Uni.createFrom().voidItem();
        }
        return transactions.platform(sql -> provisionings.stalled(sql, settings.provisioning().retryAfter(), 20))
                .chain(ids -> Steps.each(ids, id -> transactions.platform(sql -> provisionings.find(sql, id))
                        .chain(job -> job.isPresent() && job.get().attempts() >= settings.provisioning().maxAttempts()
                                ? undo(id)
                                : resume(id).replaceWithVoid())
                        .onFailure().recoverWithItem(e -> {
                            LOG.warnf("tenant creation %s still incomplete: %s", id, e.getMessage());
                            return null;
                        })));
    }

    /**
     * Runs {@code work} holding the creation's turn (an advisory lock in a transaction kept open
     * meanwhile; the steps write through their own transactions). Waiting for a turn holds no
     * connection: the attempt is repeated with a back-off, and a turn that stays taken (Keycloak
     * hanging under another resume) ends in a 503 the client can repeat.
     */
    private <T> Uni<T> inTurn(UUID id, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> transactions.platform(sql -> provisionings.tryTakeTurn(sql, id)
                        .chain(taken -> taken ? work.get() : Uni.createFrom().<T>failure(new TurnTaken()))))
                .onFailure(TurnTaken.class).retry().withBackOff(TURN_FIRST_WAIT, TURN_LONGEST_WAIT).atMost(TURN_ATTEMPTS)
                .onFailure(TurnTaken.class).transform(taken -> new ProblemException(503, "provisioning-in-progress",
                        "Tenant creation in progress", "Another request is finishing this tenant creation; repeat the"
                                + " request to see its outcome."));
    }

    /** Another resume of the same creation holds its turn. */
    private static final class TurnTaken extends RuntimeException {
        TurnTaken() {
            super("tenant creation busy", null, false, false);
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        stopping = true;
    }

    private Uni<ProvisionedTenant> steps(Provisioning job) {
        if ("done".equals(job.state())) {
            return transactions.platform(sql -> tenants.find(sql, job.organizationId()))
                    .map(tenant -> new ProvisionedTenant(tenant.orElseThrow(), job.ownerUserId(), job.ownerEmail(), null));
        }
        return organization(job).chain(organizationId -> owner(job)
                .call(owner -> keycloak.addOrganizationMember(organizationId, owner.userId()))
                .call(owner -> keycloak.setTenantRole(owner.userId(), organizationId, Role.OWNER))
                .chain(owner -> complete(job.id(), organizationId, owner)));
    }

    private Uni<UUID> organization(Provisioning job) {
        if (job.organizationId() != null) {
            return Uni.createFrom().item(job.organizationId());
        }
        return keycloak.organizationMadeBy(job.id())
                .chain(found -> found.isPresent()
                        ? Uni.createFrom().item(found.get())
                        : keycloak.createOrganization(job.alias(), job.id())
                                // A concurrent resume of the same creation made it first: use that one.
                                .onFailure(e -> e instanceof KeycloakFailure f && f.status() == 409)
                                .recoverWithUni(e -> keycloak.organizationMadeBy(job.id())
                                        .map(again -> again.orElseThrow(() -> (KeycloakFailure) e))))
                .call(organizationId -> transactions.platform(sql ->
                        provisionings.organizationMade(sql, job.id(), organizationId)));
    }

    private Uni<Owner> owner(Provisioning job) {
        if (job.ownerUserId() != null) {
            return Uni.createFrom().item(new Owner(job.ownerUserId(), job.ownerCreated()));
        }
        return keycloak.userByEmail(job.ownerEmail())
                .chain(found -> found.isPresent()
                        ? Uni.createFrom().item(new Owner(found.get().id(), false))
                        : keycloak.createUser(job.ownerEmail(), null, null, null).map(userId -> new Owner(userId, true))
                                // A concurrent resume of the same creation made the user first (it did not exist before).
                                .onFailure(e -> e instanceof KeycloakFailure f && f.status() == 409)
                                .recoverWithUni(e -> keycloak.userByEmail(job.ownerEmail())
                                        .map(again -> new Owner(again.orElseThrow(() -> (KeycloakFailure) e).id(), true))))
                .call(owner -> transactions.platform(sql ->
                        provisionings.ownerFound(sql, job.id(), owner.userId(), owner.created())));
    }

    private Uni<ProvisionedTenant> complete(UUID id, UUID organizationId, Owner owner) {
        return transactions.platform(sql -> provisionings.lock(sql, id).chain(locked -> {
            Provisioning job = locked.orElseThrow(() -> new ProblemException(409, "provisioning-undone",
                    "Tenant creation undone", "This tenant creation was undone meanwhile; repeat the request."));
            if ("done".equals(job.state())) {
                // A concurrent resume finished first.
                return tenants.find(sql, organizationId)
                        .map(tenant -> new ProvisionedTenant(tenant.orElseThrow(), owner.userId(), job.ownerEmail(), null));
            }
            Tenant tenant = new Tenant(organizationId, job.alias(), job.name(), job.plan(), job.limits(),
                    TenantStatus.ACTIVE, null, 1, null, null);
            return tenants.insert(sql, tenant)
                    .chain(() -> TenantScope.bind(sql, organizationId))
                    .chain(() -> members.insert(sql, organizationId, owner.userId(), job.ownerEmail(), Role.OWNER))
                    .chain(() -> owner.created()
                            ? invitations.issue(sql, organizationId, job.ownerEmail(), Role.OWNER, owner.userId(),
                            "auth-service")
                            : Uni.createFrom().<InvitationLink>nullItem())
                    .call(() -> outbox.append(sql, new OutgoingEvent<>(EventCatalog.TENANT_CREATED, organizationId,
                            organizationId.toString(), organizationId.toString(),
                            new TenantCreated(organizationId, job.alias(), job.name(), job.plan(), job.limits()))))
                    .call(() -> outbox.append(sql, new OutgoingEvent<>(EventCatalog.MEMBER_ADDED, organizationId,
                            organizationId.toString(), owner.userId(),
                            new MemberAdded(organizationId, owner.userId(), job.ownerEmail(), Role.OWNER.claimValue()))))
                    .call(() -> provisionings.done(sql, id))
                    .chain(link -> tenants.find(sql, organizationId)
                            .map(stored -> new ProvisionedTenant(stored.orElseThrow(), owner.userId(), job.ownerEmail(), link)));
        }));
    }

    private static ProblemException problem(Provisioning job, KeycloakFailure failure) {
        if (failure.refused() && failure.status() == 409) {
            return slugTaken(job.alias());
        }
        if (failure.refused()) {
            return new ProblemException(422, "keycloak-refused", "Keycloak refused the tenant",
                    "Nothing was kept. " + failure.getMessage());
        }
        LOG.warnf("tenant creation of %s incomplete: %s", job.alias(), failure.getMessage());
        return new ProblemException(503, "provisioning-incomplete", "Tenant creation incomplete",
                "Keycloak did not answer; the creation of " + job.alias()
                        + " is resumed in the background, or repeat the same request.");
    }

    private static ProblemException slugTaken(String alias) {
        return new ProblemException(409, "slug-taken", "Slug taken", "The slug " + alias + " is in use.");
    }
}
