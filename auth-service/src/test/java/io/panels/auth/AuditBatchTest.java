package io.panels.auth;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.auth.Fixtures.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The audit consumer takes a poll's records at a time (ADR 0061): a burst of row events of two
 * tenants, with a redelivered event and a record that is no Panels event among them, must end
 * with each event in its own tenant's log exactly once and only the bad record dead-lettered.
 */
@QuarkusTest
class AuditBatchTest {

    private static final String TOPIC = "panels.rows";

    @Test
    void aBurstOfEventsOfTwoTenantsIsRecordedOncePerEventAndOnlyThePoisonRecordIsDeadLettered() throws Exception {
        TestTenant first = Fixtures.tenant();
        TestTenant second = Fixtures.tenant();
        UUID panelId = UUID.randomUUID();
        String poisonKey = "not-an-event-" + UUID.randomUUID();
        List<ProducerRecord<String, byte[]>> burst = new ArrayList<>();
        Set<UUID> firstRows = new HashSet<>();
        for (int i = 0; i < 120; i++) {
            TestTenant tenant = i % 3 == 0 ? second : first;
            UUID rowId = UUID.randomUUID();
            if (tenant == first) {
                firstRows.add(rowId);
            }
            burst.add(rowCreated(tenant.id, panelId, rowId, UUID.randomUUID()));
            if (i == 60) {
                burst.add(new ProducerRecord<>(TOPIC, poisonKey, "{\"no\":\"headers\"}".getBytes(StandardCharsets.UTF_8)));
            }
        }
        // The same event delivered twice (a relay retried): once in the burst and again at its end.
        ProducerRecord<String, byte[]> repeated = burst.get(1);
        burst.add(new ProducerRecord<>(TOPIC, null, repeated.key(), repeated.value(), repeated.headers()));

        try (KafkaConsumer<String, byte[]> deadLetters = deadLetterWatch();
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka(), new StringSerializer(), new ByteArraySerializer())) {
            burst.forEach(producer::send);
            producer.flush();

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                given().auth().oauth2(first.owner.token()).queryParam("action", "row.created").queryParam("limit", 200)
                        .when().get("/api/v1/audit").then().statusCode(200).body("items.size()", equalTo(80));
                given().auth().oauth2(second.owner.token()).queryParam("action", "row.created").queryParam("limit", 200)
                        .when().get("/api/v1/audit").then().statusCode(200).body("items.size()", equalTo(40));
            });
            List<String> objects = given().auth().oauth2(first.owner.token()).queryParam("action", "row.created")
                    .queryParam("limit", 200).when().get("/api/v1/audit")
                    .then().statusCode(200).body("items.objectType", everyItem(equalTo("row"))).extract().path("items.objectId");
            assertEquals(firstRows, new HashSet<>(objects.stream().map(UUID::fromString).toList()),
                    "each of the first tenant's rows once, none of the second's");

            List<String> parked = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(30);
            // Until the poison record is there and a poll finds nothing more: every partition read to its end.
            while (Instant.now().isBefore(deadline)) {
                int read = 0;
                for (ConsumerRecord<String, byte[]> record : deadLetters.poll(Duration.ofMillis(500))) {
                    parked.add(record.key());
                    read++;
                }
                if (read == 0 && parked.contains(poisonKey)) {
                    break;
                }
            }
            assertTrue(parked.contains(poisonKey), "the record that is no event was dead-lettered");
            assertTrue(parked.stream().noneMatch(key -> key.equals(panelId.toString())), "no event of the burst was dead-lettered");
        }
    }

    private static ProducerRecord<String, byte[]> rowCreated(UUID tenantId, UUID panelId, UUID rowId, UUID eventId) {
        String now = Instant.now().toString();
        String data = "{\"panelId\":\"" + panelId + "\",\"rowId\":\"" + rowId + "\",\"version\":1,\"values\":{\"name\":\"n\"},"
                + "\"createdAt\":\"" + now + "\",\"createdBy\":\"someone\"}";
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, panelId.toString(), data.getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = Map.of("ce_specversion", "1.0", "ce_id", eventId.toString(), "ce_source", "/panels/data-service",
                "ce_type", "row.created", "ce_subject", rowId.toString(), "ce_time", now, "ce_tenantid", tenantId.toString(),
                "ce_dataschema", "https://panels.io/schemas/events/row.created.json", "content-type", "application/json");
        headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    /** Reads the rows topic's dead letters from their current end. */
    private static KafkaConsumer<String, byte[]> deadLetterWatch() {
        Properties props = kafka();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "auth-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(TOPIC + ".dlq").stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static Properties kafka() {
        Properties props = new Properties();
        props.put("bootstrap.servers", ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        return props;
    }
}
