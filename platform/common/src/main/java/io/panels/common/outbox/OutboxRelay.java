package io.panels.common.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.panels.events.CloudEventHeaders;
import io.panels.events.EventEnvelope;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
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
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes outbox events to Kafka, oldest first, and marks them published.
 *
 * <p>One replica drains at a time, which keeps each key's events in order across replicas: the
 * one holding a session-level advisory lock on a connection of its own, the leader connection
 * (docs/adr/0002). On it a round sends a batch, waits for every broker ack, then marks the batch
 * published and reads the next one in a single round trip, each statement committing on its own:
 * no transaction, lock or commit per round, and the marks skip the wait for the disk
 * ({@code synchronous_commit = off}). A crash, a
 * killed connection or a lost mark leaves events unmarked, so they are sent again: delivery is
 * at-least-once and consumers absorb repeats by event id
 * ({@link io.panels.common.inbox.ProcessedEvents}). When the leader connection dies, PostgreSQL
 * frees the lock and the next replica to poll takes over.
 */
@ApplicationScoped
public class OutboxRelay {

    public static final String CHANNEL = "panels-outbox";
    private static final String NOTIFY_CHANNEL = "panels_outbox";
    static final int LOCKED_ELSEWHERE = -1;
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private static final String LEAD = "select pg_try_advisory_lock(hashtext(current_schema() || '.outbox_event'))";
    private static final String DATASOURCE_PROPERTIES = "quarkus.datasource.reactive.additional-properties.";
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
    private final MutinyEmitter<byte[]> emitter;
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
    private int failuresInARow;
    /** This replica's own connection, holding the drain lock once it leads (event loop; closed by {@link #stop}). */
    private volatile PgConnection session;
    private volatile boolean leading;
    /** The batch read with the last mark, published by the next round (null: read it then); rounds only. */
    private volatile RowSet<Row> prefetched;
    /** When a replica that does not lead may ask for the lock again ({@code System.nanoTime}). */
    private long nextLeadAttempt;

    @Inject
    public OutboxRelay(Pool pool, Vertx vertx, OutboxSettings settings, MeterRegistry meters,
                       @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
                       MutinyEmitter<byte[]> emitter) {
        this.pool = pool;
        this.vertx = vertx;
        this.settings = settings;
        this.emitter = emitter;
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
    }

    public synchronized void start() {
        if (running) {
            return;
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
        // Closing the leader connection frees the lock for another replica; a round in flight fails and is sent again.
        closeSession();
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
                    if (count >= settings.relay().batchSize() || prefetched != null) {
                        drainRequested = true;
                    }
                    draining.set(false);
                    // Another replica leads: it drains what woke us, and this one asks again at the next poll.
                    if (count != LOCKED_ELSEWHERE && drainRequested) {
                        requestDrain();
                    }
                },
                failure -> {
                    failures.increment();
                    closeSession();
                    // Retried by the next poll; log the first failure of a streak and then every 60th.
                    if (failuresInARow++ % 60 == 0) {
                        LOG.warnf("Outbox relay could not publish (attempt %d, retrying every %s): %s",
                                failuresInARow, settings.relay().pollInterval(), failure.toString());
                    }
                    draining.set(false);
                });
    }

    /** Publishes one batch; the number of events it published ({@link #LOCKED_ELSEWHERE}: another replica leads). */
    Uni<Integer> drainOnce() {
        return lead().chain(leader -> leader == null ? Uni.createFrom().item(LOCKED_ELSEWHERE) : publishBatch(leader));
    }

    /**
     * The leader connection; null while another replica leads. A replica that does not lead asks
     * again at most once per poll interval, on the connection it keeps for that.
     */
    private Uni<PgConnection> lead() {
        PgConnection current = session;
        if (current != null && leading) {
            return Uni.createFrom().item(current);
        }
        if (current != null && System.nanoTime() < nextLeadAttempt) {
            return Uni.createFrom().nullItem();
        }
        Uni<PgConnection> connected = current != null ? Uni.createFrom().item(current)
                : PgConnection.connect(vertx, sessionOptions()).map(this::adopt);
        return connected.chain(connection -> connection.query(LEAD).execute().map(rows -> {
            leading = rows.iterator().next().getBoolean(0);
            if (!leading) {
                nextLeadAttempt = System.nanoTime() + settings.relay().pollInterval().toNanos();
                return null;
            }
            LOG.debug("Outbox relay leads: this replica drains the outbox");
            return connection;
        }));
    }

    /** Keeps a new connection as this replica's own, unless the relay stopped while it was opened. */
    private PgConnection adopt(PgConnection connection) {
        synchronized (this) {
            if (!running) {
                connection.closeAndForget();
                throw new IllegalStateException("the outbox relay stopped");
            }
            session = connection;
        }
        leading = false;
        connection.closeHandler(() -> {
            if (session == connection) {
                session = null;
                leading = false;
            }
        });
        return connection;
    }

    private void closeSession() {
        PgConnection current = session;
        session = null;
        leading = false;
        prefetched = null;
        if (current != null) {
            current.closeAndForget();
        }
    }

    private Uni<Integer> publishBatch(SqlConnection connection) {
        RowSet<Row> read = prefetched;
        prefetched = null;
        return (read != null ? Uni.createFrom().item(read) : nextBatch(connection)).chain(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().item(0);
            }
            List<Uni<Void>> sends = new ArrayList<>(rows.size());
            List<Long> positions = new ArrayList<>(rows.size());
            for (Row row : rows) {
                positions.add(row.getLong("position"));
                sends.add(emitter.sendMessage(toMessage(row)));
            }
            // join() subscribes in list order, so the producer receives the batch in order.
            return Uni.join().all(sends).andFailFast()
                    // The mark and the next read go out together; the connection runs them in order,
                    // so the read cannot see this batch again.
                    .chain(acked -> Uni.combine().all().unis(
                            connection.preparedQuery(MARK_PUBLISHED).execute(Tuple.of(positions.toArray(Long[]::new))),
                            nextBatch(connection)).asTuple())
                    .map(markedAndNext -> {
                        published.increment(positions.size());
                        prefetched = markedAndNext.getItem2().size() > 0 ? markedAndNext.getItem2() : null;
                        return positions.size();
                    });
        });
    }

    private Uni<RowSet<Row>> nextBatch(SqlConnection connection) {
        return connection.preparedQuery(NEXT_BATCH).execute(Tuple.of(settings.relay().batchSize()));
    }

    private static Message<byte[]> toMessage(Row row) {
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

        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.getString("topic"))
                .withKey(envelope.key())
                .withHeaders(headers)
                .build();
        return Message.of(envelope.data()).addMetadata(metadata);
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

    /**
     * The leader connection's: the datasource's, with its session settings (search path, application
     * name), and marks that do not wait for the disk. A mark lost in a crash only sends its events
     * again, which consumers absorb.
     */
    private static PgConnectOptions sessionOptions() {
        var config = ConfigProvider.getConfig();
        PgConnectOptions options = connectOptions();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(DATASOURCE_PROPERTIES)) {
                options.addProperty(name.substring(DATASOURCE_PROPERTIES.length()), config.getValue(name, String.class));
            }
        }
        return options.addProperty("synchronous_commit", "off");
    }

    /** Unpublished events left, for tests and diagnostics. */
    public Uni<Long> pending() {
        return pool.query("select count(*) from outbox_event where published_at is null").execute()
                .map(RowSet::iterator).map(rows -> rows.next().getLong(0));
    }
}
