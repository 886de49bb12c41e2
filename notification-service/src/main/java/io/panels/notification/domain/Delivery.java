package io.panels.notification.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One event on its way to one webhook: the delivery log's line.
 *
 * @param status {@code pending} (waiting for its next attempt), {@code sending}, {@code succeeded}
 *               or {@code failed} (given up after the retry period; redeliver by hand)
 */
public record Delivery(UUID id, UUID webhookId, UUID eventId, String eventType, String status, int attempts,
                       Instant nextAttemptAt, Instant retryUntil, Instant lastAttemptAt, Integer lastStatusCode,
                       String lastError, Instant succeededAt, Instant createdAt) {
}
