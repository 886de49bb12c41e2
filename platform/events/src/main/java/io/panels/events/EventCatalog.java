package io.panels.events;

import io.panels.events.member.MemberAdded;
import io.panels.events.member.MemberRemoved;
import io.panels.events.member.MemberRoleChanged;
import io.panels.events.panel.ColumnAdded;
import io.panels.events.panel.ColumnDeleted;
import io.panels.events.panel.ColumnUpdated;
import io.panels.events.panel.ColumnsReordered;
import io.panels.events.panel.PanelArchived;
import io.panels.events.panel.PanelCreated;
import io.panels.events.panel.PanelDeleted;
import io.panels.events.panel.PanelDuplicated;
import io.panels.events.panel.PanelRestored;
import io.panels.events.panel.PanelUpdated;
import io.panels.events.row.RowCreated;
import io.panels.events.row.RowDeleted;
import io.panels.events.row.RowUpdated;
import io.panels.events.tenant.TenantCreated;
import io.panels.events.tenant.TenantDeleted;
import io.panels.events.tenant.TenantReactivated;
import io.panels.events.tenant.TenantSuspended;
import io.panels.events.tenant.TenantUpdated;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event type Panels publishes. A new event is one constant here, its payload record and its
 * JSON Schema; {@code EventCatalogTest} checks that the three stay together.
 */
public final class EventCatalog {

    public static final EventType<TenantCreated> TENANT_CREATED =
            new EventType<>("tenant.created", Topics.TENANTS, TenantCreated.class);
    public static final EventType<TenantUpdated> TENANT_UPDATED =
            new EventType<>("tenant.updated", Topics.TENANTS, TenantUpdated.class);
    public static final EventType<TenantSuspended> TENANT_SUSPENDED =
            new EventType<>("tenant.suspended", Topics.TENANTS, TenantSuspended.class);
    public static final EventType<TenantReactivated> TENANT_REACTIVATED =
            new EventType<>("tenant.reactivated", Topics.TENANTS, TenantReactivated.class);
    public static final EventType<TenantDeleted> TENANT_DELETED =
            new EventType<>("tenant.deleted", Topics.TENANTS, TenantDeleted.class);

    public static final EventType<MemberAdded> MEMBER_ADDED =
            new EventType<>("member.added", Topics.TENANTS, MemberAdded.class);
    public static final EventType<MemberRoleChanged> MEMBER_ROLE_CHANGED =
            new EventType<>("member.role_changed", Topics.TENANTS, MemberRoleChanged.class);
    public static final EventType<MemberRemoved> MEMBER_REMOVED =
            new EventType<>("member.removed", Topics.TENANTS, MemberRemoved.class);

    // Panels and their columns (panel-service), keyed by panel id: one panel's schema changes stay in order.
    public static final EventType<PanelCreated> PANEL_CREATED =
            new EventType<>("panel.created", Topics.PANELS, PanelCreated.class);
    public static final EventType<PanelUpdated> PANEL_UPDATED =
            new EventType<>("panel.updated", Topics.PANELS, PanelUpdated.class);
    public static final EventType<PanelArchived> PANEL_ARCHIVED =
            new EventType<>("panel.archived", Topics.PANELS, PanelArchived.class);
    public static final EventType<PanelRestored> PANEL_RESTORED =
            new EventType<>("panel.restored", Topics.PANELS, PanelRestored.class);
    public static final EventType<PanelDeleted> PANEL_DELETED =
            new EventType<>("panel.deleted", Topics.PANELS, PanelDeleted.class);
    public static final EventType<PanelDuplicated> PANEL_DUPLICATED =
            new EventType<>("panel.duplicated", Topics.PANELS, PanelDuplicated.class);
    public static final EventType<ColumnAdded> COLUMN_ADDED =
            new EventType<>("column.added", Topics.PANELS, ColumnAdded.class);
    public static final EventType<ColumnUpdated> COLUMN_UPDATED =
            new EventType<>("column.updated", Topics.PANELS, ColumnUpdated.class);
    public static final EventType<ColumnDeleted> COLUMN_DELETED =
            new EventType<>("column.deleted", Topics.PANELS, ColumnDeleted.class);
    public static final EventType<ColumnsReordered> COLUMN_REORDERED =
            new EventType<>("column.reordered", Topics.PANELS, ColumnsReordered.class);

    // Rows (data-service), keyed by panel id: one event per row, also for batches.
    public static final EventType<RowCreated> ROW_CREATED =
            new EventType<>("row.created", Topics.ROWS, RowCreated.class);
    public static final EventType<RowUpdated> ROW_UPDATED =
            new EventType<>("row.updated", Topics.ROWS, RowUpdated.class);
    public static final EventType<RowDeleted> ROW_DELETED =
            new EventType<>("row.deleted", Topics.ROWS, RowDeleted.class);

    private static final List<EventType<?>> ALL = List.of(
            TENANT_CREATED, TENANT_UPDATED, TENANT_SUSPENDED, TENANT_REACTIVATED, TENANT_DELETED,
            MEMBER_ADDED, MEMBER_ROLE_CHANGED, MEMBER_REMOVED,
            PANEL_CREATED, PANEL_UPDATED, PANEL_ARCHIVED, PANEL_RESTORED, PANEL_DELETED, PANEL_DUPLICATED,
            COLUMN_ADDED, COLUMN_UPDATED, COLUMN_DELETED, COLUMN_REORDERED,
            ROW_CREATED, ROW_UPDATED, ROW_DELETED);

    private static final Map<String, EventType<?>> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::name, Function.identity()));

    private EventCatalog() {
    }

    public static List<EventType<?>> all() {
        return ALL;
    }

    public static Optional<EventType<?>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
