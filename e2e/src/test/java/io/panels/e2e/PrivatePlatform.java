package io.panels.e2e;

import io.panels.common.testing.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A PostgreSQL cluster, a Kafka broker and a Redis of the fault tests' own, on free ports of
 * 127.0.0.1 with their data under {@code e2e/target/private-platforms/<name>/}: the shared dev platform is
 * used by other people's tests at the same time and must never be restarted. Made the way
 * {@code dev/lib/postgres.sh}, {@code kafka.sh} and {@code redis.sh} make the shared one (the same
 * binaries and jars, roles, schemas and topics), so the services run against it unchanged but for
 * their addresses ({@link #environment(String)}). Keycloak stays the shared one: it is never restarted.
 */
public final class PrivatePlatform implements AutoCloseable {

    /** One login role and schema per service (password = name), as dev/lib/postgres.sh makes them. */
    private static final List<String> SCHEMAS = List.of("auth", "panel", "data", "view", "notification", "export");
    private static final List<String> TOPICS = Stream.of("tenants", "panels", "rows", "views", "datasources", "exports",
            "notifications").flatMap(name -> Stream.of("panels." + name, "panels." + name + ".dlq")).toList();

    private final Path home;
    private final Path logs;
    private final int pgPort = freePort();
    private final int kafkaPort = freePort();
    private final int controllerPort = freePort();
    private final int redisPort = freePort();
    private final Path pgBin = postgresBin();
    private final Path pgData;
    private Process kafka;
    private Process redis;
    private boolean pgRunning;

    private PrivatePlatform(Path home) {
        this.home = home;
        this.logs = home.resolve("logs");
        this.pgData = home.resolve("pg");
    }

    /** Makes and starts all three under {@code target/private-platforms/<name>} (fresh each run). */
    public static PrivatePlatform start(String name) {
        Path home = Path.of("target", "private-platforms", name).toAbsolutePath();
        PrivatePlatform platform = new PrivatePlatform(home);
        try {
            deleteTree(home);
            Files.createDirectories(platform.logs);
            platform.initPostgres();
            platform.startPostgres();
            platform.provisionPostgres();
            platform.formatKafka();
            platform.startKafka();
            platform.createTopics();
            platform.startRedis();
            return platform;
        } catch (RuntimeException | IOException e) {
            platform.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    public Path logs() {
        return logs;
    }

    /** The environment that points {@code service} at this platform instead of the shared one. */
    public Map<String, String> environment(String service) {
        String schema = service.replace("-service", "");
        Map<String, String> environment = new java.util.HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap(),
                "QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:" + redisPort));
        if (SCHEMAS.contains(schema)) {
            environment.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:" + pgPort + "/panels");
            environment.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + pgPort + "/panels?currentSchema=" + schema);
        }
        return environment;
    }

    /** A superuser connection (row-level security does not apply): for checking what is stored. */
    public Connection superuser() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/panels", "postgres", "");
    }

    // ---- faults ------------------------------------------------------------------------------

    /** Stops PostgreSQL as a crash would ({@code immediate}: no checkpoint, recovery at the next start). */
    public void crashPostgres() {
        run(List.of(pgBin.resolve("pg_ctl").toString(), "-D", pgData.toString(), "-m", "immediate", "-w", "stop"), true);
        pgRunning = false;
    }

    public void startPostgres() {
        run(List.of(pgBin.resolve("pg_ctl").toString(), "-D", pgData.toString(), "-l", logs.resolve("postgres.log").toString(),
                "-w", "-t", "60", "-o", "-p " + pgPort + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
                        + " -c max_connections=200 -c fsync=off -c shared_buffers=32MB", "start"), true);
        pgRunning = true;
    }

    /** Stops the broker the way an orchestrator does (SIGTERM, then SIGKILL after 30 s). */
    public void stopKafka() {
        stop(kafka, Duration.ofSeconds(30));
        kafka = null;
    }

    public void startKafka() {
        kafka = spawn("kafka", List.of(java(), "-Xms128m", "-Xmx384m", "-XX:+UseG1GC",
                "-Dlog4j2.configurationFile=" + Repository.root().resolve("dev/kafka/log4j2.xml"),
                "-cp", kafkaLibs() + "/*", "kafka.Kafka", home.resolve("kafka.properties").toString()));
        awaitPort("Kafka", kafka, kafkaPort, Duration.ofSeconds(240));
    }

    public void stopRedis() {
        stop(redis, Duration.ofSeconds(10));
        redis = null;
    }

    public void startRedis() {
        redis = spawn("redis", List.of("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", home.toString()));
        awaitPort("Redis", redis, redisPort, Duration.ofSeconds(30));
    }

    /** Stops everything this platform started, whatever state it is in. */
    @Override
    public void close() {
        stop(redis, Duration.ofSeconds(10));
        stop(kafka, Duration.ofSeconds(30));
        if (pgRunning || Files.exists(pgData.resolve("postmaster.pid"))) {
            run(List.of(pgBin.resolve("pg_ctl").toString(), "-D", pgData.toString(), "-m", "fast", "-w", "stop"), false);
            pgRunning = false;
        }
    }

    // ---- set-up ------------------------------------------------------------------------------

    private void initPostgres() throws IOException {
        Files.createDirectories(pgData);
        if (isRoot()) {
            // PostgreSQL refuses to run as root: the cluster belongs to the postgres account.
            run(List.of("chown", "-R", "postgres:postgres", pgData.toString(), logs.toString()), true);
        }
        run(List.of(pgBin.resolve("initdb").toString(), "-D", pgData.toString(), "-U", "postgres", "--auth=trust",
                "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"), true);
    }

    private void provisionPostgres() {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres", "");
             Statement sql = connection.createStatement()) {
            sql.execute("CREATE ROLE panels LOGIN PASSWORD 'panels'");
            for (String role : SCHEMAS) {
                sql.execute("CREATE ROLE \"" + role + "\" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '" + role + "'");
            }
            sql.execute("CREATE DATABASE panels OWNER panels");
        } catch (SQLException e) {
            throw new IllegalStateException("provisioning the private PostgreSQL failed", e);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/panels", "postgres", "");
             Statement sql = connection.createStatement()) {
            for (String role : SCHEMAS) {
                sql.execute("CREATE SCHEMA \"" + role + "\" AUTHORIZATION \"" + role + "\"");
                sql.execute("ALTER ROLE \"" + role + "\" SET search_path TO \"" + role + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("creating the private schemas failed", e);
        }
    }

    private void formatKafka() throws IOException {
        String properties = Files.readString(Repository.root().resolve("dev/kafka/server.properties"))
                .replace("1@127.0.0.1:9093", "1@127.0.0.1:" + controllerPort)
                .replace("PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093",
                        "PLAINTEXT://127.0.0.1:" + kafkaPort + ",CONTROLLER://127.0.0.1:" + controllerPort)
                .replace("advertised.listeners=PLAINTEXT://127.0.0.1:9092", "advertised.listeners=PLAINTEXT://127.0.0.1:" + kafkaPort)
                + "\nlog.dirs=" + home.resolve("kafka-data") + "\n";
        if (properties.contains(":9092") || properties.contains(":9093")) {
            throw new IllegalStateException("dev/kafka/server.properties changed shape: the private broker would use the shared ports");
        }
        Files.writeString(home.resolve("kafka.properties"), properties);
        run(List.of(java(), "-Dlog4j2.configurationFile=" + Repository.root().resolve("dev/kafka/log4j2.xml"),
                "-Dpanels.kafka.log.level=WARN", "-cp", kafkaLibs() + "/*", "kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", home.resolve("kafka.properties").toString()), true);
    }

    private void createTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap()))) {
            List<NewTopic> topics = TOPICS.stream().map(topic -> new NewTopic(topic, 3, (short) 1)).toList();
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("creating the private topics failed", e);
        }
    }

    /**
     * The broker's jars: {@code -Dpanels.e2e.kafka.libs}, else those {@code dev/platform} fetched
     * ({@code .cache/kafka/libs}), else resolved here from {@code dev/kafka/pom.xml} the same way.
     */
    private Path kafkaLibs() {
        String configured = System.getProperty("panels.e2e.kafka.libs", "");
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        Path shared = Repository.root().resolve(".cache/kafka/libs");
        if (Files.isDirectory(shared)) {
            return shared;
        }
        Path own = Path.of("target", "kafka-libs").toAbsolutePath();
        if (!Files.isDirectory(own)) {
            run(List.of(Repository.root().resolve("mvnw").toString(), "-q", "-B", "-f",
                    Repository.root().resolve("dev/kafka/pom.xml").toString(), "dependency:copy-dependencies",
                    "-DoutputDirectory=" + own), true);
        }
        return own;
    }

    // ---- processes ---------------------------------------------------------------------------

    private Process spawn(String name, List<String> command) {
        try {
            return new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command to its end (as the postgres account for PostgreSQL's tools when we are root). */
    private void run(List<String> command, boolean mustSucceed) {
        List<String> full = new ArrayList<>();
        if (isRoot() && command.get(0).startsWith(pgBin.toString())) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve("commands.log").toFile())).start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish; see " + logs.resolve("commands.log"));
            }
            if (mustSucceed && process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " exited with " + process.exitValue()
                        + "; see " + logs.resolve("commands.log"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void stop(Process process, Duration grace) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitPort(String what, Process process, int port, Duration timeout) {
        await(what + " on port " + port, timeout, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(what + " exited with " + process.exitValue() + "; see " + logs);
            }
            return portOpen(port);
        });
    }

    static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(what + " not ready within " + timeout);
            }
            pause(Duration.ofMillis(200));
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path postgresBin() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.filter(dir -> Files.exists(dir.resolve("bin/pg_ctl")))
                    .max(Comparator.comparing(dir -> Integer.parseInt(dir.getFileName().toString().replaceAll("\\D", "0"))))
                    .map(dir -> dir.resolve("bin"))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL under /usr/lib/postgresql: run dev/platform up"));
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL under /usr/lib/postgresql: run dev/platform up", e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
