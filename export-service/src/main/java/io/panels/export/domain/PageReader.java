package io.panels.export.domain;

import io.panels.export.client.DataServiceClient;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a job's rows from data-service ahead of the writer: a virtual thread reads the stream
 * (ADR 0043) and parses it into pages (the rows between two checkpoints) while the worker writes
 * the pages before. At most {@value #AHEAD} pages wait in memory; when the writer is behind, the
 * reader stops reading and data-service's stream waits (back-pressure through TCP). A failure of
 * the reading is rethrown to the worker by {@link #next()}.
 */
final class PageReader implements AutoCloseable {

    static final int AHEAD = 4;

    /** Reads every page to {@code pages}, in order, then returns. */
    @FunctionalInterface
    interface Source {
        void read(DataServiceClient.Pages pages) throws InterruptedException;
    }

    private record Item(DataServiceClient.Page page, RuntimeException failure, InterruptedException interrupted) {
    }

    private static final Item END = new Item(null, null, null);

    private final BlockingQueue<Item> ready = new ArrayBlockingQueue<>(AHEAD);
    private final Thread reader;
    private boolean ended;

    PageReader(Source source) {
        this.reader = Thread.ofVirtual().name("export-page-reader").start(() -> {
            try {
                source.read(page -> ready.put(new Item(page, null, null)));
                ready.put(END);
            } catch (InterruptedException e) {
                // closed by the worker, or the reading itself was interrupted
                ready.offer(new Item(null, null, e));
            } catch (RuntimeException e) {
                try {
                    ready.put(new Item(null, e, null));
                } catch (InterruptedException closed) {
                    // the worker has gone
                }
            }
        });
    }

    /** The next page, or null after the last; rethrows what stopped the reading. */
    DataServiceClient.Page next() throws InterruptedException {
        if (ended) {
            return null;
        }
        Item item = ready.take();
        if (item == END) {
            ended = true;
            return null;
        }
        if (item.failure() != null) {
            ended = true;
            throw item.failure();
        }
        if (item.interrupted() != null) {
            ended = true;
            throw item.interrupted();
        }
        return item.page();
    }

    /** Stops the reading (its stream is closed, so data-service ends it too). */
    @Override
    public void close() {
        reader.interrupt();
    }
}
