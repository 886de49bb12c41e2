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
     * Statements sent at once, in this order, on the one connection (pipelined: one round trip for
     * all of them); answers the item of each ({@code null} for a null item). When any fails, fails
     * with the failure of the earliest in this order that failed: on PostgreSQL the first statement
     * to fail aborts the transaction, and the later ones fail only because of it.
     */
    public static Uni<List<Object>> together(List<Uni<?>> statements) {
        List<Uni<Outcome>> outcomes = statements.stream()
                .map(statement -> statement.map(item -> new Outcome(item, null)).onFailure().recoverWithItem(failure -> new Outcome(null, failure)))
                .toList();
        return Uni.join().all(outcomes).andFailFast().chain(results -> {
            List<Object> items = new java.util.ArrayList<>(results.size());
            for (Outcome outcome : results) {
                if (outcome.failure() != null) {
                    return Uni.createFrom().<List<Object>>failure(outcome.failure());
                }
                items.add(outcome.item());
            }
            return Uni.createFrom().item(items);
        });
    }

    /** {@code first} and then {@code second}, sent at once (see {@link #together(List)}); the second's item. */
    @SuppressWarnings("unchecked")
    public static <T> Uni<T> together(Uni<?> first, Uni<T> second) {
        return together(List.of(first, second)).map(items -> (T) items.get(1));
    }

    private record Outcome(Object item, Throwable failure) {
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
