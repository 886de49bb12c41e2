package io.panels.view;

import io.panels.common.testing.ServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.UUID;

/**
 * A real data-service (its built fast-jar, ./mvnw -pl data-service -am package -DskipTests) for
 * the rendering tests: one process for the whole test run, reused when Quarkus restarts for a
 * test profile. It consumes panel events in a consumer group of its own (so it never competes
 * with a data-service that runs beside the tests) and trusts view-service's service identity
 * for share links, as the deployed data-service must (panels.tenancy.trusted-services).
 */
public class DataServiceProcess implements QuarkusTestResourceLifecycleManager {

    private static ServiceProcess process;

    public static synchronized ServiceProcess process() {
        if (process == null || !process.isAlive()) {
            process = ServiceProcess.start("data-service", Map.of(
                    "MP_MESSAGING_INCOMING_PANELS_PANELS_GROUP_ID", "view-service-test-data-" + UUID.randomUUID(),
                    "MP_MESSAGING_INCOMING_PANELS_PANELS_AUTO_OFFSET_RESET", "latest",
                    "PANELS_TENANCY_TRUSTED_SERVICES", "panels-view-service",
                    "QUARKUS_OTEL_SDK_DISABLED", "true"));
            ServiceProcess started = process;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        return process;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.rest-client.data-service.url", process().url().toString());
    }

    @Override
    public void stop() {
        // Kept for the next Quarkus start of this run; the shutdown hook stops it.
    }
}
