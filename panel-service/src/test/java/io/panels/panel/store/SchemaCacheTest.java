package io.panels.panel.store;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.panel.TestApi;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Readers are served from Redis; a write evicts the panel's schema so the next read sees it. */
@QuarkusTest
class SchemaCacheTest {

    @Inject
    RedisDataSource redis;

    @Test
    void aReadFillsTheCacheAndAWriteEvictsIt() {
        TestApi api = TestApi.newTenant(false);
        String panelId = api.createPanelNamed("Cached");
        String key = SchemaCache.key(api.tenant.id(), UUID.fromString(panelId));
        assertNull(redis.value(String.class).get(key), "creating does not fill the cache");

        // The creation's own panel event evicts once more when it arrives (SchemaCacheEviction), so
        // a read made before that may lose its entry; a read after it keeps it until the TTL.
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            api.getPanel(panelId).then().statusCode(200);
            String cached = redis.value(String.class).get(key);
            long ttl = redis.key().ttl(key);
            assertTrue(cached != null && cached.contains("Cached"), "a read fills the cache");
            assertTrue(ttl > 0 && ttl <= 600, "cached schemas expire: ttl " + ttl);
        });

        api.asAdmin().header("If-Match", "\"1\"").body("{\"name\":\"Renamed\"}").put("/api/v1/panels/" + panelId)
                .then().statusCode(200);
        assertNull(redis.value(String.class).get(key), "the write evicted the schema");
        api.getPanel(panelId).then().body("name", equalTo("Renamed")).body("version", equalTo(2));

        api.asAdmin().body("{\"name\":\"Extra\",\"type\":\"text\"}").post("/api/v1/panels/" + panelId + "/columns")
                .then().statusCode(201);
        assertEquals(1, api.getPanel(panelId).<List<Object>>path("columns").size());
    }
}
