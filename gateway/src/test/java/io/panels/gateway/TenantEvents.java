package io.panels.gateway;

import io.panels.events.EventEnvelope;
import io.panels.events.EventJson;
import io.panels.events.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Publishes tenant events to the real topic as auth-service's outbox relay does (CloudEvents binary mode). */
final class TenantEvents {

    private TenantEvents() {
    }

    static <T> void publish(EventType<T> type, UUID tenantId, T payload) {
        EventEnvelope event = new EventEnvelope(UUID.randomUUID(), "/panels/gateway-test", type.name(),
                tenantId.toString(), Instant.now(), tenantId, type.dataschema(), tenantId.toString(), EventJson.write(payload));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(type.topic(), event.key(), event.data());
            event.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + type.name(), e);
        }
    }
}
