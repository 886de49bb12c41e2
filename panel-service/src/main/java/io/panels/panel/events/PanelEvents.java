package io.panels.panel.events;

import io.panels.common.outbox.Outbox;
import io.panels.common.outbox.OutgoingEvent;
import io.panels.events.EventCatalog;
import io.panels.events.EventType;
import io.panels.events.panel.ColumnAdded;
import io.panels.events.panel.ColumnDefinition;
import io.panels.events.panel.ColumnDeleted;
import io.panels.events.panel.ColumnUpdated;
import io.panels.events.panel.ColumnsReordered;
import io.panels.events.panel.PanelArchived;
import io.panels.events.panel.PanelCreated;
import io.panels.events.panel.PanelDeleted;
import io.panels.events.panel.PanelDuplicated;
import io.panels.events.panel.PanelRestored;
import io.panels.events.panel.PanelUpdated;
import io.panels.events.panel.SelectOption;
import io.panels.panel.domain.Column;
import io.panels.panel.domain.ColumnConversion;
import io.panels.panel.domain.ColumnSettings;
import io.panels.panel.domain.Panel;
import io.panels.panel.domain.PanelSchema;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Appends panel.* and column.* events to the outbox in the transaction of the change. The record
 * key is always the panel id, so a panel's schema changes reach consumers in order.
 */
@ApplicationScoped
public class PanelEvents {

    private final Outbox outbox;

    public PanelEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> created(SqlConnection tx, PanelSchema schema) {
        Panel panel = schema.panel();
        return append(tx, EventCatalog.PANEL_CREATED, panel, panel.id().toString(), new PanelCreated(panel.id(), panel.name(),
                panel.description(), panel.icon(), panel.colour(), panel.version(), definitions(schema.columns()),
                panel.createdAt().toInstant(), panel.createdBy(), panel.duplicatedFrom()));
    }

    public Uni<Void> updated(SqlConnection tx, Panel panel) {
        return append(tx, EventCatalog.PANEL_UPDATED, panel, panel.id().toString(), new PanelUpdated(panel.id(), panel.name(),
                panel.description(), panel.icon(), panel.colour(), panel.version()));
    }

    public Uni<Void> archived(SqlConnection tx, Panel panel) {
        return append(tx, EventCatalog.PANEL_ARCHIVED, panel, panel.id().toString(), new PanelArchived(panel.id(), panel.version()));
    }

    public Uni<Void> restored(SqlConnection tx, Panel panel) {
        return append(tx, EventCatalog.PANEL_RESTORED, panel, panel.id().toString(), new PanelRestored(panel.id(), panel.version()));
    }

    public Uni<Void> deleted(SqlConnection tx, Panel panel, String reason) {
        return append(tx, EventCatalog.PANEL_DELETED, panel, panel.id().toString(),
                new PanelDeleted(panel.id(), panel.version(), reason));
    }

    public Uni<Void> duplicated(SqlConnection tx, PanelSchema copy, PanelSchema source, boolean withViews) {
        List<PanelDuplicated.ColumnMapping> mapping = copy.columns().stream()
                .map(column -> new PanelDuplicated.ColumnMapping(
                        source.columns().stream().filter(s -> s.key().equals(column.key())).findFirst().orElseThrow().id(),
                        column.id(), column.key()))
                .toList();
        return append(tx, EventCatalog.PANEL_DUPLICATED, copy.panel(), copy.panel().id().toString(),
                new PanelDuplicated(copy.panel().id(), source.panel().id(), withViews, mapping));
    }

    public Uni<Void> columnAdded(SqlConnection tx, PanelSchema schema, Column column) {
        return append(tx, EventCatalog.COLUMN_ADDED, schema.panel(), column.id().toString(),
                new ColumnAdded(schema.panel().id(), schema.panel().version(), definition(column), schema.columnOrder()));
    }

    public Uni<Void> columnUpdated(SqlConnection tx, Panel panel, Column column, Column previous,
                                   ColumnConversion conversion, boolean confirmed) {
        io.panels.events.panel.ColumnConversion declared = conversion == null ? null
                : new io.panels.events.panel.ColumnConversion(conversion.from().wireName(), conversion.to().wireName(),
                conversion.lossy() ? "lossy" : "lossless", conversion.rule(), conversion.description(),
                conversion.removedOptionIds().isEmpty() ? null : conversion.removedOptionIds(),
                !conversion.lossy() || confirmed);
        return append(tx, EventCatalog.COLUMN_UPDATED, panel, column.id().toString(),
                new ColumnUpdated(panel.id(), panel.version(), definition(column), definition(previous), declared));
    }

    public Uni<Void> columnDeleted(SqlConnection tx, PanelSchema after, Column column) {
        return append(tx, EventCatalog.COLUMN_DELETED, after.panel(), column.id().toString(),
                new ColumnDeleted(after.panel().id(), after.panel().version(), definition(column), after.columnOrder()));
    }

    public Uni<Void> columnsReordered(SqlConnection tx, PanelSchema schema) {
        return append(tx, EventCatalog.COLUMN_REORDERED, schema.panel(), schema.panel().id().toString(),
                new ColumnsReordered(schema.panel().id(), schema.panel().version(), definitions(schema.columns())));
    }

    /** The full definition events carry. */
    public static ColumnDefinition definition(Column column) {
        ColumnSettings s = column.settings();
        List<SelectOption> options = s.options() == null ? null
                : s.options().stream().map(o -> new SelectOption(o.id(), o.name(), o.colour())).toList();
        return new ColumnDefinition(column.id(), column.key(), column.name(), column.type().wireName(), column.position(),
                column.required(), column.unique(), column.defaultValue(),
                new io.panels.events.panel.ColumnSettings(s.precision(), s.currency(), s.timeZone(), s.durationFormat(),
                        options, s.max(), s.formula(), s.resultType(), s.referencedKeys(), s.immutable()));
    }

    private static List<ColumnDefinition> definitions(List<Column> columns) {
        return columns.stream().map(PanelEvents::definition).toList();
    }

    private <T> Uni<Void> append(SqlConnection tx, EventType<T> type, Panel panel, String subject, T payload) {
        UUID panelId = panel.id();
        return outbox.append(tx, new OutgoingEvent<>(type, panel.tenantId(), panelId.toString(), subject, payload))
                .replaceWithVoid();
    }
}
