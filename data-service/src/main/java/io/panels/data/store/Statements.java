package io.panels.data.store;

import io.panels.query.sql.SqlFragment;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;
import java.util.function.Function;

/** Runs compiled SQL fragments ({@code ?} placeholders) on the reactive client. */
public final class Statements {

    private Statements() {
    }

    public static Uni<RowSet<Row>> run(SqlClient tx, SqlFragment statement) {
        if (statement.parameters().isEmpty()) {
            return tx.query(statement.sql()).execute();
        }
        return tx.preparedQuery(statement.numbered()).execute(Tuple.from(statement.parameters()));
    }

    /** One after the other, in order, in the caller's transaction. */
    public static Uni<Void> runAll(SqlClient tx, List<SqlFragment> statements) {
        return sequentially(statements, statement -> run(tx, statement));
    }

    /**
     * {@code work} for all items at once: the statements are pipelined on the one connection
     * (sent without waiting for each reply) and run in the order they were sent.
     */
    public static <T> Uni<Void> pipelined(List<T> items, Function<T, Uni<?>> work) {
        if (items.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Object>> all = items.stream().map(item -> work.apply(item).replaceWith(Boolean.TRUE).map(Object.class::cast)).toList();
        return Uni.join().all(all).andFailFast().replaceWithVoid();
    }

    /**
     * {@code work} for each item, one after the other (a connection runs one statement at a time).
     * Concatenating a stream keeps the stack flat however many items there are.
     */
    public static <T> Uni<Void> sequentially(List<T> items, Function<T, Uni<?>> work) {
        if (items.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(items).onItem().transformToUniAndConcatenate(work::apply)
                .collect().last().replaceWithVoid();
    }
}
