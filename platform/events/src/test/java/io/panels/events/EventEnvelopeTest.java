package io.panels.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.panels.events.tenant.TenantDeleted;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventEnvelopeTest {

    private final UUID tenant = UUID.randomUUID();
    private final EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), "/panels/auth-service",
            EventCatalog.TENANT_DELETED.name(), tenant.toString(), Instant.parse("2026-11-22T10:15:30.123Z"), tenant,
            EventCatalog.TENANT_DELETED.dataschema(), tenant.toString(), EventJson.write(new TenantDeleted(tenant)));

    @Test
    void headersRoundTripInBinaryMode() {
        Map<String, String> headers = envelope.headers();
        assertEquals("1.0", headers.get("ce_specversion"));
        assertEquals(tenant.toString(), headers.get("ce_tenantid"));
        assertEquals("application/json", headers.get("content-type"));
        assertEquals("https://panels.io/schemas/events/tenant.deleted.json", headers.get("ce_dataschema"));

        EventEnvelope read = EventEnvelope.fromHeaders(headers, envelope.key(), envelope.data());
        assertEquals(envelope.id(), read.id());
        assertEquals(envelope.time(), read.time());
        assertEquals(envelope.subject(), read.subject());
        assertArrayEquals(envelope.data(), read.data());
        assertEquals(tenant, EventJson.read(read, EventCatalog.TENANT_DELETED).tenantId());
    }

    @Test
    void unreadableMessagesAreMalformedNotRetried() {
        Map<String, String> noTenant = new HashMap<>(envelope.headers());
        noTenant.remove("ce_tenantid");
        assertThrows(MalformedEventException.class, () -> EventEnvelope.fromHeaders(noTenant, null, envelope.data()));

        Map<String, String> badTime = new HashMap<>(envelope.headers());
        badTime.put("ce_time", "yesterday");
        assertThrows(MalformedEventException.class, () -> EventEnvelope.fromHeaders(badTime, null, envelope.data()));

        assertThrows(MalformedEventException.class, () -> EventEnvelope.fromHeaders(Map.of(), null, envelope.data()));
        assertThrows(MalformedEventException.class,
                () -> EventJson.read("{\"tenantId\":42".getBytes(), TenantDeleted.class));
    }
}
