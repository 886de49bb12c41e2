package io.panels.data.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.panels.common.ids.Ids;
import io.panels.common.problem.FieldError;
import io.panels.common.problem.ProblemException;
import io.panels.data.config.DataSettings;
import io.panels.data.events.RowEvents;
import io.panels.data.store.JsonValues;
import io.panels.data.store.PanelRegistry;
import io.panels.data.store.RowStore;
import io.panels.data.store.Statements;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The rules of rows: what may be written (values checked against the panel's columns, unique
 * columns, versions), and that every change has its history entry and its event in the same
 * transaction. A batch is all or nothing: the first problem found fails it, with every problem of
 * its kind listed by row index and column key. Callers run each call in a transaction bound to the
 * caller's tenant.
 */
@ApplicationScoped
public class Rows {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final PanelRegistry registry;
    private final RowStore store;
    private final RowEvents events;
    private final DataSettings settings;

    public Rows(PanelRegistry registry, RowStore store, RowEvents events, DataSettings settings) {
        this.registry = registry;
        this.store = store;
        this.events = events;
        this.settings = settings;
    }

    /** A change to one row: its id, the version the caller saw (null: any), the values to set. */
    public record Patch(UUID id, Long version, Map<String, JsonNode> values) {
    }

    /** The panel, or 404 when it does not exist here, belongs to another tenant, or was deleted. */
    public Uni<PanelSchema> panel(SqlClient tx, UUID panelId) {
        return registry.find(tx, panelId).map(found -> found
                .filter(p -> p.status() != PanelSchema.Status.DELETED)
                .orElseThrow(() -> ProblemException.notFound("Panel", panelId)));
    }

    /** The panel, or 404 like {@link #panel}, or 409 when it is archived (its rows are read-only). */
    public Uni<PanelSchema> writable(SqlClient tx, UUID panelId) {
        return panel(tx, panelId).invoke(panel -> {
            if (panel.status() == PanelSchema.Status.ARCHIVED) {
                throw new ProblemException(409, "panel-archived", "Panel archived",
                        "The panel is archived: its rows can be read but not changed. Restore it first.");
            }
        });
    }

    public Uni<RowData> get(SqlClient tx, UUID panelId, UUID rowId) {
        return panel(tx, panelId).chain(panel -> store.read(tx, panel, List.of(rowId)))
                .map(rows -> rows.stream().findFirst().orElseThrow(() -> ProblemException.notFound("Row", rowId)));
    }

    /**
     * Creates rows in one round trip when the panel's schema is cached (ADR 0042): the insert, which
     * answers the rows with their formulas and checks that the schema is still current, their
     * history and their row.created events are sent together. A stale schema fails the transaction
     * with {@link PanelRegistry.StaleSchema} (the caller runs it again, reading the schema afresh).
     */
    public Uni<List<RowData>> create(SqlClient tx, UUID tenantId, String user, UUID panelId, List<Map<String, JsonNode>> inputs,
                                     boolean batch) {
        checkSize(inputs.size(), batch);
        return registry.forWrite(tx, tenantId, panelId)
                .chain(found -> found.isPresent() ? Uni.createFrom().item(found.get()) : writable(tx, panelId))
                .chain(panel -> create(tx, tenantId, user, panel, inputs, batch)
                        .onFailure(PanelRegistry.StaleSchema.class).invoke(() -> registry.forget(panelId)));
    }

