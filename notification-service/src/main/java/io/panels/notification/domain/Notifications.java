package io.panels.notification.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.EventJson;
import io.panels.events.export.ExportCompleted;
import io.panels.events.export.ExportFailed;
import io.panels.events.member.MemberAdded;
import io.panels.events.sync.SyncCompleted;
import io.panels.events.sync.SyncFailed;
import java.util.Locale;
import java.util.Optional;

/**
 * Which events tell a person something, whom, and in what words. The same function serves the
 * inbox consumer (which stores it once) and every stream replica (which pushes it to the
 * recipient's connections), so both agree on the id and the content.
 */
public final class Notifications {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Notifications() {
    }

    /** Whether events of this type may become a notification (cheap pre-check before parsing). */
    public static boolean concerns(String eventType) {
        return eventType.equals(EventCatalog.EXPORT_COMPLETED.name()) || eventType.equals(EventCatalog.EXPORT_FAILED.name())
                || eventType.equals(EventCatalog.SYNC_COMPLETED.name()) || eventType.equals(EventCatalog.SYNC_FAILED.name())
                || eventType.equals(EventCatalog.MEMBER_ADDED.name());
    }

    public static Optional<Notification> from(EventEnvelope event) {
        if (!concerns(event.type())) {
            return Optional.empty();
        }
        ObjectNode data = JSON.createObjectNode();
        return switch (event.type()) {
            case "export.completed" -> {
                ExportCompleted export = EventJson.read(event.data(), ExportCompleted.class);
                data.put("exportId", String.valueOf(export.exportId())).put("panelId", String.valueOf(export.panelId()))
                        .put("format", export.format()).put("rows", export.rows()).put("bytes", export.bytes());
                putId(data, "viewId", export.viewId());
                yield notification(event, export.requestedBy(), "Your export is ready",
                        "The " + format(export.format()) + " export (" + export.rows() + " rows) is ready to download.", data);
            }
            case "export.failed" -> {
                ExportFailed export = EventJson.read(event.data(), ExportFailed.class);
                data.put("exportId", String.valueOf(export.exportId())).put("panelId", String.valueOf(export.panelId()))
                        .put("format", export.format()).put("reason", export.reason());
                putId(data, "viewId", export.viewId());
                yield notification(event, export.requestedBy(), "Your export failed",
                        "The " + format(export.format()) + " export failed: " + export.reason(), data);
            }
            case "sync.completed" -> {
                SyncCompleted sync = EventJson.read(event.data(), SyncCompleted.class);
                data.put("sourceId", String.valueOf(sync.sourceId())).put("panelId", String.valueOf(sync.panelId()))
                        .put("runId", String.valueOf(sync.runId())).put("read", sync.read()).put("inserted", sync.inserted())
                        .put("updated", sync.updated()).put("deleted", sync.deleted()).put("failed", sync.failed());
                String body = "Read " + sync.read() + " records: " + sync.inserted() + " added, " + sync.updated()
                        + " changed, " + sync.deleted() + " removed" + (sync.failed() > 0 ? ", " + sync.failed() + " failed." : ".");
                yield notification(event, sync.ownerId(), sync.failed() > 0 ? "Sync finished with failures" : "Sync finished", body, data);
            }
            case "sync.failed" -> {
                SyncFailed sync = EventJson.read(event.data(), SyncFailed.class);
                data.put("sourceId", String.valueOf(sync.sourceId())).put("panelId", String.valueOf(sync.panelId()))
                        .put("runId", String.valueOf(sync.runId())).put("reason", sync.reason());
                yield notification(event, sync.ownerId(), "Sync failed", "The sync run failed: " + sync.reason(), data);
            }
            case "member.added" -> {
                MemberAdded member = EventJson.read(event.data(), MemberAdded.class);
                data.put("tenantId", String.valueOf(member.tenantId())).put("role", member.role());
                yield notification(event, member.userId(), "You were added to a tenant",
                        "You were added to tenant " + member.tenantId() + " as " + member.role() + ".", data);
            }
            default -> Optional.empty();
        };
    }

    private static Optional<Notification> notification(EventEnvelope event, String recipient, String title, String body,
                                                       ObjectNode data) {
        if (recipient == null || recipient.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Notification(event.id(), event.tenantId(), recipient, event.type(), title, body, data,
                event.time(), null));
    }

    private static void putId(ObjectNode data, String field, Object id) {
        if (id != null) {
            data.put(field, id.toString());
        }
    }

    private static String format(String format) {
        return format == null ? "" : format.toUpperCase(Locale.ROOT);
    }
}
