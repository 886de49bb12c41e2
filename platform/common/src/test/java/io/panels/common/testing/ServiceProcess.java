package io.panels.common.testing;

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
import java.util.concurrent.TimeUnit;

/**
 * Another Panels service as a real process, for tests of a service that calls it (view-service
 * calls data-service) and for the e2e suite: the service's built fast-jar
 * ({@code <service>/target/quarkus-app}) runs with {@code java -jar} on a free port of 127.0.0.1
 * against the dev platform, logging to {@code <calling module>/target/service-logs/<service>.log}.
 *
 * <p>The reactor builds modules in the order of the parent pom, so a service listed earlier has
 * its fast-jar by the time a later module's tests run; a single-module build needs it built first
 * ({@code ./mvnw -pl data-service -am package -DskipTests}).
 */
public final class ServiceProcess implements AutoCloseable {

    /** How long a service may take to answer ready: {@code -Dpanels.process.ready-timeout=PT4M} on a loaded machine. */
    private static final Duration READY_TIMEOUT = Duration.parse(System.getProperty("panels.process.ready-timeout", "PT3M"));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String service;
    private final Process process;
    private final URI url;

    private ServiceProcess(String service, Process process, URI url) {
        this.service = service;
        this.process = process;
        this.url = url;
    }

    /** Starts {@code service} (e.g. {@code data-service}) with extra environment and waits until it is ready. */
    public static ServiceProcess start(String service, Map<String, String> environment) {
        Path root = Repository.root();
        Path jar = root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build " + service
                    + " first (./mvnw -pl " + service + " -am package -DskipTests)");
        }
        int port = freePort();
        Path log = Path.of("target", "service-logs", service + ".log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-jar", jar.toString())
                    .directory(root.resolve(service).toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            // Traces go only to a collector someone named (as in the Helm chart), never retried at localhost:4317.
            if (System.getenv("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT") == null) {
                builder.environment().putIfAbsent("QUARKUS_OTEL_SDK_DISABLED", "true");
            }
            builder.environment().putAll(environment);
            Process process = builder.start();
            URI url = URI.create("http://127.0.0.1:" + port);
            awaitReady(service, process, url, log);
            return new ServiceProcess(service, process, url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return url;
    }

    public String service() {
        return service;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process at once (SIGKILL), as a crash would; for fault tests. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** Stops the process gracefully (SIGTERM), forcibly after 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
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

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
