package io.panels.export.api;

import io.panels.common.problem.ProblemException;
import io.panels.export.domain.DownloadLinks;
import io.panels.export.domain.ExportJob;
import io.panels.export.domain.ExportStatus;
import io.panels.export.store.DownloadNames;
import io.panels.export.store.ExportJobStore;
import io.panels.export.store.ExportStorage;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Signed downloads, no token (the gateway routes /api/v1/public/** without one): the signature is
 * the authorisation, checked before anything is looked up. Forged or altered → 403, past its
 * expiry → 410, a file gone (expired by retention, cancelled) → 410. Blocking (a worker thread): the
 * storage may be a remote bucket.
 */
@Path("/api/v1/public/exports")
@Tag(name = "Exports")
public class DownloadResource {

    private final DownloadLinks links;
    private final ExportJobStore jobs;
    private final ExportStorage storage;
    private final Pool pool;

    public DownloadResource(DownloadLinks links, ExportJobStore jobs, ExportStorage storage, Pool pool) {
        this.links = links;
        this.jobs = jobs;
        this.storage = storage;
        this.pool = pool;
    }

    @GET
    @Path("/{id}/download")
    @Operation(summary = "Download an export's file", description = "Through the signed URL of GET /api/v1/exports/{id}; needs no"
            + " token. With S3 storage the answer may be a redirect (302) to a short-lived pre-signed URL of the file.")
    @APIResponse(responseCode = "200", description = "The file")
    @APIResponse(responseCode = "302", description = "S3 storage: the file's pre-signed URL, valid for a minute")
    public Response download(@PathParam("id") UUID id, @QueryParam("expires") Long expires, @QueryParam("sig") String signature)
            throws IOException {
        switch (links.check(id, expires, signature, Instant.now())) {
            case FORGED -> throw ProblemException.forbidden("download-link-invalid", "Invalid download link",
                    "The link was altered or was not made by Panels; ask for the export's URL again.");
            case EXPIRED -> throw new ProblemException(410, "download-link-expired", "Download link expired",
                    "Ask for the export again (GET /api/v1/exports/{id}) for a fresh link.");
            case VALID -> {
            }
        }
        ExportJob job = pool.withTransaction(tx -> ExportJobStore.bindSystem(tx).chain(() -> jobs.find(tx, id)))
                .await().atMost(Duration.ofSeconds(30))
                .orElseThrow(() -> ProblemException.notFound("export", id));
        if (job.status() != ExportStatus.COMPLETED || !storage.exists(job.file())) {
            throw new ProblemException(410, "export-file-gone", "The file is gone",
                    "The export is " + job.status().value() + "; its file is no longer kept.");
        }
        String name = job.fileName();
        String mediaType = job.format().mediaType();
        return switch (storage.download(job.file(), name, mediaType)) {
            case ExportStorage.Download.Redirect redirect -> Response.status(Response.Status.FOUND).location(redirect.url())
                    .header("Cache-Control", "private, no-store").build();
            case ExportStorage.Download.LocalFile file -> file(Response.ok(file.path().toFile(), mediaType), name);
            case ExportStorage.Download.Content content -> file(Response.ok((StreamingOutput) out -> {
                try (InputStream in = content.stream()) {
                    in.transferTo(out);
                }
            }, mediaType).header("Content-Length", content.length()), name);
        };
    }

    private static Response file(Response.ResponseBuilder response, String name) {
        return response.header("Content-Disposition", DownloadNames.contentDisposition(name))
                .header("Cache-Control", "private, no-store")
                .build();
    }
}
