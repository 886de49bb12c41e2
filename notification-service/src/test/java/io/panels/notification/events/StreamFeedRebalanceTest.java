package io.panels.notification.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.common.ids.Ids;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.EventJson;
import io.panels.events.row.RowCreated;
import io.panels.notification.StreamClient;
import io.panels.notification.TestEvents;
import io.panels.notification.TestTenant;
import io.panels.notification.domain.StreamHub;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The stream feed losing its partitions and getting them back, on the real broker, without
 * restarting it: a second member joins the feed's own consumer group and takes the rows partition
 * (what a broker restart does to the group: its member is dropped and partitions are assigned
 * again), rows are written meanwhile, then the member leaves and the partition comes back to the
 * replica with no committed offset. Kafka alone would start it at the end and those rows would never
 * reach the subscriber, with no resync (docs/reliability.md, Findings); the feed must continue where
 * it had delivered up to (docs/adr/0044).
 */
@QuarkusTest
class StreamFeedRebalanceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    StreamHub hub;

    @Test
    void afterLosingAndRegainingItsPartitionTheFeedDeliversWhatWasWrittenMeanwhile() {
        TestTenant acme = TestTenant.create();
        UUID panel = TestEvents.newPanel(acme.id());
        try (StreamClient client = StreamClient.authenticated(acme.token("viewer"))) {
            TestEvents.subscribeWhenKnown(client, panel);
            TestEvents.awaitFeedLive(client, acme.id(), panel);
            EventEnvelope before = TestEvents.rowCreated(acme.id(), panel, "before");
            client.awaitEvent(before.subject(), WAIT);

            List<EventEnvelope> meanwhile = new ArrayList<>();
            try (KafkaConsumer<String, byte[]> holder = memberOfTheFeedsGroup()) {
                holder.subscribe(List.of("panels.rows"));
                Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> {
                    holder.poll(Duration.ofMillis(200));
                    return !holder.assignment().isEmpty();
                });
                // The group has rebalanced: the replica's consumer is still in it but no longer reads this partition.
                TopicPartition held = holder.assignment().iterator().next();
                assertEquals(2, groupMembers(), "the holder joined the replica's own group");
                for (int i = 0; i < 5; i++) {
                    meanwhile.add(rowOn(held, acme.id(), panel, "meanwhile " + i));
                }
            }
            // The holder left: the partition is the replica's again, with nothing committed for it.
            for (EventEnvelope row : meanwhile) {
                JsonNode event = client.awaitEvent(row.subject(), WAIT);
                assertEquals(row.id().toString(), event.path("id").asText());
            }
            EventEnvelope after = TestEvents.rowCreated(acme.id(), panel, "after");
            client.awaitEvent(after.subject(), WAIT);
            long copies = client.events().stream().filter(e -> e.path("id").asText().equals(before.id().toString())).count();
            assertEquals(1, copies, "what was delivered before the rebalance is not delivered again");
            assertFalse(client.received().stream().anyMatch(m -> m.path("type").asText().equals("resync")),
                    "the feed continued where it was, so nobody had to resync: " + client.received());

            // And a client that was away meanwhile resumes from its last event without a gap.
            try (StreamClient back = StreamClient.authenticated(acme.token("viewer"))) {
                TestEvents.subscribeWhenKnown(back, panel);
                back.send(StreamClient.message("resume").put("after", before.id().toString()));
                back.await(m -> m.path("type").asText().equals("resumed"), WAIT);
                List<String> ids = back.events().stream().map(e -> e.path("id").asText()).toList();
                meanwhile.forEach(row -> assertTrue(ids.contains(row.id().toString()), "resumed " + ids));
            }
        }
    }

    @Test
    void whenTheFeedMayHaveMissedEventsEverySubscriberResyncsAndOlderResumePointsToo() {
        TestTenant acme = TestTenant.create();
        UUID panel = TestEvents.newPanel(acme.id());
        try (StreamClient client = StreamClient.authenticated(acme.token("viewer"));
             StreamClient idle = StreamClient.authenticated(acme.token("viewer"))) {
            TestEvents.subscribeWhenKnown(client, panel);
            TestEvents.awaitFeedLive(client, acme.id(), panel);
            EventEnvelope seen = TestEvents.rowCreated(acme.id(), panel, "seen");
            client.awaitEvent(seen.subject(), WAIT);

            // What the rebalance listener does for a partition it cannot continue in.
            hub.missedEvents();

            JsonNode resync = client.await(m -> m.path("type").asText().equals("resync"), WAIT);
            assertEquals("missed-events", resync.path("reason").asText());
            EventEnvelope later = TestEvents.rowCreated(acme.id(), panel, "later");
            client.awaitEvent(later.subject(), WAIT);
            // A connection that subscribed to nothing has nothing to reload.
            assertFalse(idle.received().stream().anyMatch(m -> m.path("type").asText().equals("resync")));

            try (StreamClient back = StreamClient.authenticated(acme.token("viewer"))) {
                TestEvents.subscribeWhenKnown(back, panel);
                back.send(StreamClient.message("resume").put("after", seen.id().toString()));
                JsonNode answer = back.await(m -> m.path("type").asText().matches("resumed|resync"), WAIT);
                assertEquals("resync", answer.path("type").asText(), "an event from before the gap cannot be resumed from");
                back.received().clear();
                back.send(StreamClient.message("resume").put("after", later.id().toString()));
                assertEquals("resumed", back.await(m -> m.path("type").asText().matches("resumed|resync"), WAIT).path("type").asText(),
                        "events after the gap can");
            }
        }
    }

    private static int groupMembers() {
        String group = ConfigProvider.getConfig().getValue("mp.messaging.incoming.stream-feed.group.id", String.class);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class)))) {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A consumer in the feed's own group that sorts first, so the range assignor gives it the rows partition. */
    private static KafkaConsumer<String, byte[]> memberOfTheFeedsGroup() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ConsumerConfig.GROUP_ID_CONFIG,
                ConfigProvider.getConfig().getValue("mp.messaging.incoming.stream-feed.group.id", String.class));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "0-stream-feed-rebalance-test");
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** A row.created of {@code panel} written to {@code partition} (the feed reads the panel from the key). */
    private static EventEnvelope rowOn(TopicPartition partition, UUID tenant, UUID panel, String text) {
        UUID rowId = Ids.newId();
        EventEnvelope envelope = new EventEnvelope(Ids.newId(), "/panels/test", EventCatalog.ROW_CREATED.name(), rowId.toString(),
                Instant.now(), tenant, EventCatalog.ROW_CREATED.dataschema(), panel.toString(),
                EventJson.write(new RowCreated(panel, rowId, 1, Map.of("name", com.fasterxml.jackson.databind.node.TextNode.valueOf(text)),
                        Instant.now(), "test")));
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(partition.topic(), partition.partition(), envelope.key(), envelope.data());
        envelope.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        try {
            TestEvents.producer().send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return envelope;
    }
}
