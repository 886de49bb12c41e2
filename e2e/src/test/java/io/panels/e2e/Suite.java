package io.panels.e2e;

import io.panels.common.testing.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The services under test as real processes: each built fast-jar ({@code <service>/target/quarkus-app})
 * runs with {@code java -jar} on a free port of 127.0.0.1 against the dev platform, with its log in
 * {@code e2e/target/e2e-logs/}. A service starts the first time a journey asks for it and stops
 * when the test run ends.
 */
public final class Suite implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Map<String, Running> RUNNING = new ConcurrentHashMap<>();

    private record Running(Process process, URI url) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // Registered once in the root store, so the processes stop after the last test class.
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Suite.class.getName(), key -> this);
    }

    /** The base URL of {@code service} (e.g. {@code auth-service}), started if it is not running yet. */
    public static URI url(String service) {
        return RUNNING.computeIfAbsent(service, name -> start(name, Map.of())).url();
    }

    /**
     * The gateway, started in front of {@code services} (each started if need be): the one URL a
     * user of the suite calls.
     */
    public static URI gateway(String... services) {
        return RUNNING.computeIfAbsent("gateway", name -> {
            Map<String, String> routes = new java.util.HashMap<>();
            for (String service : services) {
                routes.put("PANELS_" + service.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_URL",
                        url(service).toString());
            }
            return start(name, routes);
        }).url();
    }

    private static Running start(String service, Map<String, String> environment) {
        Path root = Repository.root();
        Path jar = root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the service first (./mvnw -DskipTests package)");
        }
        int port = freePort();
        Path log = root.resolve("e2e/target/e2e-logs/" + service + ".log");
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-jar", jar.toString())
                    .directory(root.resolve(service).toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            builder.environment().putAll(environment);
            Process process = builder.start();
            URI url = URI.create("http://127.0.0.1:" + port);
            awaitReady(service, process, url, log);
            return new Running(process, url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitReady(String service, Process process, URI url, Path log) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        HttpRequest ready = HttpRequest.newBuilder(url.resolve("/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                process.waitFor(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException(service + " was not ready within " + READY_TIMEOUT + "; see " + log);
    }

    @Override
    public void close() throws InterruptedException {
        for (Running running : RUNNING.values()) {
            running.process().destroy();
        }
        for (Running running : RUNNING.values()) {
            if (!running.process().waitFor(20, TimeUnit.SECONDS)) {
                running.process().destroyForcibly();
            }
        }
        RUNNING.clear();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
