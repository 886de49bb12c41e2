package io.panels.export.domain;

import io.panels.common.ids.Ids;
import io.panels.common.outbox.Outbox;
import io.panels.common.outbox.OutgoingEvent;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenantAccess;
import io.panels.events.EventCatalog;
import io.panels.events.export.ExportRequested;
import io.panels.export.store.CopyStore;
import io.panels.export.store.ExportJobStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The rules of export jobs, inside the caller's tenant-bound transaction. Anyone who can read what
 * is exported may export it (a member of the tenant; a personal view only its owner). A job is
 * seen and cancelled by who asked for it and by the tenant's admins and owners; to anyone else it
 * does not exist (404).
 */
@ApplicationScoped
public class Exports {

    /** What to export, already checked for shape: exactly one of panelId and viewId. */
    public record Command(UUID panelId, UUID viewId, ExportFormat format, ExportOptions options) {
    }

    private final ExportJobStore jobs;
    private final CopyStore copies;
    private final Outbox outbox;

    public Exports(ExportJobStore jobs, CopyStore copies, Outbox outbox) {
        this.jobs = jobs;
        this.copies = copies;
        this.outbox = outbox;
    }

    /** Stores the job and publishes export.requested (the workers' command) in the same transaction. */
    public Uni<ExportJob> request(SqlClient tx, TenantAccess caller, Command command) {
        Uni<ViewCopy> view = command.viewId() == null ? Uni.createFrom().nullItem()
                : copies.view(tx, command.viewId()).map(found -> found
                        .filter(v -> v.readableBy(caller.subject()))
                        .orElseThrow(() -> ProblemException.notFound("view", command.viewId())));
        return view.chain(v -> {
            UUID panelId = v != null ? v.panelId() : command.panelId();
            return copies.panel(tx, panelId).map(found -> found.filter(p -> !p.isDeleted())
                            .orElseThrow(() -> v != null ? ProblemException.notFound("view", command.viewId())
                                    : ProblemException.notFound("panel", panelId)))
                    .map(panel -> job(caller, command, panel, v));
        }).call(job -> jobs.insert(tx, job))
                .call(job -> outbox.append(tx, new OutgoingEvent<>(EventCatalog.EXPORT_REQUESTED, job.tenantId(),
                        job.id().toString(), job.id().toString(), new ExportRequested(job.id(), job.panelId(), job.viewId(),
                        job.format().value(), job.requestedBy(), job.requestedAt()))));
    }

    private static ExportJob job(TenantAccess caller, Command command, PanelCopy panel, ViewCopy view) {
        ExportPlans.Plan plan = ExportPlans.plan(panel, view, command.options());
        // Microseconds: what PostgreSQL keeps, so the reply equals what a later read answers.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new ExportJob(Ids.newId(), caller.tenantId(), panel.panelId(), view == null ? null : view.viewId(),
                command.format(), command.options(), plan.title(), plan.query(), plan.columns(), ExportStatus.QUEUED,
                caller.subject(), now, null, null, 0, null, null, null, null, 0);
    }

    public Uni<ExportJob> get(SqlClient tx, TenantAccess caller, UUID exportId) {
        return jobs.find(tx, exportId).map(found -> visible(caller, found)
                .orElseThrow(() -> ProblemException.notFound("export", exportId)));
    }

    /** The caller's jobs, or with {@code wholeTenant} (admins and owners) every job of the tenant. */
    public Uni<List<ExportJob>> list(SqlClient tx, TenantAccess caller, boolean wholeTenant, Instant afterTime, UUID afterId,
                                     int limit) {
        if (wholeTenant && !caller.role().atLeast(Role.ADMIN)) {
            throw ProblemException.forbidden("insufficient-role", "Insufficient role",
                    "Listing every export of the tenant needs the admin role.");
        }
        return jobs.list(tx, wholeTenant ? null : caller.subject(), afterTime, afterId, limit);
    }

    /** Cancels a queued or running job (a running one stops at its next page and leaves no file). */
    public Uni<ExportJob> cancel(SqlClient tx, TenantAccess caller, UUID exportId) {
        return get(tx, caller, exportId).call(job -> jobs.cancel(tx, exportId).invoke(cancelled -> {
            if (!cancelled) {
                throw ProblemException.conflict("The export has ended already (" + job.status().value() + ").");
            }
        })).chain(job -> jobs.find(tx, exportId).map(Optional::orElseThrow));
    }

    private static Optional<ExportJob> visible(TenantAccess caller, Optional<ExportJob> job) {
        return job.filter(j -> j.requestedBy().equals(caller.subject()) || caller.role().atLeast(Role.ADMIN));
    }
}
