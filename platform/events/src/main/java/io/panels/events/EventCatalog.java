package io.panels.events;

import io.panels.events.export.ExportCompleted;
import io.panels.events.export.ExportFailed;
import io.panels.events.export.ExportRequested;
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
import io.panels.events.row.RowsImported;
import io.panels.events.sync.SyncCompleted;
import io.panels.events.sync.SyncFailed;
import io.panels.events.sync.SyncRequested;
import io.panels.events.sync.SyncStarted;
import io.panels.events.tenant.TenantCreated;
import io.panels.events.tenant.TenantDeleted;
import io.panels.events.tenant.TenantReactivated;
import io.panels.events.tenant.TenantSuspended;
import io.panels.events.tenant.TenantUpdated;
import io.panels.events.view.ViewCreated;
import io.panels.events.view.ViewDeleted;
import io.panels.events.view.ViewUpdated;
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
    // A CSV import: one summary event per import, not one per row.
    public static final EventType<RowsImported> ROWS_IMPORTED =
            new EventType<>("rows.imported", Topics.ROWS, RowsImported.class);

    // Sync runs of data sources (data-service), keyed by data source id: the request is also the workers' command.
    public static final EventType<SyncRequested> SYNC_REQUESTED =
            new EventType<>("sync.requested", Topics.DATASOURCES, SyncRequested.class);
    public static final EventType<SyncStarted> SYNC_STARTED =
            new EventType<>("sync.started", Topics.DATASOURCES, SyncStarted.class);
    public static final EventType<SyncCompleted> SYNC_COMPLETED =
            new EventType<>("sync.completed", Topics.DATASOURCES, SyncCompleted.class);
    public static final EventType<SyncFailed> SYNC_FAILED =
            new EventType<>("sync.failed", Topics.DATASOURCES, SyncFailed.class);

    // Export jobs (export-service), keyed by export id: the request is also the workers' command.
    public static final EventType<ExportRequested> EXPORT_REQUESTED =
            new EventType<>("export.requested", Topics.EXPORTS, ExportRequested.class);
    public static final EventType<ExportCompleted> EXPORT_COMPLETED =
            new EventType<>("export.completed", Topics.EXPORTS, ExportCompleted.class);
    public static final EventType<ExportFailed> EXPORT_FAILED =
            new EventType<>("export.failed", Topics.EXPORTS, ExportFailed.class);

    // Saved views (view-service), keyed by panel id: one panel's view changes stay in order.
    public static final EventType<ViewCreated> VIEW_CREATED =
            new EventType<>("view.created", Topics.VIEWS, ViewCreated.class);
    public static final EventType<ViewUpdated> VIEW_UPDATED =
            new EventType<>("view.updated", Topics.VIEWS, ViewUpdated.class);
    public static final EventType<ViewDeleted> VIEW_DELETED =
            new EventType<>("view.deleted", Topics.VIEWS, ViewDeleted.class);

    private static final List<EventType<?>> ALL = List.of(
            TENANT_CREATED, TENANT_UPDATED, TENANT_SUSPENDED, TENANT_REACTIVATED, TENANT_DELETED,
            MEMBER_ADDED, MEMBER_ROLE_CHANGED, MEMBER_REMOVED,
            PANEL_CREATED, PANEL_UPDATED, PANEL_ARCHIVED, PANEL_RESTORED, PANEL_DELETED, PANEL_DUPLICATED,
            COLUMN_ADDED, COLUMN_UPDATED, COLUMN_DELETED, COLUMN_REORDERED,
            ROW_CREATED, ROW_UPDATED, ROW_DELETED, ROWS_IMPORTED,
            VIEW_CREATED, VIEW_UPDATED, VIEW_DELETED,
            EXPORT_REQUESTED, EXPORT_COMPLETED, EXPORT_FAILED,
            SYNC_REQUESTED, SYNC_STARTED, SYNC_COMPLETED, SYNC_FAILED);

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
