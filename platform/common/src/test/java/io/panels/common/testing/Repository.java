package io.panels.common.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checkout is, seen from the module directory a test runs in. */
public final class Repository {

    private Repository() {
    }

    /** The directory holding {@code mvnw} and the parent pom. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("not inside the Panels repository");
        }
        return dir;
    }
}
