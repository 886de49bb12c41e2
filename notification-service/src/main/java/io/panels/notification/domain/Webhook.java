package io.panels.notification.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An endpoint a tenant's owners or admins registered for events. The signing secret is not part
 * of it: it is shown once at creation and read again only by the dispatcher.
 *
 * @param eventTypes          filters: {@code row.created}, {@code row.*} or {@code *}
 * @param consecutiveFailures failed attempts in a row; at the configured maximum the webhook is disabled
 * @param version             for If-Match on updates
 */
public record Webhook(UUID id, UUID tenantId, String url, String description, List<String> eventTypes, boolean enabled,
                      String disabledReason, int consecutiveFailures, long version, Instant createdAt, String createdBy,
                      Instant updatedAt) {
}
