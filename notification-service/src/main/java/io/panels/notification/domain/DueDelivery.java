package io.panels.notification.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A delivery the dispatcher has taken for an attempt, with what it needs to send and sign it.
 *
 * @param secret         the webhook's stored (sealed) secret
 * @param previousSecret the stored secret it replaced, while a rotation's overlap lasts; else null
 */
public record DueDelivery(UUID id, UUID tenantId, UUID webhookId, String url, String secret, String previousSecret, String payload,
                          int attempts, Instant retryUntil) {

    @Override
    public String toString() {
        // Never the secret, should a delivery end up in a log line.
        return "DueDelivery[id=" + id + ", webhookId=" + webhookId + ", attempts=" + attempts + "]";
    }
}
