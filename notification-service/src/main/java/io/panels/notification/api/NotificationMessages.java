package io.panels.notification.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.notification.domain.Notification;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Replies of the inbox API. */
public final class NotificationMessages {

    private NotificationMessages() {
    }

    @RegisterForReflection
    public record NotificationResponse(UUID id, String kind, String title, String body, JsonNode data, Instant createdAt,
                                       Instant readAt, boolean read) {
        static NotificationResponse of(Notification n) {
            return new NotificationResponse(n.id(), n.kind(), n.title(), n.body(), n.data(), n.createdAt(), n.readAt(),
                    n.readAt() != null);
        }
    }

    @RegisterForReflection
    public record NotificationList(List<NotificationResponse> items, String nextCursor) {
    }

    @RegisterForReflection
    public record UnreadCount(long count) {
    }

    @RegisterForReflection
    public record MarkedRead(int updated) {
    }
}
