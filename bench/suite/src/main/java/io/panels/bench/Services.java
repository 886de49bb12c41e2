package io.panels.bench;

import io.panels.common.testing.ServiceProcess;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The services under test as processes started from the worktree's built fast-jars
 * ({@link ServiceProcess}, as the e2e suite starts them), with the gateway in front. Each run uses
 * Kafka consumer groups of its own (suffix {@code bench-<run>}, from the latest offset), so it neither
 * takes partitions from other people's services and tests nor replays old events; the gateway's
 * rate limits are raised (the point is the cost of the check, not its refusals).
 */
final class Services implements AutoCloseable {

    static final List<String> BACKENDS = List.of("panel-service", "data-service", "view-service", "notification-service", "export-service");

    private final Map<String, ServiceProcess> running = new LinkedHashMap<>();
    private final String run;

    Services(String run) {
        this.run = run;
    }

    /**
     * Starts data-service first (view- and export-service call it), the other backends two at a time
     * (four JVMs starting at once on two loaded cores outlast ServiceProcess's two-minute readiness
     * limit), each tried twice, then the gateway in front of them.
     */
    String start() {
        ServiceProcess data = startWithRetry("data-service", groups("data-service", "PANELS_PANELS"));
        running.put("data-service", data);
        String dataUrl = data.url().toString();
        Map<String, Map<String, String>> environments = new LinkedHashMap<>();
        Map<String, String> panel = groups("panel-service", "PANELS_TENANTS", "PANELS_PANELS");
        panel.put("PANELS_PANEL_DEFAULT_MAX_PANELS", "1000000");
        environments.put("panel-service", panel);
        Map<String, String> view = groups("view-service", "PANELS_PANELS");
        view.put("QUARKUS_REST_CLIENT_DATA_SERVICE_URL", dataUrl);
        environments.put("view-service", view);
        environments.put("notification-service", groups("notification-service", "DIRECTORY", "INBOX", "WEBHOOK_FANOUT"));
        Map<String, String> export = groups("export-service", "PANELS_PANELS", "PANELS_VIEWS", "EXPORT_REQUESTS");
        export.put("PANELS_EXPORT_DATA_SERVICE_URL", dataUrl);
        environments.put("export-service", export);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Map<String, Future<ServiceProcess>> starting = new LinkedHashMap<>();
        environments.forEach((name, environment) -> starting.put(name, pool.submit(() -> startWithRetry(name, environment))));
        pool.shutdown();
        RuntimeException failure = null;
        for (Map.Entry<String, Future<ServiceProcess>> entry : starting.entrySet()) {
            try {
                running.put(entry.getKey(), entry.getValue().get());
            } catch (ExecutionException e) {
                failure = failure == null ? new IllegalStateException(e.getCause()) : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        Map<String, String> gateway = new HashMap<>();
        gateway.put("PANELS_GATEWAY_TENANT_GROUP", "gateway.bench-" + run);
        for (String name : List.of("PANELS_GATEWAY_RATE_LIMIT_TENANT_REQUESTS_PER_MINUTE", "PANELS_GATEWAY_RATE_LIMIT_CLIENT_REQUESTS_PER_MINUTE",
                "PANELS_GATEWAY_RATE_LIMIT_PLATFORM_REQUESTS_PER_MINUTE", "PANELS_GATEWAY_RATE_LIMIT_PUBLIC_REQUESTS_PER_MINUTE")) {
            gateway.put(name, "100000000");
        }
        BACKENDS.forEach(s -> gateway.put("PANELS_" + s.toUpperCase(Locale.ROOT).replace('-', '_') + "_URL", running.get(s).url().toString()));
        running.put("gateway", startWithRetry("gateway", gateway));
        return running.get("gateway").url().toString();
    }

    private static ServiceProcess startWithRetry(String service, Map<String, String> given) {
        Map<String, String> environment = new HashMap<>(given);
        // The dev database is shared: another engineer's newer build may have applied a migration this
        // worktree does not have yet. The benchmark runs on the schema as it is instead of refusing to start.
        environment.put("QUARKUS_FLYWAY_IGNORE_MIGRATION_PATTERNS", "*:missing,*:future");
        try {
            return ServiceProcess.start(service, environment);
        } catch (IllegalStateException e) {
            System.out.println(service + " did not start (" + e.getMessage() + "); trying once more");
            return ServiceProcess.start(service, environment);
        }
    }

    /**
     * Consumer groups of this run for a service's incoming channels, from the latest offset: one group
     * per service and channel (services whose channels have the same name must not share a group).
     */
    private Map<String, String> groups(String service, String... channels) {
        Map<String, String> environment = new HashMap<>();
        for (String channel : channels) {
            environment.put("MP_MESSAGING_INCOMING_" + channel + "_GROUP_ID",
                    service + "." + channel.toLowerCase(Locale.ROOT).replace('_', '-') + ".bench-" + run);
            environment.put("MP_MESSAGING_INCOMING_" + channel + "_AUTO_OFFSET_RESET", "latest");
        }
        return environment;
    }

    /** The base URL of a running service ({@code gateway}, {@code view-service}, ...), for the scenarios that measure each hop. */
    String url(String service) {
        ServiceProcess process = running.get(service);
        if (process == null) {
            throw new IllegalArgumentException(service + " is not running");
        }
        return process.url().toString();
    }

    /** The process id of each running service, found among this JVM's children by its jar. */
    Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String service : running.keySet()) {
            pid(service).ifPresent(pid -> pids.put(service, pid));
        }
        return pids;
    }

    private static Optional<Long> pid(String service) {
        String jar = "/" + service + "/target/quarkus-app/quarkus-run.jar";
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().map(c -> c.contains(jar)).orElse(false))
                .map(ProcessHandle::pid).findFirst();
    }

    @Override
    public void close() {
        List<String> names = List.copyOf(running.keySet());
        for (int i = names.size() - 1; i >= 0; i--) {
            try {
                running.get(names.get(i)).close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running.clear();
    }
}
