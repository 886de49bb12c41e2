package io.panels.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A data-service whose sync may reach exactly one local address, {@value #ALLOWED}, through an
 * explicit allow-list entry ({@code PANELS_DATA_SYNC_ALLOWED_NETWORKS=127.0.0.2/32}, plain http
 * allowed), with DNS from a hosts file of the test's ({@code jdk.net.hosts.file}, caching off, the
 * technique of {@link WebhookSsrfTest}), its own sync worker group, and a gateway of its own in
 * front of it (auth- and panel-service are the suite's). The suite's own data-service keeps the
 * production rules: no allow-list, https only.
 *
 * <p>With it, the local "legitimate" sources of the data-source suites (on 127.0.0.2) and the
 * "internal" targets an attacker aims at (on 127.0.0.1: {@link Tripwire}s that count every
 * connection) are told apart by address, as a real deployment tells its network from the internet.
 */
public final class SyncSandbox {

    /** The one local address the sandbox's sync may reach. */
    public static final String ALLOWED = "127.0.0.2";
    /** The hosts file: names the test points where it wants; also the sandbox's whole DNS. */
    public static final Path HOSTS = Path.of("target", "sync-hosts").toAbsolutePath();

    private static URI gateway;

    private SyncSandbox() {
    }

    /** The sandbox's gateway, starting it (and its data-service) the first time. */
    public static synchronized URI gateway() {
        if (gateway == null) {
            writeHosts(ALLOWED);
            // Its consumer groups and sync worker group are its own (Suite.consumerGroups).
            URI data = Suite.extra("sandbox-data-service", "data-service", () -> Map.of(
                    "PANELS_DATA_SYNC_ALLOW_PLAIN_HTTP", "true",
                    "PANELS_DATA_SYNC_ALLOWED_NETWORKS", ALLOWED + "/32",
                    "PANELS_DATA_SYNC_ATTEMPTS", "2",
                    "PANELS_DATA_SYNC_BACKOFF", "PT0.2S",
                    "PANELS_DATA_SYNC_REQUEST_TIMEOUT", "PT5S",
                    "JAVA_TOOL_OPTIONS", "-Djdk.net.hosts.file=" + HOSTS
                            + " -Dsun.net.inetaddr.ttl=0 -Dsun.net.inetaddr.negative.ttl=0"));
            gateway = Suite.extra("sandbox-gateway", "gateway", () -> {
                Map<String, String> environment = new HashMap<>(Suite.gatewayLimits());
                environment.put("PANELS_AUTH_SERVICE_URL", Suite.url("auth-service").toString());
                environment.put("PANELS_PANEL_SERVICE_URL", Suite.url("panel-service").toString());
                environment.put("PANELS_DATA_SERVICE_URL", data.toString());
                return environment;
            });
        }
        return gateway;
    }

    /**
     * Writes the hosts file; {@code rebindTo} is where {@code rebind.panels-e2e.test} and
     * {@code dbrebind.panels-e2e.test} point (the allowed address first, 127.0.0.1 after a rebinding).
     */
    public static void writeHosts(String rebindTo) {
        try {
            String hostName = InetAddress.getLocalHost().getHostName();
            Files.createDirectories(HOSTS.getParent());
            Files.writeString(HOSTS, String.join("\n",
                    "127.0.0.1 localhost " + hostName,
                    "::1 localhost",
                    "127.0.0.1 loopback.panels-e2e.test",
                    "169.254.169.254 metadata.panels-e2e.test",
                    "10.1.2.3 private.panels-e2e.test",
                    "172.16.5.4 private172.panels-e2e.test",
                    "192.168.1.20 private192.panels-e2e.test",
                    "100.64.0.7 cgnat.panels-e2e.test",
                    "::1 v6loopback.panels-e2e.test",
                    "fd12:3456::1 ula.panels-e2e.test",
                    "fe80::1 linklocal.panels-e2e.test",
                    "::ffff:127.0.0.1 mapped.panels-e2e.test",
                    ALLOWED + " mixed.panels-e2e.test",
                    "127.0.0.1 mixed.panels-e2e.test",
                    ALLOWED + " public.panels-e2e.test",
                    ALLOWED + " db.panels-e2e.test",
                    rebindTo + " rebind.panels-e2e.test",
                    rebindTo + " dbrebind.panels-e2e.test", ""), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A random string for a secret: long, and found nowhere by chance. */
    public static String secret(String prefix) {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    /**
     * A server the attacker wants reached: counts every TCP connection (whatever speaks on it:
     * HTTP, TLS, a database driver) and answers like an internal HTTP API would.
     */
    public static final class Tripwire implements AutoCloseable {

        private final ServerSocket socket;
        private final AtomicInteger connections = new AtomicInteger();

        public Tripwire(String address, int port) throws IOException {
            socket = new ServerSocket();
            socket.bind(new InetSocketAddress(address, port));
            Thread acceptor = new Thread(this::accept, "tripwire-" + socket.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
        }

        public int port() {
            return socket.getLocalPort();
        }

        public int connections() {
            return connections.get();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    connections.incrementAndGet();
                    client.setSoTimeout(1000);
                    try {
                        client.getInputStream().read(new byte[8192]);
                    } catch (IOException ignored) {
                        // Whatever it sent, it is counted.
                    }
                    byte[] body = "{\"data\": [{\"name\": \"internal\", \"qty\": 666}]}".getBytes(StandardCharsets.UTF_8);
                    OutputStream out = client.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                } catch (IOException e) {
                    // closed, or the client went away
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * A TCP relay from {@code address:port} to the dev platform's PostgreSQL (127.0.0.1:5432, which
     * listens on loopback only), so that a database source can reach a real server at the allowed
     * address; counts the connections it relayed.
     */
    public static final class Relay implements AutoCloseable {

        private final ServerSocket socket;
        private final AtomicInteger connections = new AtomicInteger();

        public Relay(String address, int port, String targetHost, int targetPort) throws IOException {
            socket = new ServerSocket();
            socket.bind(new InetSocketAddress(address, port));
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket client = socket.accept();
                        connections.incrementAndGet();
                        Socket server = new Socket(targetHost, targetPort);
                        pump(client.getInputStream(), server.getOutputStream(), client, server);
                        pump(server.getInputStream(), client.getOutputStream(), client, server);
                    } catch (IOException e) {
                        // closed
                    }
                }
            }, "relay-" + socket.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private static void pump(InputStream in, OutputStream out, Socket a, Socket b) {
            Thread pump = new Thread(() -> {
                try {
                    in.transferTo(out);
                } catch (IOException ignored) {
                    // one side closed
                } finally {
                    closeQuietly(a);
                    closeQuietly(b);
                }
            }, "relay-pump");
            pump.setDaemon(true);
            pump.start();
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }

        public int port() {
            return socket.getLocalPort();
        }

        public int connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * A login role of the dev platform's PostgreSQL with a random password, made for one test and
     * dropped after it: the database itself checks the password a JDBC source sends (SCRAM over
     * TCP). Made as the superuser the way dev/platform does it: peer login as {@code postgres} over
     * the local socket, or {@code PANELS_PG_SUPERUSER_URL}.
     */
    public record PgRole(String name, String password) implements AutoCloseable {

        public static PgRole create() {
            PgRole role = new PgRole("e2e_secret_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12), secret("pg-"));
            superuser("CREATE ROLE \"" + role.name + "\" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '" + role.password + "';");
            return role;
        }

        @Override
        public void close() {
            superuser("DROP ROLE IF EXISTS \"" + name + "\";");
        }

        private static void superuser(String sql) {
            String url = System.getenv("PANELS_PG_SUPERUSER_URL");
            List<String> command = url != null && !url.isBlank()
                    ? List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url)
                    : List.of("runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-p", "5432", "-d", "postgres");
            try {
                // The SQL goes on stdin: a password on a command line is visible to every process.
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                try (OutputStream in = process.getOutputStream()) {
                    in.write(sql.getBytes(StandardCharsets.UTF_8));
                }
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException("psql as the superuser failed: " + output);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