    private Uni<List<RowData>> create(SqlClient tx, UUID tenantId, String user, PanelSchema panel, List<Map<String, JsonNode>> inputs,
                                      boolean batch) {
        List<FieldError> errors = new ArrayList<>();
        List<Map<String, CellValue>> rows = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            rows.add(RowValues.forCreate(panel, inputs.get(i), prefix(batch, i), errors));
        }
        failIfInvalid(errors, batch);
        List<UUID> ids = inputs.stream().map(i -> Ids.newId()).toList();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<Map<String, JsonNode>> stored = rows.stream().map(Rows::json).toList();
        List<RowStore.HistoryEntry> history = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            history.add(new RowStore.HistoryEntry(ids.get(i), 1, "created", utc(at), user, changes(Map.of(), stored.get(i))));
        }
        // The unique checks go first in the same round trip: they see the panel without these rows.
        return Statements.together(List.of(
                        unique(tx, panel, rows, new ArrayList<>(java.util.Collections.nCopies(rows.size(), (UUID) null)), batch),
                        store.insert(tx, panel, tenantId, user, ids, rows, utc(at)),
                        store.history(tx, tenantId, panel.panelId(), history),
                        events.created(tx, tenantId, panel.panelId(), ids, at, user, stored)))
                .map(items -> {
                    @SuppressWarnings("unchecked")
                    List<RowData> created = (List<RowData>) items.get(1);
                    return created;
                });
    }

    public Uni<List<RowData>> update(SqlClient tx, UUID tenantId, String user, UUID panelId, List<Patch> patches, boolean batch) {
        return update(tx, tenantId, user, panelId, patches, batch, "updated");
    }

    private Uni<List<RowData>> update(SqlClient tx, UUID tenantId, String user, UUID panelId, List<Patch> patches, boolean batch,
                                      String action) {
        checkSize(patches.size(), batch);
        return writable(tx, panelId).chain(panel -> {
            List<FieldError> errors = new ArrayList<>();
            List<Map<String, CellValue>> rows = new ArrayList<>();
            Set<UUID> seen = new HashSet<>();
            for (int i = 0; i < patches.size(); i++) {
                Patch patch = patches.get(i);
                if (patch.id() == null) {
                    errors.add(new FieldError(prefix(batch, i) + "id", "is required"));
                } else if (!seen.add(patch.id())) {
                    errors.add(new FieldError(prefix(batch, i) + "id", "appears twice in this batch"));
                }
                rows.add(RowValues.forUpdate(panel, patch.values(), prefix(batch, i), errors));
            }
            failIfInvalid(errors, batch);
            List<UUID> ids = patches.stream().map(Patch::id).toList();
            return store.lock(tx, panel, ids)
                    .invoke(locked -> checkFound(locked.keySet(), ids, batch))
                    .invoke(locked -> checkVersions(locked, patches, batch))
                    .call(() -> unique(tx, panel, rows, ids, batch))
                    .chain(locked -> applyUpdates(tx, tenantId, user, panel, patches, rows, locked, action));
        });
    }

    private Uni<List<RowData>> applyUpdates(SqlClient tx, UUID tenantId, String user, PanelSchema panel, List<Patch> patches,
                                            List<Map<String, CellValue>> rows, Map<UUID, RowData> locked, String action) {
        List<UUID> ids = patches.stream().map(Patch::id).toList();
        Map<UUID, Map<String, JsonNode>> before = new HashMap<>();
        Map<UUID, Map<String, JsonNode>> after = new HashMap<>();
        List<Map.Entry<UUID, Map<String, CellValue>>> updates = new ArrayList<>();
        for (int i = 0; i < patches.size(); i++) {
            UUID id = ids.get(i);
            Map<String, JsonNode> old = new LinkedHashMap<>();
            Map<String, JsonNode> changed = new LinkedHashMap<>();
            Map<String, CellValue> toSet = new LinkedHashMap<>();
            rows.get(i).forEach((key, value) -> {
                JsonNode previous = locked.get(id).values().get(key);
                if (!same(previous, value.json())) {
                    old.put(key, previous);
                    changed.put(key, value.json());
                    toSet.put(key, value);
                }
            });
            if (toSet.isEmpty()) {
                continue;
            }
            before.put(id, old);
            after.put(id, changed);
            updates.add(Map.entry(id, toSet));
        }
        return Statements.sequentially(updates, update -> store.update(tx, panel, user, update.getKey(), update.getValue()))
                .chain(() -> store.read(tx, panel, ids)).call(updated -> {
                    List<RowData> changed = updated.stream().filter(row -> after.containsKey(row.id())).toList();
                    List<RowStore.HistoryEntry> history = changed.stream().map(row -> new RowStore.HistoryEntry(row.id(),
                            row.version(), action, utc(row.updatedAt()), user,
                            changes(before.get(row.id()), after.get(row.id())))).toList();
                    return Statements.together(List.of(store.history(tx, tenantId, panel.panelId(), history),
                            Statements.pipelined(changed, row -> events.updated(tx, tenantId, panel.panelId(),
                                    row.id(), row.version(), after.get(row.id()), before.get(row.id()), row.updatedAt(), user))));
                });
    }

    /** Deletes rows; {@code versions} (same order, null entries: any) are the versions the caller saw. */
    public Uni<List<UUID>> delete(SqlClient tx, UUID tenantId, String user, UUID panelId, List<UUID> ids, List<Long> versions,
                                  boolean batch) {
        checkSize(ids.size(), batch);
        if (new HashSet<>(ids).size() != ids.size()) {
            throw ProblemException.invalid("ids", "a row appears twice in this batch");
        }
        return writable(tx, panelId).chain(panel -> store.lock(tx, panel, ids)
                .invoke(locked -> checkFound(locked.keySet(), ids, batch))
                .invoke(locked -> {
                    List<Patch> patches = new ArrayList<>();
                    for (int i = 0; i < ids.size(); i++) {
                        patches.add(new Patch(ids.get(i), versions.get(i), Map.of()));
                    }
                    checkVersions(locked, patches, batch);
                })
                .chain(() -> store.delete(tx, panel, ids))
                .call(deleted -> {
                    Instant at = Instant.now();
                    List<RowStore.HistoryEntry> history = deleted.stream().map(row -> new RowStore.HistoryEntry(row.id(),
                            row.version() + 1, "deleted", utc(at), user, changes(row.values(), null))).toList();
                    return Statements.together(List.of(store.history(tx, tenantId, panelId, history),
                            Statements.pipelined(deleted, row -> events.deleted(tx, tenantId, panelId, row, at, user))));
                })
                .map(deleted -> ids));
    }

    /**
     * Gives a row the values it had at {@code version}, as a new version (history action
     * {@code restored}, event row.updated). The values of a version are the current ones with the
     * changes since undone, newest first; so a version without an entry of its own (an imported
     * row's first) can be restored too. A deleted row cannot: 404 (its history stays readable).
     *
     * @param expected the version the caller saw (If-Match), null: any
     */
    public Uni<RowData> restore(SqlClient tx, UUID tenantId, String user, UUID panelId, UUID rowId, long version, Long expected) {
        return writable(tx, panelId).chain(panel -> store.lock(tx, panel, List.of(rowId)).chain(locked -> {
            RowData row = locked.get(rowId);
            if (row == null) {
                throw new ProblemException(404, "not-found", "Not found", "Row " + rowId
                        + " does not exist; a deleted row cannot be restored (its history stays readable).");
            }
            if (expected != null && expected != row.version()) {
                throw new ProblemException(412, "stale-version", "Precondition failed",
                        "The row changed since you read it; read it again and reapply your change.",
                        List.of(new FieldError("If-Match", "the row is at version " + row.version())));
            }
            if (version < 1 || version > row.version()) {
                throw new ProblemException(404, "not-found", "Not found", "Row " + rowId + " has no version " + version
                        + "; its versions are 1 to " + row.version() + ".");
            }
            return store.history(tx, panelId, rowId, null, Integer.MAX_VALUE).chain(records -> {
                Map<String, JsonNode> values = new LinkedHashMap<>(row.values());
                for (RowStore.HistoryRecord record : records) {
                    if (record.version() <= version) {
                        break;
                    }
                    JsonNode changes = JsonValues.parse(record.changes());
                    changes.properties().forEach(change -> {
                        if (change.getValue().has("old")) {
                            values.put(change.getKey(), change.getValue().get("old"));
                        }
                    });
                }
                Map<String, JsonNode> restored = new LinkedHashMap<>();
                for (PanelColumn column : panel.columns()) {
                    if (!column.computed() && values.containsKey(column.key())) {
                        restored.put(column.key(), values.get(column.key()));
                    }
                }
                return update(tx, tenantId, user, panelId, List.of(new Patch(rowId, row.version(), restored)), false, "restored")
                        .onFailure(ProblemException.class).transform(failure -> ((ProblemException) failure).status() == 400
                                ? new ProblemException(409, "restore-conflict", "Cannot restore",
                                "Values of version " + version + " no longer fit their columns (a column changed type or options).",
                                ((ProblemException) failure).errors())
                                : failure)
                        .map(List::getFirst);
            });
        }));
    }

    public Uni<List<RowStore.HistoryRecord>> history(SqlClient tx, UUID panelId, UUID rowId, Long beforeVersion, int limit) {
        return panel(tx, panelId).chain(panel -> store.history(tx, panelId, rowId, beforeVersion, limit))
                .invoke(records -> {
                    if (records.isEmpty() && beforeVersion == null) {
                        throw ProblemException.notFound("Row", rowId);
                    }
                });
    }

    private void checkSize(int size, boolean batch) {
        if (batch && (size < 1 || size > settings.maxBatchSize())) {
            throw ProblemException.invalid("rows", "a batch has 1 to " + settings.maxBatchSize() + " rows");
        }
    }

    private static void failIfInvalid(List<FieldError> errors, boolean batch) {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(batch ? "Some rows are not valid; nothing was written." : "The values are not valid.",
                    errors);
        }
    }

    private static void checkFound(Set<UUID> found, List<UUID> ids, boolean batch) {
        if (found.size() == ids.size()) {
            return;
        }
        if (!batch) {
            throw ProblemException.notFound("Row", ids.getFirst());
        }
        List<FieldError> missing = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (!found.contains(ids.get(i))) {
                missing.add(new FieldError("rows[" + i + "].id", "no such row in this panel"));
            }
        }
        throw new ProblemException(404, "not-found", "Not found", "Some rows do not exist; nothing was changed.", missing);
    }

    private static void checkVersions(Map<UUID, RowData> locked, List<Patch> patches, boolean batch) {
        List<FieldError> stale = new ArrayList<>();
        for (int i = 0; i < patches.size(); i++) {
            Patch patch = patches.get(i);
            long current = locked.get(patch.id()).version();
            if (patch.version() != null && patch.version() != current) {
                stale.add(new FieldError(batch ? "rows[" + i + "].version" : "If-Match", "the row is at version " + current));
            }
        }
        if (!stale.isEmpty()) {
            throw new ProblemException(412, "stale-version", "Precondition failed",
                    "The row changed since you read it; read it again and reapply your change.", stale);
        }
    }

    /**
     * Unique columns: no two rows of the batch, and no other row of the panel, share a value. The
     * checks of all columns are sent at once (one round trip), and before whatever the caller sends
     * after subscribing to this (so they never see the rows being written).
     */
    private Uni<Void> unique(SqlClient tx, PanelSchema panel, List<Map<String, CellValue>> rows, List<UUID> ids, boolean batch) {
        List<FieldError> errors = new ArrayList<>();
        List<PanelColumn> checked = new ArrayList<>();
        List<List<Integer>> checkedIndexes = new ArrayList<>();
        List<Uni<?>> checks = new ArrayList<>();
        List<UUID> except = ids.stream().filter(Objects::nonNull).toList();
        for (PanelColumn column : panel.columns()) {
            if (!column.unique() || column.computed()) {
                continue;
            }
            Map<String, Integer> firstIndex = new LinkedHashMap<>();
            List<Integer> indexes = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                CellValue value = rows.get(i).get(column.key());
                if (value == null || value.blank()) {
                    continue;
                }
                String text = comparable(value.sql());
                if (firstIndex.putIfAbsent(text, i) != null) {
                    errors.add(new FieldError(prefix(batch, i) + "values." + column.key(), "another row of this batch has the same value"));
                } else {
                    indexes.add(i);
                }
            }
            if (indexes.isEmpty()) {
                continue;
            }
            List<String> values = indexes.stream().map(i -> comparable(rows.get(i).get(column.key()).sql())).toList();
            checked.add(column);
            checkedIndexes.add(indexes);
            checks.add(store.taken(tx, panel, column, values, except));
        }
        Uni<List<Object>> answers = checks.isEmpty() ? Uni.createFrom().item(List.of()) : Statements.together(checks);
        return answers.invoke(taken -> {
            for (int c = 0; c < taken.size(); c++) {
                @SuppressWarnings("unchecked")
                List<Integer> positions = (List<Integer>) taken.get(c);
                for (int position : positions) {
                    int i = checkedIndexes.get(c).get(position);
                    errors.add(new FieldError(prefix(batch, i) + "values." + checked.get(c).key(), "another row already has this value"));
                }
            }
            if (!errors.isEmpty()) {
                throw new ProblemException(409, "unique-violation", "Value already taken",
                        "A unique column would hold the same value twice; nothing was written.", errors);
            }
        }).replaceWithVoid();
    }

    private static String comparable(Object sql) {
        return sql instanceof BigDecimal number ? number.stripTrailingZeros().toPlainString() : sql.toString();
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a == null || a.isNull()) {
            return b == null || b.isNull();
        }
        if (a.isNumber() && b != null && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static String prefix(boolean batch, int index) {
        return batch ? "rows[" + index + "]." : "";
    }

    private static Map<String, JsonNode> json(Map<String, CellValue> values) {
        Map<String, JsonNode> json = new LinkedHashMap<>();
        values.forEach((key, value) -> json.put(key, value.json()));
        return json;
    }

    /** {"key": {"old": ..., "new": ...}}; {@code after} null for a deletion. */
    private static ObjectNode changes(Map<String, JsonNode> before, Map<String, JsonNode> after) {
        ObjectNode changes = JSON.objectNode();
        Set<String> keys = new java.util.LinkedHashSet<>(before.keySet());
        if (after != null) {
            keys.addAll(after.keySet());
        }
        for (String key : keys) {
            ObjectNode change = changes.putObject(key);
            if (before.containsKey(key)) {
                change.set("old", before.get(key));
            }
            if (after != null) {
                change.set("new", after.get(key));
            }
        }
        return changes;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant == null ? Instant.now() : instant, ZoneOffset.UTC);
    }
}
