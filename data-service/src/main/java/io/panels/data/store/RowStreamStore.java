package io.panels.data.store;

import io.panels.common.tenant.TenantScope;
import io.panels.query.sql.SqlFragment;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.PreparedStatement;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowStream;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Bulk reads for {@code rows:stream} (ADR 0043): a connection of its own in one
 * {@code READ ONLY, REPEATABLE READ} transaction (one snapshot for the whole read, however long it
 * takes), bound to the tenant, and a server-side cursor (a portal) that the reactive client reads
 * {@code fetch} rows at a time, only as fast as the reader asks for them. Whatever ends the read
 * (the last row, a failure, the client going away) closes the cursor and the statement, rolls the
 * transaction back and gives the connection back to the pool.
 */
@ApplicationScoped
public class RowStreamStore {

    private static final Logger LOG = Logger.getLogger(RowStreamStore.class);
    private static final String READ_ONLY_SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";

    private final Pool pool;

    public RowStreamStore(Pool pool) {
        this.pool = pool;
    }

    /** The open transaction of one stream, and the cursor it reads once {@link #rows} started it. */
    public static final class Snapshot {

        private final SqlConnection connection;
        private final Transaction transaction;
        private PreparedStatement statement;
        private RowStream<Row> cursor;

        private Snapshot(SqlConnection connection, Transaction transaction) {
            this.connection = connection;
            this.transaction = transaction;
        }

        public SqlConnection connection() {
            return connection;
        }
    }

    /** {@code work} inside a snapshot of the tenant's data that lives exactly as long as the stream it returns. */
    public <T> Multi<T> inSnapshot(UUID tenantId, Function<Snapshot, Multi<T>> work) {
        return Multi.createFrom().resourceFromUni(() -> open(tenantId), work).withFinalizer(this::close);
    }

    /** The rows of {@code statement}, read through a server-side cursor {@code fetch} rows at a time, with back-pressure. */
    public Multi<Row> rows(Snapshot snapshot, SqlFragment statement, int fetch) {
        return snapshot.connection.prepare(statement.numbered()).onItem().transformToMulti(prepared -> {
            snapshot.statement = prepared;
            snapshot.cursor = prepared.createStream(fetch, Tuple.from(statement.parameters()));
            return snapshot.cursor.toMulti();
        });
    }

    private Uni<Snapshot> open(UUID tenantId) {
        return pool.getConnection().chain(connection -> connection.begin()
                // First statement of the transaction: before any snapshot is taken.
                .call(transaction -> connection.query(READ_ONLY_SNAPSHOT).execute())
                .call(transaction -> TenantScope.bind(connection, tenantId))
                .map(transaction -> new Snapshot(connection, transaction))
                .onFailure().call(failure -> connection.close().onFailure().recoverWithNull()));
    }

    private Uni<Void> close(Snapshot snapshot) {
        Uni<Void> cursor = snapshot.cursor == null ? Uni.createFrom().voidItem() : snapshot.cursor.close();
        return cursor.onFailure().recoverWithNull()
                .chain(() -> snapshot.statement == null ? Uni.createFrom().voidItem() : snapshot.statement.close())
                .onFailure().recoverWithNull()
                .chain(() -> snapshot.transaction.rollback())
                .onFailure().recoverWithNull()
                .chain(() -> snapshot.connection.close())
                .onFailure().invoke(failure -> LOG.warnf("Closing a row stream's connection failed: %s", failure.toString()))
                .onFailure().recoverWithNull();
    }
}
