package io.panels.events.sync;

import static io.panels.events.testing.EventSchemaAssert.assertValid;
import static io.panels.events.testing.EventSchemaAssert.violations;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.panels.events.EventCatalog;
import io.panels.events.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SyncEventSchemasTest {

    private final UUID source = UUID.randomUUID();
    private final UUID panel = UUID.randomUUID();
    private final UUID run = UUID.randomUUID();

    @Test
    void producedPayloadsMatchTheirSchema() {
        assertValid(EventCatalog.SYNC_REQUESTED, EventJson.write(new SyncRequested(source, panel, run, "manual", "u-1", Instant.now())));
        assertValid(EventCatalog.SYNC_REQUESTED, EventJson.write(new SyncRequested(source, panel, run, "schedule", null, Instant.now())));
        assertValid(EventCatalog.SYNC_STARTED, EventJson.write(new SyncStarted(source, panel, run, "schedule", "u-1", Instant.now())));
        assertValid(EventCatalog.SYNC_COMPLETED, EventJson.write(new SyncCompleted(source, panel, run, "u-1", 10, 4, 3, 2, 1, Instant.now())));
        assertValid(EventCatalog.SYNC_FAILED, EventJson.write(new SyncFailed(source, panel, run, "u-1", "source unreachable", Instant.now())));
    }

    @Test
    void negativeCountsAndMissingOwnersAreRefused() {
        byte[] negative = EventJson.write(new SyncCompleted(source, panel, run, "u-1", -1, 0, 0, 0, 0, Instant.now()));
        assertFalse(violations(EventCatalog.SYNC_COMPLETED, negative).isEmpty());
        byte[] noOwner = ("{\"sourceId\":\"%s\",\"panelId\":\"%s\",\"runId\":\"%s\",\"reason\":\"x\",\"finishedAt\":\"2026-01-01T00:00:00Z\"}")
                .formatted(source, panel, run).getBytes(StandardCharsets.UTF_8);
        assertFalse(violations(EventCatalog.SYNC_FAILED, noOwner).isEmpty());
        byte[] unknownTrigger = EventJson.write(new SyncRequested(source, panel, run, "webhook", null, Instant.now()));
        assertFalse(violations(EventCatalog.SYNC_REQUESTED, unknownTrigger).isEmpty());
    }
}
