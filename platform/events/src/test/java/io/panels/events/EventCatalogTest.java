package io.panels.events;

import static io.panels.events.testing.EventSchemaAssert.assertValid;
import static io.panels.events.testing.EventSchemaAssert.violations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.events.member.MemberRoleChanged;
import io.panels.events.tenant.PlanLimits;
import io.panels.events.tenant.TenantCreated;
import io.panels.events.tenant.TenantSuspended;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventCatalogTest {

    @Test
    void everyEventTypeHasASchemaOnAKnownTopicAndAUniqueName() throws Exception {
        Set<String> names = new HashSet<>();
        for (EventType<?> type : EventCatalog.all()) {
            assertTrue(names.add(type.name()), "duplicate event type " + type.name());
            assertTrue(Topics.ALL.contains(type.topic()), type.name() + " is on unknown topic " + type.topic());
            try (InputStream in = EventType.class.getResourceAsStream(type.schemaResource())) {
                assertNotNull(in, "missing schema " + type.schemaResource());
                JsonNode schema = new ObjectMapper().readTree(in);
                assertEquals(type.dataschema().toString(), schema.path("$id").asText(),
                        type.name() + ": the schema's $id must be the event's dataschema");
            }
        }
    }

    @Test
    void everyEventTypeIsDocumentedForIntegrators() throws Exception {
        String asyncapi = Files.readString(Path.of("../../docs/events/asyncapi.yaml"));
        for (EventType<?> type : EventCatalog.all()) {
            assertTrue(asyncapi.contains("name: " + type.name() + "\n"),
                    type.name() + " is missing from docs/events/asyncapi.yaml");
            assertTrue(asyncapi.contains("address: " + type.topic() + "\n"),
                    type.topic() + " is missing from docs/events/asyncapi.yaml");
            assertTrue(asyncapi.contains("schemas/events/" + type.name() + ".json"),
                    type.name() + "'s payload schema is not referenced from docs/events/asyncapi.yaml");
        }
    }

    @Test
    void producedPayloadsMatchTheirSchema() {
        UUID tenant = UUID.randomUUID();
        assertValid(EventCatalog.TENANT_CREATED, EventJson.write(new TenantCreated(tenant, "acme", "Acme Ltd", "team", new PlanLimits(100, 1_000_000, 600))));
        assertValid(EventCatalog.TENANT_SUSPENDED, EventJson.write(new TenantSuspended(tenant, null)));
        assertValid(EventCatalog.MEMBER_ROLE_CHANGED, EventJson.write(new MemberRoleChanged(tenant, "u-1", "viewer", "editor")));
    }

    @Test
    void schemaRejectsAPayloadMissingARequiredFieldOrWithABadId() {
        byte[] missingAlias = "{\"tenantId\":\"%s\",\"name\":\"Acme\",\"plan\":\"team\",\"limits\":{\"maxPanels\":1,\"maxRowsPerPanel\":1,\"maxRequestsPerMinute\":1}}"
                .formatted(UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        assertFalse(violations(EventCatalog.TENANT_CREATED, missingAlias).isEmpty());

        byte[] badId = "{\"tenantId\":\"not-a-uuid\"}".getBytes(StandardCharsets.UTF_8);
        assertThrows(AssertionError.class, () -> assertValid(EventCatalog.TENANT_DELETED, badId));
    }

    @Test
    void lookupByNameFindsCatalogTypesOnly() {
        assertEquals(EventCatalog.TENANT_DELETED, EventCatalog.byName("tenant.deleted").orElseThrow());
        assertTrue(EventCatalog.byName("tenant.exploded").isEmpty());
    }

    @Test
    void eventTypeNamesMustBeEntityDotAction() {
        assertThrows(IllegalArgumentException.class, () -> new EventType<>("RowUpdated", Topics.ROWS, Object.class));
        assertEquals("sync_run", new EventType<>("sync_run.finished", Topics.DATASOURCES, Object.class).entity());
    }
}
