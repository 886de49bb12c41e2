package io.panels.export.store;

import io.panels.export.config.ExportSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * The export files in a local directory ({@code panels.export.storage.directory}): a job writes to
 * {@code .partial/<id>.<ext>.part} and the file is moved to {@code <tenant>/<id>.<ext>} only once
 * it is complete, so no partial file is ever offered for download.
 */
@ApplicationScoped
public class ExportFiles {

    private final Path root;

    public ExportFiles(ExportSettings settings) {
        this.root = Path.of(settings.storage().directory()).toAbsolutePath();
    }

    /** Where a job writes while it runs; the directory exists, any leftover of an earlier attempt is gone. */
    public Path partial(UUID exportId, String extension) {
        try {
            Path partial = root.resolve(".partial").resolve(exportId + "." + extension + ".part");
            Files.createDirectories(partial.getParent());
            Files.deleteIfExists(partial);
            return partial;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Moves a complete file into place (atomically where the file system can); answers its size. */
    public long publish(Path partial, UUID tenantId, UUID exportId, String extension) throws IOException {
        Path target = file(tenantId, exportId, extension);
        Files.createDirectories(target.getParent());
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return Files.size(target);
    }

    public Path file(UUID tenantId, UUID exportId, String extension) {
        return root.resolve(tenantId.toString()).resolve(exportId + "." + extension);
    }

    public void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
