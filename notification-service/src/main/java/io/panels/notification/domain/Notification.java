package io.panels.notification.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/**
 * One message in a person's inbox.
 *
 * @param id        the id of the event it came from (one event, at most one notification)
 * @param recipient the Keycloak user id it is for
 * @param kind      what happened: {@code export.completed}, {@code sync.failed}, {@code member.added}, ...
 * @param data      the ids a client needs to link to the subject (export, panel, data source, ...)
 */
public record Notification(UUID id, UUID tenantId, String recipient, String kind, String title, String body,
                           ObjectNode data, Instant createdAt, Instant readAt) {
}
