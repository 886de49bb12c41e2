package io.panels.e2e;

import io.panels.common.testing.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service's fast-jar as a real process for the fault tests: on a port that stays the same across
 * restarts (the gateway and the clients keep their address), against the {@link PrivatePlatform},
 * its output appended to {@code e2e/target/private-platforms/<name>/logs/<service>.log} over every
 * restart. {@link #kill()} is {@code kill -9}.
 */
public final class FaultService implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String service;
    private final int port = PrivatePlatform.freePort();
    private final Map<String, String> environment;
    private final Path log;
    private Process process;

    public FaultService(String service, Map<String, String> environment, Path logs) {
        this.service = service;
        this.environment = new HashMap<>(environment);
        this.log = logs.resolve(service + ".log");
    }

    public String name() {
        return service;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Starts the process; {@link #awaitReady(Duration)} waits for it. */
    public FaultService start() {
        Path root = Repository.root();
        Path jar = root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw -B -ntp -DskipTests package)");
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString())
                .directory(root.resolve(service).toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public void awaitReady(Duration timeout) {
        PrivatePlatform.await(service + " (see " + log + ")", timeout, () -> {
            if (process == null || !process.isAlive()) {
                throw new IllegalStateException(service + " is not running; see " + log);
            }
            return ready() == 200;
        });
    }

    /** The status of {@code /q/health/ready}, or 0 when nothing answers. */
    public int ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(url().resolve("/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** SIGKILL, as a crash or an OOM kill would: no shutdown hook, no graceful drain. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
