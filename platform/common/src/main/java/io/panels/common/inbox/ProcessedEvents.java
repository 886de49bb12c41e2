package io.panels.common.inbox;

import io.panels.events.EventEnvelope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The consumer half of exactly-once processing: Kafka delivers at least once, so a consumer
 * records each event id in the same transaction as its effects, and a repeat finds the id and
 * does nothing.
 */
@ApplicationScoped
public class ProcessedEvents {

    private static final String MARK = "insert into processed_event (consumer, event_id) values ($1, $2) on conflict do nothing";
    private static final String MARK_NATIVE =
            "insert into processed_event (consumer, event_id) values (?1, ?2) on conflict do nothing";

    private static final String MARK_ALL = "insert into processed_event (consumer, event_id) select $1, unnest($2::uuid[])"
            + " on conflict do nothing returning event_id";

    private final Pool pool;

    public ProcessedEvents(Pool pool) {
        this.pool = pool;
    }

    /** True the first time {@code consumer} sees {@code eventId} in a committed transaction. */
    public Uni<Boolean> markProcessed(SqlClient transaction, String consumer, UUID eventId) {
        return transaction.preparedQuery(MARK).execute(Tuple.of(consumer, eventId)).map(rows -> rows.rowCount() == 1);
    }

    /**
     * Marks several events in one statement; answers the ids seen for the first time (each once,
     * however often it is in {@code eventIds}).
     */
    public Uni<Set<UUID>> markProcessed(SqlClient transaction, String consumer, List<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return transaction.preparedQuery(MARK_ALL).execute(Tuple.of(consumer, eventIds.stream().distinct().toArray(UUID[]::new)))
                .map(rows -> {
                    Set<UUID> first = new HashSet<>();
                    rows.forEach(row -> first.add(row.getUUID(0)));
                    return first;
                });
    }

    public Uni<Boolean> markProcessed(Mutiny.Session session, String consumer, UUID eventId) {
        return session.createNativeQuery(MARK_NATIVE)
                .setParameter(1, consumer).setParameter(2, eventId)
                .executeUpdate()
                .map(count -> count == 1);
    }

    /**
     * Runs {@code work} in a transaction with the processed-event mark, unless the event was
     * processed before. Answers whether the work ran.
     */
    public Uni<Boolean> once(String consumer, EventEnvelope event, Function<SqlConnection, Uni<Void>> work) {
        return pool.withTransaction(connection -> markProcessed(connection, consumer, event.id())
                .chain(first -> first
                        ? work.apply(connection).replaceWith(Boolean.TRUE)
                        : Uni.createFrom().item(Boolean.FALSE)));
    }

    /** The same for consumers that work through Hibernate Reactive (Panache) entities. */
    public Uni<Boolean> onceWithSession(String consumer, EventEnvelope event, Supplier<Uni<Void>> work) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> markProcessed(session, consumer, event.id()))
                .chain(first -> first
                        ? work.get().replaceWith(Boolean.TRUE)
                        : Uni.createFrom().item(Boolean.FALSE)));
    }
}
