package io.panels.data.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.common.outbox.Outbox;
import io.panels.common.outbox.OutgoingEvent;
import io.panels.data.domain.RowData;
import io.panels.data.store.Statements;
import io.panels.events.EventCatalog;
import io.panels.events.row.RowCreated;
import io.panels.events.row.RowDeleted;
import io.panels.events.row.RowUpdated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * row.created / row.updated / row.deleted through the outbox, in the transaction of the change:
 * one event per row, keyed by panel id, subject the row id.
 */
@ApplicationScoped
public class RowEvents {

    private final Outbox outbox;

    public RowEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * row.created for new rows at version 1, made at {@code at} by {@code by}: what their insert
     * writes, so that these events go out in the same round trip as it (they commit with it or not at all).
     */
    public Uni<Void> created(SqlClient tx, UUID tenantId, UUID panelId, List<UUID> ids, Instant at, String by,
                             List<Map<String, JsonNode>> values) {
        List<Integer> indexes = java.util.stream.IntStream.range(0, ids.size()).boxed().toList();
        return Statements.pipelined(indexes, i -> append(tx, new OutgoingEvent<>(EventCatalog.ROW_CREATED, tenantId,
                panelId.toString(), ids.get(i).toString(), new RowCreated(panelId, ids.get(i), 1, values.get(i), at, by))));
    }

    public Uni<Void> updated(SqlClient tx, UUID tenantId, UUID panelId, UUID rowId, long version, Map<String, JsonNode> values,
                             Map<String, JsonNode> previous, Instant at, String by) {
        return append(tx, new OutgoingEvent<>(EventCatalog.ROW_UPDATED, tenantId, panelId.toString(), rowId.toString(),
                new RowUpdated(panelId, rowId, version, values, previous, at, by)));
    }

    public Uni<Void> deleted(SqlClient tx, UUID tenantId, UUID panelId, RowData row, Instant at, String by) {
        return append(tx, new OutgoingEvent<>(EventCatalog.ROW_DELETED, tenantId, panelId.toString(), row.id().toString(),
                new RowDeleted(panelId, row.id(), row.version(), row.values(), at, by)));
    }

    private <T> Uni<Void> append(SqlClient tx, OutgoingEvent<T> event) {
        return outbox.append(tx, event).replaceWithVoid();
    }
}
