package io.panels.common.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.panels.events.CloudEventHeaders;
import io.panels.events.EventEnvelope;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Publishes outbox events to Kafka, oldest first, and marks them published.
 *
 * <p>One batch is one database transaction: lock, read, send, wait for every broker ack, mark,
 * commit. The relay has a Kafka producer of its own ({@link OutboxPublisher}), flushed after each
 * batch, so a batch leaves at once rather than after {@code linger.ms} (docs/adr/0059). A crash
 * or a lost connection anywhere before the commit leaves the batch unmarked, so it is sent
 * again: delivery is at-least-once and consumers absorb repeats by event id
 * ({@link io.panels.common.inbox.ProcessedEvents}). A transaction-scoped advisory lock lets only
 * one replica drain at a time, which keeps each key's events in order across replicas.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final String NOTIFY_CHANNEL = "panels_outbox";
    static final int LOCKED_ELSEWHERE = -1;
    private static final long LOCKED_RETRY_MILLIS = 20;
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private static final String LOCK = "select pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox_event'))";
    private static final String NEXT_BATCH = """
            select position, id, topic, record_key, type, source, subject, tenant_id, dataschema, occurred_at,
                   payload::text as payload, request_id, traceparent, actor
              from outbox_event
             where published_at is null
             order by position
             limit $1""";
    private static final String MARK_PUBLISHED = "update outbox_event set published_at = now() where position = any($1)";
    private static final String CLEANUP_OUTBOX =
            "delete from outbox_event where published_at < now() - make_interval(secs => $1)";
    private static final String CLEANUP_PROCESSED =
            "delete from processed_event where processed_at < now() - make_interval(secs => $1)";

    private final Pool pool;
    private final Vertx vertx;
    private final Map<String, Object> kafka;
    private final OutboxSettings settings;
    private final Counter published;
    private final Counter failures;

    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean drainRequested;
    private volatile boolean running;
    private volatile String schema;
    private long pollTimer = -1;
    private long cleanupTimer = -1;
    private PgSubscriber subscriber;
    /** Created by the first start, closed at shutdown: a stopped relay's batch in flight still finishes. */
    private volatile OutboxPublisher publisher;
    private int failuresInARow;

    /** @param kafka the service's {@code kafka.*} settings (brokers, security) */
    @Inject
    public OutboxRelay(Pool pool, Vertx vertx, OutboxSettings settings, MeterRegistry meters,
                       @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.pool = pool;
        this.vertx = vertx;
        this.settings = settings;
        this.kafka = kafka;
        this.published = meters.counter("panels.outbox.published");
        this.failures = meters.counter("panels.outbox.failures");
    }

    void onStart(@Observes StartupEvent event) {
        if (settings.relay().enabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
        if (publisher != null) {
            publisher.close();
        }
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        if (publisher == null) {
            publisher = new OutboxPublisher(kafka);
        }
        running = true;
        pollTimer = vertx.setPeriodic(settings.relay().pollInterval().toMillis(), id -> {
            listen();
            requestDrain();
        });
        cleanupTimer = vertx.setPeriodic(settings.cleanupInterval().toMillis(), id -> cleanUp());
        listen();
        requestDrain();
        LOG.infof("Outbox relay started (batch %d, poll %s)", settings.relay().batchSize(), settings.relay().pollInterval());
    }

    /** Stops taking new batches; a batch in flight finishes (or fails and is retried after a restart). */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        vertx.cancelTimer(pollTimer);
        vertx.cancelTimer(cleanupTimer);
        if (subscriber != null) {
            subscriber.closeAndForget();
            subscriber = null;
        }
        LOG.info("Outbox relay stopped");
    }

    public boolean isRunning() {
        return running;
    }

    /** Drains as soon as possible; calls while a drain runs make it go round once more. */
    public void requestDrain() {
        drainRequested = true;
        if (running && draining.compareAndSet(false, true)) {
            drainRound();
        }
    }

    private void drainRound() {
        drainRequested = false;
        drainOnce().subscribe().with(
                count -> {
                    failuresInARow = 0;
                    if (count >= settings.relay().batchSize()) {
                        drainRequested = true;
                    }
                    draining.set(false);
                    if (count == LOCKED_ELSEWHERE) {
                        // Another replica is draining and may have read its last batch before our
                        // commit: try again shortly rather than wait for the poll.
                        vertx.setTimer(LOCKED_RETRY_MILLIS, id -> requestDrain());
                    } else if (drainRequested) {
                        requestDrain();
                    }
                },
                failure -> {
                    failures.increment();
                    // Retried by the next poll; log the first failure of a streak and then every 60th.
                    if (failuresInARow++ % 60 == 0) {
                        LOG.warnf("Outbox relay could not publish (attempt %d, retrying every %s): %s",
                                failuresInARow, settings.relay().pollInterval(), failure.toString());
                    }
                    draining.set(false);
                });
    }

    /** Publishes one batch; the number of events it published ({@link #LOCKED_ELSEWHERE}: another replica holds the lock). */
    Uni<Integer> drainOnce() {
        return pool.withTransaction(connection -> connection.query(LOCK).execute()
                .chain(lock -> lock.iterator().next().getBoolean(0)
                        ? publishBatch(connection)
                        : Uni.createFrom().item(LOCKED_ELSEWHERE)));
    }

    private Uni<Integer> publishBatch(SqlConnection connection) {
        return connection.preparedQuery(NEXT_BATCH).execute(Tuple.of(settings.relay().batchSize()))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    List<ProducerRecord<String, byte[]>> records = new ArrayList<>(rows.size());
                    List<Long> positions = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        positions.add(row.getLong("position"));
                        records.add(toRecord(row));
                    }
                    return publisher.publish(records)
                            .chain(acked -> connection.preparedQuery(MARK_PUBLISHED)
                                    .execute(Tuple.of(positions.toArray(Long[]::new))))
                            .map(marked -> {
                                published.increment(positions.size());
                                return positions.size();
                            });
                });
    }

    private static ProducerRecord<String, byte[]> toRecord(Row row) {
        String dataschema = row.getString("dataschema");
        EventEnvelope envelope = new EventEnvelope(row.getUUID("id"), row.getString("source"), row.getString("type"),
                row.getString("subject"), row.getOffsetDateTime("occurred_at").toInstant(), row.getUUID("tenant_id"),
                dataschema == null ? null : URI.create(dataschema), row.getString("record_key"),
                row.getString("payload").getBytes(StandardCharsets.UTF_8));

        RecordHeaders headers = new RecordHeaders();
        for (Map.Entry<String, String> header : envelope.headers().entrySet()) {
            headers.add(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8));
        }
        addIfPresent(headers, CloudEventHeaders.REQUEST_ID, row.getString("request_id"));
        addIfPresent(headers, CloudEventHeaders.TRACEPARENT, row.getString("traceparent"));
        addIfPresent(headers, CloudEventHeaders.ACTOR, row.getString("actor"));

        return new ProducerRecord<>(row.getString("topic"), null, envelope.key(), envelope.data(), headers);
    }

    private static void addIfPresent(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** LISTEN for commit-time notifications; (re)connects from the poll timer after a failure. */
    private synchronized void listen() {
        if (!running || subscriber != null) {
            return;
        }
        PgSubscriber candidate = PgSubscriber.subscriber(vertx, connectOptions());
        candidate.channel(NOTIFY_CHANNEL).handler(changedSchema -> {
            if (schema == null || schema.equals(changedSchema)) {
                requestDrain();
            }
        });
        subscriber = candidate;
        candidate.connect().subscribe().with(
                connected -> {
                    if (schema == null) {
                        pool.query("select current_schema()").execute().subscribe().with(
                                rows -> schema = rows.iterator().next().getString(0),
                                failure -> LOG.debug("Outbox relay could not read its schema", failure));
                    }
                },
                failure -> {
                    synchronized (this) {
                        if (subscriber == candidate) {
                            subscriber = null;
                        }
                    }
                    candidate.closeAndForget();
                });
        candidate.closeHandler(() -> {
            synchronized (this) {
                if (subscriber == candidate) {
                    subscriber = null;
                }
            }
        });
    }

    private void cleanUp() {
        long seconds = settings.retention().toSeconds();
        pool.preparedQuery(CLEANUP_OUTBOX).execute(Tuple.of(seconds))
                .chain(() -> pool.preparedQuery(CLEANUP_PROCESSED).execute(Tuple.of(seconds)))
                .subscribe().with(done -> {
                }, failure -> LOG.warn("Outbox clean-up failed; it runs again later", failure));
    }

    /** The same server and credentials as the reactive datasource. */
    private static PgConnectOptions connectOptions() {
        var config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.reactive.url", String.class).replaceFirst("^vertx-reactive:", "");
        PgConnectOptions options = PgConnectOptions.fromUri(url);
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        return options;
    }

    /** Unpublished events left, for tests and diagnostics. */
    public Uni<Long> pending() {
        return pool.query("select count(*) from outbox_event where published_at is null").execute()
                .map(RowSet::iterator).map(rows -> rows.next().getLong(0));
    }
}
