package io.panels.events.row;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.UUID;

/**
 * A CSV import into a panel finished: one summary event instead of one row.created per imported
 * row (subject = the import id).
 *
 * @param rowsImported rows written to the panel
 * @param rowsFailed   lines refused (bad values, duplicates of a unique column); none of them was written
 * @param importedBy   Keycloak user (or service account) id who started the import
 */
@RegisterForReflection
public record RowsImported(UUID panelId, UUID importId, long rowsImported, long rowsFailed, Instant finishedAt,
                           String importedBy) {
}
