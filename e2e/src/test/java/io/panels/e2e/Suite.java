package io.panels.e2e;

import io.panels.common.testing.ServiceProcess;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The services under test as real processes ({@link ServiceProcess}: each built fast-jar on a free
 * port of 127.0.0.1 against the dev platform, logging to {@code e2e/target/service-logs/}). A
 * service starts the first time a journey asks for it and stops when the test run ends.
 */
public final class Suite implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {

    private static final Map<String, ServiceProcess> RUNNING = new ConcurrentHashMap<>();
    /** This test run, in the names of its Kafka consumer groups. */
    private static final String RUN = java.util.UUID.randomUUID().toString().substring(0, 8);
    /** The topics auth-service's audit log consumes, one group each ({@code <group>.<topic>}). */
    private static final List<String> AUDITED = List.of("tenants", "panels", "rows", "views", "datasources", "exports", "notifications");
    /** The services the running gateway routes to. */
    private static final Set<String> GATEWAY_ROUTES = new TreeSet<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        // Registered once in the root store, so the processes stop after the last test class.
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Suite.class.getName(), key -> this);
    }

    /** The base URL of {@code service} (e.g. {@code auth-service}), started if it is not running yet. */
    public static URI url(String service) {
        ServiceProcess running = RUNNING.get(service);
        if (running != null) {
            return running.url();
        }
        // view- and export-service read rows from data-service: point them at the suite's.
        Map<String, String> environment = new HashMap<>(consumerGroups(service, service));
        switch (service) {
            case "view-service" -> environment.put("QUARKUS_REST_CLIENT_DATA_SERVICE_URL", url("data-service").toString());
            case "export-service" -> environment.put("PANELS_EXPORT_DATA_SERVICE_URL", url("data-service").toString());
            default -> {
            }
        }
        return RUNNING.computeIfAbsent(service, name -> started(name, environment)).url();
    }

    /**
     * The Kafka consumer groups of {@code process} (a {@code service} started under that name) in
     * this run, as environment variables: every group of its own, starting at the latest offset.
     * The dev platform's Kafka is shared by every checkout and benchmark on the machine, each with
     * a database of its own: in the services' usual groups another process would take some of the
     * partitions, and the events of this run's panels would be applied to its database instead.
     */
    public static Map<String, String> consumerGroups(String service, String process) {
        String suffix = "-e2e-" + RUN + "-" + process;
        Map<String, String> environment = new HashMap<>();
        switch (service) {
            case "auth-service" -> {
                environment.put("PANELS_AUTH_AUDIT_CONSUMER_GROUP", "auth-audit" + suffix);
                for (String topic : AUDITED) {
                    environment.put("MP_MESSAGING_INCOMING_AUDIT_" + topic.toUpperCase(Locale.ROOT) + "_AUTO_OFFSET_RESET", "latest");
                }
            }
            case "panel-service" -> channels(environment, service, suffix, "panels-tenants", "panels-panels");
            case "data-service" -> {
                channels(environment, service, suffix, "panels-panels", "panels-datasources");
                // Sync runs of sources created through this process go to its workers only (ADR 0029).
                environment.put("PANELS_DATA_SYNC_WORKER_GROUP", "e2e-" + RUN + "-" + process);
            }
            case "view-service" -> channels(environment, service, suffix, "panels-panels");
            case "notification-service" -> channels(environment, service, suffix, "directory", "inbox", "webhook-fanout");
            case "export-service" -> channels(environment, service, suffix, "panels-panels", "panels-views", "export-requests");
            case "gateway" -> {
                environment.put("PANELS_GATEWAY_TENANT_GROUP", "gateway" + suffix);
                environment.put("MP_MESSAGING_INCOMING_TENANT_EVENTS_AUTO_OFFSET_RESET", "latest");
            }
            default -> {
            }
        }
        return environment;
    }

    private static void channels(Map<String, String> environment, String service, String suffix, String... channels) {
        for (String channel : channels) {
            String variable = "MP_MESSAGING_INCOMING_" + channel.toUpperCase(Locale.ROOT).replace('-', '_');
            environment.put(variable + "_GROUP_ID", service + "." + channel + suffix);
            environment.put(variable + "_AUTO_OFFSET_RESET", "latest");
        }
    }

    /** Starts the process and waits until Kafka has given each of its consumer groups its partitions. */
    static ServiceProcess started(String service, Map<String, String> environment) {
        ServiceProcess process = ServiceProcess.start(service, environment);
        List<String> groups = new java.util.ArrayList<>();
        environment.forEach((name, value) -> {
            if (name.endsWith("_GROUP_ID") || name.equals("PANELS_GATEWAY_TENANT_GROUP")) {
                groups.add(value);
            } else if (name.equals("PANELS_AUTH_AUDIT_CONSUMER_GROUP")) {
                AUDITED.forEach(topic -> groups.add(value + "." + topic));
            }
        });
        awaitAssigned(service, groups);
        return process;
    }

    /**
     * Ready is not yet consuming: a new group at the latest offset misses what is published before
     * its partitions are assigned (a few seconds after the join). Waits for every member of each group
     * to hold partitions.
     */
    private static void awaitAssigned(String service, List<String> groups) {
        if (groups.isEmpty()) {
            return;
        }
        String kafka = System.getenv().getOrDefault("PANELS_KAFKA", "127.0.0.1:9092");
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(180).toNanos();
            while (true) {
                List<String> waiting = new java.util.ArrayList<>();
                var described = admin.describeConsumerGroups(groups).describedGroups();
                for (var group : described.entrySet()) {
                    try {
                        var description = group.getValue().get(30, java.util.concurrent.TimeUnit.SECONDS);
                        if (description.members().isEmpty()
                                || description.members().stream().anyMatch(member -> member.assignment().topicPartitions().isEmpty())) {
                            waiting.add(group.getKey());
                        }
                    } catch (java.util.concurrent.ExecutionException e) {
                        // A consumer that has not joined yet: the broker does not know its group at all.
                        if (!(e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException)) {
                            throw e;
                        }
                        waiting.add(group.getKey());
                    }
                }
                if (waiting.isEmpty()) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(service + ": consumer groups without partitions after 180 s: " + waiting);
                }
                Thread.sleep(500);
            }
            // The assigned consumer looks up its latest offsets at its next poll.
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(service + ": describing its consumer groups failed", e);
        }
    }

    /**
     * The gateway, started in front of {@code services} (each started if need be): the one URL a
     * user of the suite calls.
     */
    public static synchronized URI gateway(String... services) {
        // Started by an earlier journey in front of fewer services: start it again in front of all.
        Set<String> wanted = new TreeSet<>(GATEWAY_ROUTES);
        wanted.addAll(List.of(services));
        ServiceProcess running = RUNNING.get("gateway");
        if (running != null && !GATEWAY_ROUTES.containsAll(wanted)) {
            try {
                running.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            RUNNING.remove("gateway");
        }
        GATEWAY_ROUTES.clear();
        GATEWAY_ROUTES.addAll(wanted);
        return startGateway(wanted.toArray(String[]::new));
    }

    /**
     * A further process of {@code service} in another configuration (e.g. a data-service whose sync
     * may reach a test server), registered as {@code name}: started once, stopped with the others.
     * The environment is computed first, so it may start the services it points at.
     */
    public static synchronized URI extra(String name, String service, java.util.function.Supplier<Map<String, String>> environment) {
        ServiceProcess running = RUNNING.get(name);
        if (running != null) {
            return running.url();
        }
        Map<String, String> resolved = new HashMap<>(consumerGroups(service, name));
        resolved.putAll(environment.get());
        return RUNNING.computeIfAbsent(name, ignored -> started(service, resolved)).url();
    }

    /** The gateway's settings in every e2e run: rate limits out of the way (the gateway module tests them). */
    public static Map<String, String> gatewayLimits() {
        Map<String, String> environment = new HashMap<>();
        // The security suites send thousands of requests a minute as one member; rate limits have
        // tests of their own in the gateway module.
        environment.put("PANELS_GATEWAY_RATE_LIMIT_TENANT_REQUESTS_PER_MINUTE", "1000000");
        environment.put("PANELS_GATEWAY_RATE_LIMIT_CLIENT_REQUESTS_PER_MINUTE", "1000000");
        environment.put("PANELS_GATEWAY_RATE_LIMIT_PLATFORM_REQUESTS_PER_MINUTE", "1000000");
        // The share-link and upload suites call public paths far more than 120 times a minute from one address.
        environment.put("PANELS_GATEWAY_RATE_LIMIT_PUBLIC_REQUESTS_PER_MINUTE", "1000000");
        return environment;
    }

    private static URI startGateway(String... services) {
        // The services first: a computeIfAbsent must not start others inside its own.
        Map<String, String> environment = gatewayLimits();
        environment.putAll(consumerGroups("gateway", "gateway"));
        for (String service : services) {
            environment.put("PANELS_" + service.toUpperCase(Locale.ROOT).replace('-', '_') + "_URL", url(service).toString());
        }
        return RUNNING.computeIfAbsent("gateway", name -> started(name, environment)).url();
    }

    @Override
    public void close() throws InterruptedException {
        for (ServiceProcess running : RUNNING.values()) {
            running.close();
        }
        RUNNING.clear();
    }
}
