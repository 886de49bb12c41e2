package io.panels.auth.api;

import io.panels.auth.domain.AuditLog;
import io.panels.auth.domain.TenantGate;
import io.panels.auth.store.AuditStore;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.Role;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tenant's audit log, newest first; owners and admins only. */
@Path("/api/v1/audit")
@Tag(name = "Audit", description = "Every change in the tenant, from every service's events")
public class AuditResource {

    private final TenantGate gate;
    private final AuditLog auditLog;

    public AuditResource(TenantGate gate, AuditLog auditLog) {
        this.gate = gate;
        this.auditLog = auditLog;
    }

    @GET
    @Operation(summary = "List audit entries", description = "Newest first, with filters; cursor pagination.")
    public Uni<Page<AuditEntryResponse>> list(
            @Parameter(description = "User or service-account id") @QueryParam("actor") @Size(max = 200) String actor,
            @Parameter(example = "member") @QueryParam("objectType") @Size(max = 100) String objectType,
            @QueryParam("objectId") @Size(max = 200) String objectId,
            @Parameter(example = "member.role_changed") @QueryParam("action") @Size(max = 100) String action,
            @Parameter(description = "RFC 3339, inclusive", example = "2026-11-01T00:00:00Z") @QueryParam("from") String from,
            @Parameter(description = "RFC 3339, exclusive") @QueryParam("to") String to,
            @QueryParam("limit") @DefaultValue(Cursors.LIMIT_DEFAULT) @Min(1) @Max(Cursors.LIMIT_MAX) int limit,
            @QueryParam("cursor") String cursor) {
        OffsetDateTime since = time("from", from);
        OffsetDateTime until = time("to", to);
        Object[] after = Cursors.decodeTimeAndId(cursor);
        return gate.require(Role.ADMIN)
                .chain(access -> auditLog.list(new AuditStore.Query(access.tenantId(), actor, objectType, objectId, action,
                        since, until, after == null ? null : (OffsetDateTime) after[0],
                        after == null ? null : (UUID) after[1], limit + 1)))
                .map(rows -> Page.of(rows, limit, AuditEntryResponse::of,
                        entry -> Cursors.encode(entry.occurredAt() + "|" + entry.id())));
    }

    private static OffsetDateTime time(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "an RFC 3339 time, e.g. 2026-11-01T00:00:00Z");
        }
    }
}
