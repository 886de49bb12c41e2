package io.panels.export.store;

import java.util.UUID;

/**
 * The file of one attempt of an export (ADR 0034): {@code <tenant>/<id>.<ext>} for the first
 * attempt, {@code <tenant>/<id>.<attempt>.<ext>} for a later one, so a worker that lost its job to
 * another replica never overwrites or deletes the file of the attempt that owns it.
 */
public record StoredFile(UUID tenantId, UUID exportId, int attempt, String extension) {

    /** The name under the storage's root (a relative path, or an object key after the prefix). */
    public String name() {
        return tenantId + "/" + exportId + (attempt <= 1 ? "" : "." + attempt) + "." + extension;
    }
}
