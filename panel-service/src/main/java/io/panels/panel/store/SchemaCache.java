package io.panels.panel.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.panel.config.PanelSettings;
import io.panels.panel.domain.PanelSchema;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Panel schemas (a panel with its columns) in Redis for readers. Writes evict after they commit and
 * our own panel and column events evict again when they arrive (which also closes the window where
 * a reader that read before a commit puts the old schema back); entries expire after a TTL anyway.
 * Redis being down makes readers go to PostgreSQL, never fail.
 */
@ApplicationScoped
public class SchemaCache {

    private static final Logger LOG = Logger.getLogger(SchemaCache.class);

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;
    private final ObjectMapper json;
    private final PanelSettings settings;

    public SchemaCache(ReactiveRedisDataSource redis, ObjectMapper json, PanelSettings settings) {
        this.values = redis.value(String.class);
        this.keys = redis.key();
        this.json = json;
        this.settings = settings;
    }

    public static String key(UUID tenantId, UUID panelId) {
        return "panel-service:schema:v1:" + tenantId + ":" + panelId;
    }

    /** The cached schema, or null on a miss (or when Redis does not answer). */
    public Uni<PanelSchema> get(UUID tenantId, UUID panelId) {
        return values.get(key(tenantId, panelId))
                .map(this::read)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("schema cache read failed: %s", failure.getMessage());
                    return null;
                });
    }

    public Uni<Void> put(PanelSchema schema) {
        String value;
        try {
            value = json.writeValueAsString(schema);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return values.setex(key(schema.panel().tenantId(), schema.panel().id()), settings.schemaCacheTtl().toSeconds(), value)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("schema cache write failed: %s", failure.getMessage());
                    return null;
                });
    }

    public Uni<Void> evict(UUID tenantId, UUID panelId) {
        return keys.del(key(tenantId, panelId)).replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("schema cache eviction failed: %s", failure.getMessage());
                    return null;
                });
    }

    private PanelSchema read(String value) {
        if (value == null) {
            return null;
        }
        try {
            return json.readValue(value, PanelSchema.class);
        } catch (JsonProcessingException e) {
            LOG.warnf("unreadable cached schema dropped: %s", e.getOriginalMessage());
            return null;
        }
    }
}
