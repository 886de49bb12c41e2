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
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The tenant audit log: one entry per event of any panels.* topic, listed newest first. */
@ApplicationScoped
public class AuditLog {

    public static final String CONSUMER = "auth-service.audit";
    private static final int SUMMARY_LENGTH = 300;
    private static final Set<String> SKIPPED_FIELDS = Set.of("tenantId");

    private final ProcessedEvents processed;
    private final AuditStore store;
    private final TenantTransactions transactions;
    private final ObjectMapper json;

    public AuditLog(ProcessedEvents processed, AuditStore store, TenantTransactions transactions, ObjectMapper json) {
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

    public Uni<List<AuditEntry>> list(AuditStore.Query query) {
        return transactions.tenant(query.tenantId(), sql -> store.list(sql, query));
    }

    AuditEntry entry(EventEnvelope event, Map<String, String> headers) {
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
