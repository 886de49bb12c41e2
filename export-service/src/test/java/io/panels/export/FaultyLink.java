package io.panels.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay between export-service and the real data-service process, so a test can make
 * data-service unreachable in the middle of an export (every connection reset, new ones refused)
 * and bring it back, without stopping the process the other tests use. A fault injector, not a
 * stand-in: every byte that passes comes from the real data-service.
 */
public final class FaultyLink implements AutoCloseable {

    /**
     * System property the tests set to steer the link ({@code open}, {@code cut-after:<bytes>:<nonce>}, or
     * {@code rate:<bytes per second>:<nonce>}, {@code rate-then-cut:<bytes per second>:<bytes>:<nonce>}): a string, because the tests and this link may live in
     * different class loaders.
     */
    public static final String CONTROL = "export-test.link";

    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong downstreamBytes = new AtomicLong();
    private volatile int targetPort;
    private volatile boolean cut;
    private volatile long cutAfterBytes = Long.MAX_VALUE;
    private volatile String lastCommand = "open";
    /** Bytes per second from data-service, over all connections; 0: as fast as they come. */
    private volatile long rate;
    private final AtomicLong pacedBytes = new AtomicLong();
    private volatile long pacedSince;

    public FaultyLink() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    public void target(int port) {
        this.targetPort = port;
    }

    /** Cuts the link once {@code bytes} more have flowed from data-service to export-service. */
    public void cutAfter(long bytes) {
        cutAfterBytes = downstreamBytes.get() + bytes;
    }

    public boolean isCut() {
        return cut;
    }

    public void restore() {
        cutAfterBytes = Long.MAX_VALUE;
        cut = false;
        rate = 0;
    }

    /** A slow network: data-service's answers pass at {@code bytesPerSecond} at most (0: no limit). */
    public void limitRate(long bytesPerSecond) {
        pacedBytes.set(0);
        pacedSince = System.nanoTime();
        rate = bytesPerSecond;
    }

    private synchronized void steer() {
        String command = System.getProperty(CONTROL, "open");
        if (command.equals(lastCommand)) {
            return;
        }
        lastCommand = command;
        if (command.equals("open")) {
            restore();
        } else if (command.startsWith("rate-then-cut:")) {
            String[] parts = command.split(":");
            limitRate(Long.parseLong(parts[1]));
            cutAfter(Long.parseLong(parts[2]));
        } else if (command.startsWith("rate:")) {
            limitRate(Long.parseLong(command.split(":")[1]));
        } else {
            cutAfter(Long.parseLong(command.split(":")[1]));
        }
    }

    private void cutNow() {
        cut = true;
        for (Socket socket : open) {
            close(socket);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                steer();
                if (cut) {
                    client.setSoLinger(true, 0);
                    client.close();
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                Thread.ofVirtual().start(() -> pump(client, upstream, false));
                Thread.ofVirtual().start(() -> pump(upstream, client, true));
            } catch (IOException e) {
                // closed, or data-service not listening: the caller sees a reset connection
            }
        }
    }

    private void pump(Socket from, Socket to, boolean downstream) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                steer();
                if (cut) {
                    break;
                }
                out.write(buffer, 0, read);
                if (downstream && downstreamBytes.addAndGet(read) >= cutAfterBytes) {
                    cutNow();
                }
                if (downstream) {
                    pace(read);
                }
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            close(from);
            close(to);
        }
    }

    /** Waits until the bytes passed since the rate was set fit it. */
    private void pace(int bytes) {
        long limit = rate;
        if (limit <= 0) {
            return;
        }
        long due = pacedSince + pacedBytes.addAndGet(bytes) * 1_000_000_000L / limit;
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void close(Socket socket) {
        open.remove(socket);
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cutNow();
    }
}
