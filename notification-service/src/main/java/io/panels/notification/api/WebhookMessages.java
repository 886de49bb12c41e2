package io.panels.notification.api;

import io.panels.notification.domain.Delivery;
import io.panels.notification.domain.Webhook;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Requests and replies of the webhooks API. The secret appears in {@link CreatedWebhook} only. */
public final class WebhookMessages {

    private WebhookMessages() {
    }

    @RegisterForReflection
    public record CreateWebhook(
            @NotBlank @Size(max = 2000) String url,
            @NotEmpty @Size(max = 50) List<@NotBlank @Size(max = 100) String> eventTypes,
            @Size(max = 500) String description,
            Boolean enabled) {
    }

    /** Only the fields given change. */
    @RegisterForReflection
    public record UpdateWebhook(
            @Size(min = 1, max = 2000) String url,
            @Size(min = 1, max = 50) List<@NotBlank @Size(max = 100) String> eventTypes,
            @Size(max = 500) String description,
            Boolean enabled) {
    }

    @RegisterForReflection
    public record WebhookResponse(UUID id, String url, String description, List<String> eventTypes, boolean enabled,
                                  String disabledReason, int consecutiveFailures, long version, Instant createdAt,
                                  String createdBy, Instant updatedAt) {
        static WebhookResponse of(Webhook w) {
            return new WebhookResponse(w.id(), w.url(), w.description(), w.eventTypes(), w.enabled(), w.disabledReason(),
                    w.consecutiveFailures(), w.version(), w.createdAt(), w.createdBy(), w.updatedAt());
        }
    }

    /** The reply to a creation: the only time the signing secret is shown. */
    @RegisterForReflection
    public record CreatedWebhook(UUID id, String url, String description, List<String> eventTypes, boolean enabled,
                                 long version, Instant createdAt, String createdBy, String secret) {
        static CreatedWebhook of(Webhook w, String secret) {
            return new CreatedWebhook(w.id(), w.url(), w.description(), w.eventTypes(), w.enabled(), w.version(),
                    w.createdAt(), w.createdBy(), secret);
        }
    }

    /** The reply to a secret rotation: the new secret, shown this once. */
    @RegisterForReflection
    public record RotatedSecret(UUID id, long version, String secret, Instant previousSecretValidUntil) {
    }

    @RegisterForReflection
    public record WebhookList(List<WebhookResponse> items, String nextCursor) {
    }

    @RegisterForReflection
    public record DeliveryResponse(UUID id, UUID webhookId, UUID eventId, String eventType, String status, int attempts,
                                   Instant nextAttemptAt, Instant retryUntil, Instant lastAttemptAt, Integer lastStatusCode,
                                   String lastError, Instant succeededAt, Instant createdAt) {
        static DeliveryResponse of(Delivery d) {
            return new DeliveryResponse(d.id(), d.webhookId(), d.eventId(), d.eventType(), d.status(), d.attempts(),
                    "pending".equals(d.status()) ? d.nextAttemptAt() : null, d.retryUntil(), d.lastAttemptAt(),
                    d.lastStatusCode(), d.lastError(), d.succeededAt(), d.createdAt());
        }
    }

    @RegisterForReflection
    public record DeliveryList(List<DeliveryResponse> items, String nextCursor) {
    }
}
