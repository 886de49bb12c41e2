package io.panels.panel.domain;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A panel's own fields, as stored; its columns are in {@link PanelSchema}. */
public record Panel(
        UUID id,
        UUID tenantId,
        String name,
        String description,
        String icon,
        String colour,
        PanelStatus status,
        long version,
        UUID duplicatedFrom,
        OffsetDateTime createdAt,
        String createdBy,
        OffsetDateTime updatedAt,
        String updatedBy) {

    /** The same panel one schema version later, changed by {@code subject} at {@code now}. */
    public Panel touched(String subject, OffsetDateTime now) {
        return new Panel(id, tenantId, name, description, icon, colour, status, version + 1, duplicatedFrom,
                createdAt, createdBy, now, subject);
    }

    public Panel withMetadata(String newName, String newDescription, String newIcon, String newColour) {
        return new Panel(id, tenantId, newName, newDescription, newIcon, newColour, status, version, duplicatedFrom,
                createdAt, createdBy, updatedAt, updatedBy);
    }

    public Panel withStatus(PanelStatus newStatus) {
        return new Panel(id, tenantId, name, description, icon, colour, newStatus, version, duplicatedFrom,
                createdAt, createdBy, updatedAt, updatedBy);
    }

    /** The entity tag of this version, for ETag / If-Match. */
    public String etag() {
        return "\"" + version + "\"";
    }
}
