package io.panels.auth.store;

import io.panels.auth.domain.AuditEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The audit log (monthly partitions, docs/adr/0009); callers bind the tenant first. */
@ApplicationScoped
public class AuditStore {

    private static final String INSERT = "insert into audit_entry (tenant_id, occurred_at, id, actor, action, object_type,"
            + " object_id, summary, source, request_id, trace_id)"
            + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) on conflict do nothing";

    /** Filters of a listing; null means "any". The cursor is the last entry of the previous page. */
    public record Query(UUID tenantId, String actor, String objectType, String objectId, String action,
                        OffsetDateTime from, OffsetDateTime to, OffsetDateTime cursorTime, UUID cursorId, int limit) {
    }

    /** Answers false for an entry recorded before (a redelivered event). */
    public Uni<Boolean> insert(SqlClient sql, AuditEntry entry) {
        return sql.preparedQuery(INSERT).execute(tuple(entry)).map(rows -> rows.rowCount() == 1);
    }

    /** Several entries of the tenant bound to {@code sql}, in one round trip; entries recorded before are left as they are. */
    public Uni<Void> insertAll(SqlClient sql, List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sql.preparedQuery(INSERT).executeBatch(entries.stream().map(AuditStore::tuple).toList()).replaceWithVoid();
    }

    private static Tuple tuple(AuditEntry entry) {
        return Tuple.from(Arrays.asList(entry.tenantId(), entry.occurredAt(), entry.id(), entry.actor(),
                entry.action(), entry.objectType(), entry.objectId(), entry.summary(), entry.source(),
                entry.requestId(), entry.traceId()));
    }

    /** Newest first; each filter is a plain equality or range on an index that leads with tenant_id. */
    public Uni<List<AuditEntry>> list(SqlClient sql, Query query) {
        StringBuilder where = new StringBuilder("tenant_id = $1");
        List<Object> args = new ArrayList<>();
        args.add(query.tenantId());
        condition(where, args, "actor = ", query.actor());
        condition(where, args, "object_type = ", query.objectType());
        condition(where, args, "object_id = ", query.objectId());
        condition(where, args, "action = ", query.action());
        condition(where, args, "occurred_at >= ", query.from());
        condition(where, args, "occurred_at < ", query.to());
        if (query.cursorTime() != null) {
            args.add(query.cursorTime());
            args.add(query.cursorId());
            where.append(" and (occurred_at, id) < ($").append(args.size() - 1).append(", $").append(args.size()).append(')');
        }
        args.add(query.limit());
        String sqlText = "select tenant_id, occurred_at, id, actor, action, object_type, object_id, summary, source,"
                + " request_id, trace_id from audit_entry where " + where
                + " order by occurred_at desc, id desc limit $" + args.size();
        return sql.preparedQuery(sqlText).execute(Tuple.from(args)).map(rows -> {
            List<AuditEntry> entries = new ArrayList<>();
            rows.forEach(row -> entries.add(map(row)));
            return entries;
        });
    }

    private static void condition(StringBuilder where, List<Object> args, String test, Object value) {
        if (value != null) {
            args.add(value);
            where.append(" and ").append(test).append('$').append(args.size());
        }
    }

    private static AuditEntry map(Row row) {
        return new AuditEntry(row.getUUID("id"), row.getUUID("tenant_id"), row.getOffsetDateTime("occurred_at"),
                row.getString("actor"), row.getString("action"), row.getString("object_type"), row.getString("object_id"),
                row.getString("summary"), row.getString("source"), row.getString("request_id"), row.getString("trace_id"));
    }
}
