package io.panels.events.export;

import static io.panels.events.testing.EventSchemaAssert.assertValid;
import static io.panels.events.testing.EventSchemaAssert.violations;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.panels.events.EventCatalog;
import io.panels.events.EventJson;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The export payload records produce what their JSON Schemas promise notification-service. */
class ExportEventSchemasTest {

    private final UUID export = UUID.randomUUID();
    private final UUID panel = UUID.randomUUID();

    @Test
    void everyExportPayloadMatchesItsSchemaForAPanelAndForAView() {
        assertValid(EventCatalog.EXPORT_REQUESTED, EventJson.write(new ExportRequested(export, panel, null, "csv", "user-1", Instant.now())));
        assertValid(EventCatalog.EXPORT_REQUESTED, EventJson.write(new ExportRequested(export, panel, UUID.randomUUID(), "xlsx", "user-1", Instant.now())));
        assertValid(EventCatalog.EXPORT_COMPLETED, EventJson.write(new ExportCompleted(export, panel, null, "pdf", "user-1", 0, 1234, Instant.now())));
        assertValid(EventCatalog.EXPORT_FAILED, EventJson.write(new ExportFailed(export, panel, null, "ndjson", "user-1", "data-service is unreachable", Instant.now())));
    }

    @Test
    void schemasRefuseAnUnknownFormatAndNegativeCounts() {
        assertFalse(violations(EventCatalog.EXPORT_REQUESTED,
                EventJson.write(new ExportRequested(export, panel, null, "docx", "user-1", Instant.now()))).isEmpty());
        assertFalse(violations(EventCatalog.EXPORT_COMPLETED,
                EventJson.write(new ExportCompleted(export, panel, null, "csv", "user-1", -1, 0, Instant.now()))).isEmpty());
        assertFalse(violations(EventCatalog.EXPORT_FAILED,
                EventJson.write(new ExportFailed(export, panel, null, "csv", "user-1", "", Instant.now()))).isEmpty());
    }
}
