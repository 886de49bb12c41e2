package io.panels.notification.domain;

import io.panels.common.ids.Ids;
import io.panels.common.problem.FieldError;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.TenantAccess;
import io.panels.common.tenant.TenantScope;
import io.panels.notification.client.WebhookSender;
import io.panels.notification.config.NotificationSettings;
import io.panels.common.outbound.OutboundAddressPolicy;
import io.panels.common.outbound.OutboundAddressPolicy.RefusedTarget;
import io.panels.notification.store.DeliveryStore;
import io.panels.notification.store.WebhookStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The rules of webhooks: an allowed HTTPS target (checked again at every attempt), valid filters,
 * a secret made here and shown once, optimistic concurrency on changes, redelivery by hand.
 */
@ApplicationScoped
public class Webhooks {

    /** A webhook and its secret, right after creation. */
    public record Created(Webhook webhook, String secret) {
    }

    /** A webhook right after its secret was rotated: the new secret, and until when the old one still signs. */
    public record Rotated(Webhook webhook, String secret, Instant previousSecretValidUntil) {
    }

    private final Pool pool;
    private final WebhookStore store;
    private final DeliveryStore deliveries;
    private final OutboundAddressPolicy policy;
    private final Duration retryFor;
    private final Duration secretOverlap;
    private final WebhookSecrets secrets;

    public Webhooks(Pool pool, WebhookStore store, DeliveryStore deliveries, WebhookSender sender, WebhookSecrets secrets,
                    NotificationSettings settings) {
        this.secrets = secrets;
        this.secretOverlap = settings.webhooks().secretOverlap();
        this.pool = pool;
        this.store = store;
        this.deliveries = deliveries;
        this.policy = sender.policy();
        this.retryFor = settings.webhooks().retryFor();
    }

    public Uni<Created> create(TenantAccess access, String url, List<String> eventTypes, String description, Boolean enabled) {
        List<String> filters = filters(eventTypes);
        return checkTarget(url).chain(() -> {
            Instant now = Instant.now();
            String secret = WebhookSignature.newSecret();
            Webhook draft = new Webhook(Ids.newId(), access.tenantId(), url, description, filters, enabled == null || enabled,
                    null, 0, 1, now, access.subject(), now);
            return inTenant(access.tenantId(), tx -> store.insert(tx, draft, secrets.seal(draft.id(), secret)))
                    .map(saved -> new Created(saved, secret));
        });
    }

    public Uni<List<Webhook>> page(UUID tenantId, UUID after, int limit) {
        return inTenant(tenantId, tx -> store.page(tx, tenantId, after, limit));
    }

    public Uni<Webhook> get(UUID tenantId, UUID id) {
        return inTenant(tenantId, tx -> store.find(tx, tenantId, id, false)
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("webhook", id))));
    }

    /** Changes the given fields; with {@code expectedVersion}, a webhook changed since is refused (412). */
    public Uni<Webhook> update(UUID tenantId, UUID id, Long expectedVersion, String url, List<String> eventTypes,
                               String description, Boolean enabled) {
        List<String> filters = eventTypes == null ? null : filters(eventTypes);
        Uni<Void> check = url == null ? Uni.createFrom().voidItem() : checkTarget(url);
        return check.chain(() -> inTenant(tenantId, tx -> store.find(tx, tenantId, id, true).chain(found -> {
            Webhook current = found.orElseThrow(() -> ProblemException.notFound("webhook", id));
            if (expectedVersion != null && expectedVersion != current.version()) {
                throw ProblemException.stale("webhook " + id + " is at version " + current.version());
            }
            Webhook changed = new Webhook(current.id(), tenantId, url == null ? current.url() : url,
                    description == null ? current.description() : description, filters == null ? current.eventTypes() : filters,
                    enabled == null ? current.enabled() : enabled, current.disabledReason(), current.consecutiveFailures(),
                    current.version(), current.createdAt(), current.createdBy(), current.updatedAt());
            return store.update(tx, changed);
        })));
    }

    /**
     * A new secret, shown in this reply only; the previous one keeps signing beside it for the
     * overlap (secret-overlap), so receivers can switch without refusing a delivery. A second
     * rotation within the overlap drops the oldest. With {@code expectedVersion}, a webhook changed
     * since is refused (412).
     */
    public Uni<Rotated> rotateSecret(UUID tenantId, UUID id, Long expectedVersion) {
        String secret = WebhookSignature.newSecret();
        Instant until = Instant.now().plus(secretOverlap);
        return inTenant(tenantId, tx -> store.find(tx, tenantId, id, true).chain(found -> {
            Webhook current = found.orElseThrow(() -> ProblemException.notFound("webhook", id));
            if (expectedVersion != null && expectedVersion != current.version()) {
                throw ProblemException.stale("webhook " + id + " is at version " + current.version());
            }
            return store.rotateSecret(tx, tenantId, id, secrets.seal(id, secret), until.atOffset(java.time.ZoneOffset.UTC))
                    .map(rotated -> new Rotated(rotated.orElseThrow(), secret, until));
        }));
    }

    public Uni<Void> delete(UUID tenantId, UUID id) {
        return inTenant(tenantId, tx -> store.delete(tx, tenantId, id).invoke(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("webhook", id);
            }
        }).replaceWithVoid());
    }

    public Uni<List<Delivery>> deliveries(UUID tenantId, UUID webhookId, UUID before, int limit) {
        return inTenant(tenantId, tx -> store.find(tx, tenantId, webhookId, false).chain(found -> {
            if (found.isEmpty()) {
                throw ProblemException.notFound("webhook", webhookId);
            }
            return deliveries.page(tx, tenantId, webhookId, before, limit);
        }));
    }

    /** Sends a delivery again as soon as the dispatcher gets to it, with a fresh retry period. */
    public Uni<Delivery> redeliver(UUID tenantId, UUID webhookId, UUID deliveryId) {
        return inTenant(tenantId, tx -> deliveries.redeliver(tx, tenantId, webhookId, deliveryId, retryFor)
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("delivery", deliveryId))));
    }

    private <T> Uni<T> inTenant(UUID tenantId, Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(tx -> TenantScope.bind(tx, tenantId).chain(() -> work.apply(tx)));
    }

    /** The URL's shape, then every address its host resolves to (blocking: on a worker thread). */
    private Uni<Void> checkTarget(String url) {
        return Uni.createFrom().item(() -> {
                    try {
                        policy.resolve(url);
                        return null;
                    } catch (RefusedTarget refused) {
                        throw ProblemException.invalid("url", "webhook URL refused: " + refused.getMessage());
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .replaceWithVoid();
    }

    private static List<String> filters(List<String> eventTypes) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < eventTypes.size(); i++) {
            if (!EventFilter.isValid(eventTypes.get(i))) {
                errors.add(new FieldError("eventTypes[" + i + "]", "an event type (row.created), entity.* or *"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("invalid event-type filters", errors);
        }
        return List.copyOf(new LinkedHashSet<>(eventTypes));
    }
}
