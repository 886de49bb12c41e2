package io.panels.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.panels.common.ids.Ids;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.EventType;
import io.panels.events.panel.PanelCreated;
import io.panels.events.row.RowCreated;
import io.panels.events.view.ViewCreated;
import io.panels.events.view.ViewDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Events as the other services publish them, on the real broker, through one shared producer
 * (tests publish many). Panels and views are announced first so the stream knows their tenant.
 */
public final class TestEvents {

    private static KafkaProducer<String, byte[]> producer;

    private TestEvents() {
    }

    public static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put("bootstrap.servers", ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
            props.put("linger.ms", "1");
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    public static <T> EventEnvelope publish(EventType<T> type, UUID tenantId, String key, String subject, T payload) {
        EventEnvelope envelope = new EventEnvelope(Ids.newId(), "/panels/test", type.name(), subject, Instant.now(), tenantId,
                type.dataschema(), key, io.panels.events.EventJson.write(payload));
        send(type.topic(), envelope);
        return envelope;
    }

    public static Future<?> send(String topic, EventEnvelope envelope) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, envelope.key(), envelope.data());
        envelope.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        Future<?> sent = producer().send(record);
        producer().flush();
        return sent;
    }

    /** panel.created for a new panel of {@code tenantId}; answers its id. */
    public static UUID newPanel(UUID tenantId) {
        UUID panelId = Ids.newId();
        publish(EventCatalog.PANEL_CREATED, tenantId, panelId.toString(), panelId.toString(),
                new PanelCreated(panelId, "Panel", null, null, null, 1, List.of(), Instant.now(), "test", null));
        return panelId;
    }

    public static UUID newView(UUID tenantId, UUID panelId, String visibility, String ownerId) {
        UUID viewId = Ids.newId();
        ViewDefinition view = new ViewDefinition(viewId, panelId, "View", "grid", visibility, ownerId, false, 0, List.of(),
                null, null, 1);
        publish(EventCatalog.VIEW_CREATED, tenantId, panelId.toString(), viewId.toString(), new ViewCreated(view, Instant.now(), ownerId));
        return viewId;
    }

    public static EventEnvelope rowCreated(UUID tenantId, UUID panelId, String text) {
        UUID rowId = Ids.newId();
        Map<String, JsonNode> values = Map.of("name", TextNode.valueOf(text));
        return publish(EventCatalog.ROW_CREATED, tenantId, panelId.toString(), rowId.toString(),
                new RowCreated(panelId, rowId, 1, values, Instant.now(), "test"));
    }

    /** Like {@link #rowCreated}, without flushing the producer: a burst goes out in few Kafka batches. */
    public static EventEnvelope rowCreatedUnflushed(UUID tenantId, UUID panelId, String text) {
        UUID rowId = Ids.newId();
        Map<String, JsonNode> values = Map.of("name", TextNode.valueOf(text));
        EventEnvelope envelope = new EventEnvelope(Ids.newId(), "/panels/test", EventCatalog.ROW_CREATED.name(), rowId.toString(), Instant.now(),
                tenantId, EventCatalog.ROW_CREATED.dataschema(), panelId.toString(),
                io.panels.events.EventJson.write(new RowCreated(panelId, rowId, 1, values, Instant.now(), "test")));
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(EventCatalog.ROW_CREATED.topic(), envelope.key(), envelope.data());
        envelope.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        producer().send(record);
        return envelope;
    }

    /** Subscribes, retrying while the directory has not yet seen the panel's panel.created. */
    public static void subscribeWhenKnown(StreamClient client, UUID panelId) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode reply = client.subscribePanel(panelId);
            client.received().remove(reply);
            return reply.path("type").asText().equals("subscribed");
        });
    }

    public static void subscribeViewWhenKnown(StreamClient client, UUID viewId) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode reply = client.subscribeView(viewId);
            client.received().remove(reply);
            return reply.path("type").asText().equals("subscribed");
        });
    }

    /**
     * Waits until this replica's stream feed has its partitions (it starts at the latest offset,
     * so events published before that are not for it): publishes probes until one arrives.
     */
    public static void awaitFeedLive(StreamClient client, UUID tenantId, UUID panelId) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            EventEnvelope probe = rowCreated(tenantId, panelId, "probe");
            try {
                client.awaitEvent(probe.subject(), Duration.ofSeconds(2));
                return true;
            } catch (AssertionError notYet) {
                return false;
            }
        });
    }

}
