package io.panels.panel.events;

import io.panels.common.testing.Concurrently;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.EventJson;
import io.panels.events.Topics;
import io.panels.events.tenant.PlanLimits;
import io.panels.events.tenant.TenantCreated;
import io.panels.events.tenant.TenantDeleted;
import io.panels.events.tenant.TenantReactivated;
import io.panels.events.tenant.TenantSuspended;
import io.panels.events.tenant.TenantUpdated;
import io.panels.events.testing.EventSchemaAssert;
import io.panels.panel.TestApi;
import io.panels.common.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The tenant's plan limit and status arrive as tenant.* events on the real topic and take effect here. */
@QuarkusTest
class TenantPlanConsumerTest {

    @Test
    void concurrentCreatesStopAtThePlansLimit() throws Exception {
        TestApi api = TestApi.newTenant(false);
        UUID tenantId = api.tenant.id();
        TestKafka.publish(EventCatalog.TENANT_CREATED, tenantId, tenantId.toString(),
                new TenantCreated(tenantId, api.tenant.alias(), "Test", "free", new PlanLimits(2, 1000, 60)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api.asAdmin().get("/api/v1/panels/usage")
                .then().statusCode(200).body("maxPanels", equalTo(2)).body("plan", equalTo("free")));

        List<Integer> statuses = Concurrently.run(4, i -> api.asAdmin()
                .body("{\"name\":\"P" + i + "\"}").post("/api/v1/panels").statusCode());
        assertEquals(List.of(201, 201, 409, 409), statuses.stream().sorted().toList());
        api.asAdmin().get("/api/v1/panels").then().body("items", hasSize(2));
        api.asAdmin().body("{\"name\":\"Again\"}").post("/api/v1/panels").then().statusCode(409)
                .body("type", equalTo("https://panels.io/problems/panel-limit-reached"));
    }

    @Test
    void anUnreadableTenantEventIsDeadLetteredAndTheNextOneStillApplies() {
        TestApi api = TestApi.newTenant(false);
        UUID tenantId = api.tenant.id();
        String poisonKey = "poison-" + UUID.randomUUID();
        TestKafka.publishRaw(EventCatalog.TENANT_UPDATED, tenantId, poisonKey,
                "{\"tenantId\":42".getBytes(StandardCharsets.UTF_8));
        TestKafka.first(Topics.deadLetter(Topics.TENANTS), poisonKey, Duration.ofSeconds(60));

        TestKafka.publish(EventCatalog.TENANT_UPDATED, tenantId, tenantId.toString(),
                new TenantUpdated(tenantId, api.tenant.alias(), "Test", "team", new PlanLimits(7, 1000, 60)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api.asAdmin().get("/api/v1/panels/usage")
                .then().body("maxPanels", equalTo(7)).body("plan", equalTo("team")));
    }

    @Test
    void aSuspendedTenantReadsButCannotChangeAndADeletedOnesPanelsGo() {
        TestApi api = TestApi.newTenant(false);
        UUID tenantId = api.tenant.id();
        String panelId = api.createPanelNamed("Before");

        TestKafka.publish(EventCatalog.TENANT_SUSPENDED, tenantId, tenantId.toString(), new TenantSuspended(tenantId, "unpaid"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api.asAdmin().get("/api/v1/panels/usage")
                .then().body("status", equalTo("suspended")));
        api.asAdmin().body("{\"name\":\"During\"}").post("/api/v1/panels").then().statusCode(403)
                .body("type", equalTo("https://panels.io/problems/tenant-suspended"));
        api.asAdmin().header("If-Match", "\"1\"").body("{\"name\":\"Renamed\"}").put("/api/v1/panels/" + panelId)
                .then().statusCode(403);
        api.asAdmin().get("/api/v1/panels/" + panelId).then().statusCode(200);

        TestKafka.publish(EventCatalog.TENANT_REACTIVATED, tenantId, tenantId.toString(), new TenantReactivated(tenantId));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api.asAdmin().get("/api/v1/panels/usage")
                .then().body("status", equalTo("active")));
        String second = api.createPanelNamed("After");

        TestKafka.publish(EventCatalog.TENANT_DELETED, tenantId, tenantId.toString(), new TenantDeleted(tenantId));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api.asAdmin().get("/api/v1/panels/usage")
                .then().body("panels", equalTo(0)).body("status", equalTo("deleted")));
        api.asAdmin().get("/api/v1/panels/" + panelId).then().statusCode(404);

        List<EventEnvelope> deleted = TestKafka.read(Topics.PANELS,
                e -> e.tenantId().equals(tenantId) && e.type().equals(EventCatalog.PANEL_DELETED.name()),
                events -> events.size() >= 2, Duration.ofSeconds(60));
        deleted.forEach(event -> EventSchemaAssert.assertValid(EventCatalog.PANEL_DELETED, event));
        assertEquals(Set.of(panelId, second), deleted.stream().map(EventEnvelope::key).collect(Collectors.toSet()));
        assertEquals(Set.of("tenant_deleted"), deleted.stream()
                .map(e -> EventJson.read(e, EventCatalog.PANEL_DELETED).reason()).collect(Collectors.toSet()));
    }
}
