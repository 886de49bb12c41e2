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
        Map<String, String> environment = switch (service) {
            case "view-service" -> Map.of("QUARKUS_REST_CLIENT_DATA_SERVICE_URL", url("data-service").toString());
            case "export-service" -> Map.of("PANELS_EXPORT_DATA_SERVICE_URL", url("data-service").toString());
            default -> Map.of();
        };
        return RUNNING.computeIfAbsent(service, name -> ServiceProcess.start(name, environment)).url();
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

    private static URI startGateway(String... services) {
        // The services first: a computeIfAbsent must not start others inside its own.
        Map<String, String> environment = new HashMap<>();
        // The security suites send thousands of requests a minute as one member; rate limits have
        // tests of their own in the gateway module.
        environment.put("PANELS_GATEWAY_RATE_LIMIT_TENANT_REQUESTS_PER_MINUTE", "1000000");
        environment.put("PANELS_GATEWAY_RATE_LIMIT_CLIENT_REQUESTS_PER_MINUTE", "1000000");
        environment.put("PANELS_GATEWAY_RATE_LIMIT_PLATFORM_REQUESTS_PER_MINUTE", "1000000");
        // The share-link and upload suites call public paths far more than 120 times a minute from one address.
        environment.put("PANELS_GATEWAY_RATE_LIMIT_PUBLIC_REQUESTS_PER_MINUTE", "1000000");
        for (String service : services) {
            environment.put("PANELS_" + service.toUpperCase(Locale.ROOT).replace('-', '_') + "_URL", url(service).toString());
        }
        return RUNNING.computeIfAbsent("gateway", name -> ServiceProcess.start(name, environment)).url();
    }

    @Override
    public void close() throws InterruptedException {
        for (ServiceProcess running : RUNNING.values()) {
            running.close();
        }
        RUNNING.clear();
    }
}
