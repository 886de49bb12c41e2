package io.panels.export.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jboss.logging.Logger;

/**
 * Files in a local directory ({@code panels.export.storage.directory}, a volume shared by the
 * replicas): an attempt writes {@code .partial/<id>.<attempt>.<ext>.part} and the file is moved to
 * its name only once it is complete.
 */
public class LocalExportStorage implements ExportStorage {

    private static final Logger LOG = Logger.getLogger(LocalExportStorage.class);

    private final Path root;

    public LocalExportStorage(Path root) {
        this.root = root.toAbsolutePath();
    }

    public Path root() {
        return root;
    }

    public Path path(StoredFile file) {
        return root.resolve(file.name());
    }

    @Override
    public Upload begin(StoredFile file) throws IOException {
        Path partials = root.resolve(".partial");
        Files.createDirectories(partials);
        // Leftovers of earlier attempts of this export (a replica that died while writing).
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(partials, file.exportId() + ".*")) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
        Path partial = partials.resolve(file.exportId() + "." + file.attempt() + "." + file.extension() + ".part");
        OutputStream stream = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16);
        return new Upload() {
            @Override
            public OutputStream stream() {
                return stream;
            }

            @Override
            public long commit() throws IOException {
                stream.close();
                Path target = path(file);
                Files.createDirectories(target.getParent());
                try {
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                }
                return Files.size(target);
            }

            @Override
            public void abort() {
                try {
                    stream.close();
                } catch (IOException e) {
                    // the file goes anyway
                }
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException e) {
                    LOG.warnf("Could not delete the partial file %s: %s", partial, e);
                }
            }
        };
    }

    @Override
    public void delete(StoredFile file) throws IOException {
        Files.deleteIfExists(path(file));
    }

    @Override
    public boolean exists(StoredFile file) {
        return Files.exists(path(file));
    }

    @Override
    public Download download(StoredFile file, String fileName, String mediaType) {
        return new Download.LocalFile(path(file));
    }
}
