package io.panels.export.domain;

import io.panels.export.client.DataServiceClient;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a job's pages from data-service one page ahead of the writer: while the worker writes page
 * n, a virtual thread fetches page n+1 (keyset pages: the next request needs this page's cursor, so
 * one page ahead is all the overlap there is). At most two pages wait in memory. A failure of the
 * fetch is rethrown to the worker by {@link #next()}.
 */
final class PageReader implements AutoCloseable {

    /** Fetches the page after {@code cursor} (null: the first). */
    @FunctionalInterface
    interface Fetch {
        DataServiceClient.Page page(String cursor) throws InterruptedException;
    }

    private record Item(DataServiceClient.Page page, RuntimeException failure, InterruptedException interrupted) {
    }

    private static final Item END = new Item(null, null, null);

    private final BlockingQueue<Item> ready = new ArrayBlockingQueue<>(1);
    private final Thread fetcher;
    private boolean ended;

    PageReader(Fetch fetch) {
        this.fetcher = Thread.ofVirtual().name("export-page-reader").start(() -> {
            try {
                String cursor = null;
                do {
                    DataServiceClient.Page page = fetch.page(cursor);
                    ready.put(new Item(page, null, null));
                    cursor = page.nextCursor();
                } while (cursor != null);
                ready.put(END);
            } catch (InterruptedException e) {
                // closed by the worker, or the fetch itself was interrupted
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

    /** The next page, or null after the last; rethrows what stopped the fetching. */
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

    @Override
    public void close() {
        fetcher.interrupt();
    }
}
