package io.panels.notification.api;

import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenantAccess;
import io.panels.common.tenant.TenantContext;
import io.panels.notification.api.NotificationMessages.MarkedRead;
import io.panels.notification.api.NotificationMessages.NotificationList;
import io.panels.notification.api.NotificationMessages.NotificationResponse;
import io.panels.notification.api.NotificationMessages.UnreadCount;
import io.panels.notification.config.NotificationSettings;
import io.panels.notification.domain.Cursors;
import io.panels.notification.domain.Inbox;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's inbox in the tenant of their token (every member has one). */
@Path("/api/v1/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications")
public class NotificationResource {

    private final TenantContext tenant;
    private final Inbox inbox;
    private final int defaultPageSize;

    public NotificationResource(TenantContext tenant, Inbox inbox, NotificationSettings settings) {
        this.tenant = tenant;
        this.inbox = inbox;
        this.defaultPageSize = settings.inbox().defaultPageSize();
    }

    @GET
    @Operation(summary = "List my notifications", description = "Newest first; cursor pagination (limit, cursor -> nextCursor); unread=true for unread only.")
    public Uni<NotificationList> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
                                      @QueryParam("unread") boolean unread) {
        TenantAccess access = tenant.require(Role.VIEWER);
        int size = Cursors.limit(limit, defaultPageSize);
        UUID before = Cursors.parse(cursor);
        return inbox.page(access, before, unread, size + 1).map(page -> {
            boolean more = page.size() > size;
            var items = page.stream().limit(size).map(NotificationResponse::of).toList();
            return new NotificationList(items, more ? Cursors.of(items.getLast().id()) : null);
        });
    }

    @GET
    @Path("/unread-count")
    @Operation(summary = "How many of my notifications are unread")
    public Uni<UnreadCount> unreadCount() {
        TenantAccess access = tenant.require(Role.VIEWER);
        return inbox.unreadCount(access).map(UnreadCount::new);
    }

    @POST
    @Path("/{id}/read")
    @Operation(summary = "Mark one notification read", description = "Idempotent: the first read time is kept.")
    public Uni<NotificationResponse> markRead(@PathParam("id") UUID id) {
        TenantAccess access = tenant.require(Role.VIEWER);
        return inbox.markRead(access, id).map(NotificationResponse::of);
    }

    @POST
    @Path("/read-all")
    @Operation(summary = "Mark all my notifications read")
    public Uni<MarkedRead> markAllRead() {
        TenantAccess access = tenant.require(Role.VIEWER);
        return inbox.markAllRead(access).map(MarkedRead::new);
    }
}
