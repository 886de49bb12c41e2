package io.panels.export.api;

import io.panels.common.problem.ProblemException;
import io.panels.export.domain.DownloadLinks;
import io.panels.export.domain.ExportJob;
import io.panels.export.domain.ExportStatus;
import io.panels.export.store.ExportFiles;
import io.panels.export.store.ExportJobStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Signed downloads, no token (the gateway routes /api/v1/public/** without one): the signature is
 * the authorisation, checked before anything is looked up. Forged or altered → 403, past its
 * expiry → 410, a file gone (expired by retention, cancelled) → 410.
 */
@Path("/api/v1/public/exports")
@Tag(name = "Exports")
public class DownloadResource {

    private final DownloadLinks links;
    private final ExportJobStore jobs;
    private final ExportFiles files;
    private final Pool pool;

    public DownloadResource(DownloadLinks links, ExportJobStore jobs, ExportFiles files, Pool pool) {
        this.links = links;
        this.jobs = jobs;
        this.files = files;
        this.pool = pool;
    }

    @GET
    @Path("/{id}/download")
    @Operation(summary = "Download an export's file", description = "Through the signed URL of GET /api/v1/exports/{id}; needs no token.")
    public Uni<Response> download(@PathParam("id") UUID id, @QueryParam("expires") Long expires, @QueryParam("sig") String signature) {
        switch (links.check(id, expires, signature, Instant.now())) {
            case FORGED -> throw ProblemException.forbidden("download-link-invalid", "Invalid download link",
                    "The link was altered or was not made by Panels; ask for the export's URL again.");
            case EXPIRED -> throw new ProblemException(410, "download-link-expired", "Download link expired",
                    "Ask for the export again (GET /api/v1/exports/{id}) for a fresh link.");
            case VALID -> {
            }
        }
        return pool.withTransaction(tx -> ExportJobStore.bindSystem(tx).chain(() -> jobs.find(tx, id)))
                .map(found -> {
                    ExportJob job = found.orElseThrow(() -> ProblemException.notFound("export", id));
                    java.nio.file.Path file = files.file(job.tenantId(), job.id(), job.format().extension());
                    if (job.status() != ExportStatus.COMPLETED || !Files.exists(file)) {
                        throw new ProblemException(410, "export-file-gone", "The file is gone",
                                "The export is " + job.status().value() + "; its file is no longer kept.");
                    }
                    String name = job.fileName();
                    return Response.ok(file.toFile(), job.format().mediaType())
                            .header("Content-Disposition", "attachment; filename=\"" + name.replace("\"", "")
                                    .replaceAll("[^\\x20-\\x7E]", "_") + "\"; filename*=UTF-8''"
                                    + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"))
                            .header("Cache-Control", "private, no-store")
                            .build();
                });
    }
}
