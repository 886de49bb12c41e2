package io.panels.export;

import io.panels.common.testing.ServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.panels.common.testing.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real data-service for export-service's tests ({@link ServiceProcess}: its built fast-jar, on the
 * dev platform), reached through a {@link FaultyLink} that the failure tests can cut. data-service
 * trusts export-service's service identity (its application.properties).
 */
public class DataServiceResource implements QuarkusTestResourceLifecycleManager {

    private static ServiceProcess dataService;
    private static FaultyLink link;

    @Override
    public Map<String, String> start() {
        dataService = ServiceProcess.start(privateCopyOfDataService(), Map.of(
                // Its own consumer group, so a data-service run elsewhere does not take the partitions of our panels.
                "MP_MESSAGING_INCOMING_PANELS_PANELS_GROUP_ID", "export-service-test.data-service"));
        link = new FaultyLink();
        link.target(dataService.url().getPort());
        // Handed over through system properties (strings only): the tests may run in another class loader.
        System.setProperty(DATA_SERVICE_URL, dataService.url().toString());
        return Map.of("panels.export.data-service-url", "http://127.0.0.1:" + link.port());
    }

    /**
     * data-service's fast-jar copied under this module's target/ and run from there: other modules'
     * builds in the same checkout rewrite data-service/target while these tests run, and a fast-jar
     * loads classes lazily from its lib/ directory. Answers the copy's path as ServiceProcess names
     * services (relative to the repository root).
     */
    private static String privateCopyOfDataService() {
        Path root = Repository.root();
        Path source = root.resolve("data-service/target/quarkus-app");
        String name = "export-service/target/data-service-copy";
        Path target = root.resolve(name).resolve("target/quarkus-app");
        for (int attempt = 1; ; attempt++) {
            try {
                if (!Files.exists(source.resolve("quarkus-run.jar"))) {
                    throw new IOException(source + " is missing: build data-service first (./mvnw -pl data-service -am package -DskipTests)");
                }
                deleteTree(target);
                try (Stream<Path> files = Files.walk(source)) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        Path copy = target.resolve(source.relativize(file).toString());
                        if (Files.isDirectory(file)) {
                            Files.createDirectories(copy);
                        } else {
                            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
                return name;
            } catch (IOException | UncheckedIOException e) {
                if (attempt == 10) {
                    throw new IllegalStateException("could not copy data-service's fast-jar", e);
                }
                // Being rebuilt right now: wait for the build to finish.
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Override
    public void stop() {
        try {
            if (link != null) {
                link.close();
            }
            if (dataService != null) {
                dataService.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static final String DATA_SERVICE_URL = "export-test.data-service-url";

    /** data-service itself, for seeding rows (not through the link). */
    public static String dataServiceUrl() {
        return System.getProperty(DATA_SERVICE_URL);
    }

    /** Cuts the link to data-service once {@code bytes} more have come back from it. */
    public static void cutLinkAfter(long bytes) {
        System.setProperty(FaultyLink.CONTROL, "cut-after:" + bytes + ":" + System.nanoTime());
    }

    /** Makes the link slow: data-service's answers pass at {@code bytesPerSecond} at most, until {@link #restoreLink()}. */
    public static void slowLink(long bytesPerSecond) {
        System.setProperty(FaultyLink.CONTROL, "rate:" + bytesPerSecond + ":" + System.nanoTime());
    }

    /**
     * A slow link that is cut once {@code bytes} more have come back: the reader consumes what arrived
     * before the cut (an abrupt close loses what a fast stream left unread in the socket).
     */
    public static void slowLinkThenCutAfter(long bytesPerSecond, long bytes) {
        System.setProperty(FaultyLink.CONTROL, "rate-then-cut:" + bytesPerSecond + ":" + bytes + ":" + System.nanoTime());
    }

    public static void restoreLink() {
        System.setProperty(FaultyLink.CONTROL, "open");
    }
}
