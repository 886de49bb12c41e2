package io.panels.auth.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.auth.store.AuditStore;
import io.panels.auth.store.TenantTransactions;
import io.panels.common.inbox.ProcessedEvents;
import io.panels.common.tenant.TenantScope;
import io.panels.events.CloudEventHeaders;
import io.panels.events.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The tenant audit log: one entry per event of any panels.* topic, listed newest first. */
@ApplicationScoped
public class AuditLog {

    public static final String CONSUMER = "auth-service.audit";
    private static final int SUMMARY_LENGTH = 300;
    private static final Set<String> SKIPPED_FIELDS = Set.of("tenantId");

    private final Pool pool;
    private final ProcessedEvents processed;
    private final AuditStore store;
    private final TenantTransactions transactions;
    private final ObjectMapper json;

    public AuditLog(Pool pool, ProcessedEvents processed, AuditStore store, TenantTransactions transactions, ObjectMapper json) {
        this.pool = pool;
        this.processed = processed;
        this.store = store;
        this.transactions = transactions;
        this.json = json;
    }

    /** Records the event once, however often it is delivered. */
    public Uni<Boolean> record(EventEnvelope event, Map<String, String> headers) {
        AuditEntry entry = entry(event, headers);
        return processed.once(CONSUMER, event, sql -> TenantScope.bind(sql, entry.tenantId())
                .chain(() -> store.insert(sql, entry)).replaceWithVoid());
    }

    /**
     * Records several events in one transaction, each once: events recorded before (redelivered)
     * are skipped, and so is a repeat within {@code entries}. Entries are written tenant by
     * tenant, each under its own tenant binding.
     */
    public Uni<Void> recordAll(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(sql -> processed.markProcessed(sql, CONSUMER, entries.stream().map(AuditEntry::id).toList())
                .chain(firstSeen -> {
                    Set<UUID> unwritten = new HashSet<>(firstSeen);
                    Map<UUID, List<AuditEntry>> byTenant = new LinkedHashMap<>();
                    for (AuditEntry entry : entries) {
                        if (unwritten.remove(entry.id())) {
                            byTenant.computeIfAbsent(entry.tenantId(), tenant -> new ArrayList<>()).add(entry);
                        }
                    }
                    Uni<Void> written = Uni.createFrom().voidItem();
                    for (Map.Entry<UUID, List<AuditEntry>> tenant : byTenant.entrySet()) {
                        written = written.chain(() -> TenantScope.bind(sql, tenant.getKey()))
                                .chain(() -> store.insertAll(sql, tenant.getValue()));
                    }
                    return written;
                }));
    }

    public Uni<List<AuditEntry>> list(AuditStore.Query query) {
        return transactions.tenant(query.tenantId(), sql -> store.list(sql, query));
    }

    /** The entry an event makes; {@code headers} are its Kafka record's (actor, request and trace ids). */
    public AuditEntry entry(EventEnvelope event, Map<String, String> headers) {
        int dot = event.type().indexOf('.');
        String objectType = dot > 0 ? event.type().substring(0, dot) : event.type();
        return new AuditEntry(event.id(), event.tenantId(), OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC),
                headers.get(CloudEventHeaders.ACTOR), event.type(), objectType, event.subject(), summary(event), event.source(),
                headers.get("x-request-id"), traceId(headers.get("traceparent")));
    }

    /** "member.role_changed 42: previousRole=viewer, role=editor": the type, the object and its scalar fields. */
    String summary(EventEnvelope event) {
        StringBuilder summary = new StringBuilder(event.type());
        if (event.subject() != null) {
            summary.append(' ').append(event.subject());
        }
        try {
            JsonNode data = json.readTree(event.data());
            String separator = ": ";
            for (Iterator<Map.Entry<String, JsonNode>> fields = data.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (SKIPPED_FIELDS.contains(field.getKey()) || !field.getValue().isValueNode() || field.getValue().isNull()
                        || field.getValue().asText().equals(event.subject())) {
                    continue;
                }
                summary.append(separator).append(field.getKey()).append('=').append(field.getValue().asText());
                separator = ", ";
            }
        } catch (IOException e) {
            summary.append(" (payload not JSON)");
        }
        return summary.length() > SUMMARY_LENGTH ? summary.substring(0, SUMMARY_LENGTH - 1) + "…" : summary.toString();
    }

    private static String traceId(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String[] parts = traceparent.split("-");
        return parts.length >= 2 ? parts[1] : null;
    }
}
