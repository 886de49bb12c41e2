package io.panels.data.store;

import io.panels.common.problem.ProblemException;
import io.panels.data.config.DataSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Uploaded CSV files, spooled to this replica's disk while the request streams in (never held in
 * memory) and kept until their job ends, so that a job interrupted by a restart can run again.
 */
@ApplicationScoped
public class ImportFiles {

    private final Path directory;
    private final long maxBytes;

    public ImportFiles(DataSettings settings) {
        this.directory = Path.of(settings.imports().spoolDir().orElse(System.getProperty("java.io.tmpdir") + "/panels-data-imports"));
        this.maxBytes = settings.imports().maxFileSize().asLongValue();
    }

    /** A spooled upload: its size and SHA-256 (what an Idempotency-Key's fingerprint covers). */
    public record Spooled(Path file, long bytes, String sha256) {
    }

    /** 413 for a declared body size ({@code Content-Length}; negative: none declared) over the limit, before any of it is read. */
    public void refuseDeclaredSize(long declaredBytes) {
        if (declaredBytes > maxBytes) {
            throw tooLarge();
        }
    }

    private ProblemException tooLarge() {
        return new ProblemException(413, "payload-too-large", "File too large",
                "The file is larger than " + maxBytes + " bytes; split it into several imports.");
    }

    /**
     * Streams {@code body} to a file for job {@code id}; 413 past the size limit and 400 for an
     * empty file (nothing kept in either case).
     */
    public Spooled spool(UUID id, InputStream body) {
        Path part = directory.resolve(id + ".csv.part");
        try {
            Files.createDirectories(directory);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long total = 0;
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(part)) {
                int n;
                while ((n = body.read(buffer)) > 0) {
                    total += n;
                    if (total > maxBytes) {
                        throw tooLarge();
                    }
                    sha.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            if (total == 0 || total == 3 && startsWithBom(part)) {
                throw ProblemException.invalid("body", "the file is empty");
            }
            Path file = file(id);
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Spooled(file, total, HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
            delete(part);
            throw new UncheckedIOException("cannot spool the uploaded file", e);
        } catch (RuntimeException e) {
            delete(part);
            throw e;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path file(UUID id) {
        return directory.resolve(id + ".csv");
    }

    public boolean exists(UUID id) {
        return Files.isRegularFile(file(id));
    }

    public void delete(UUID id) {
        delete(file(id));
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    private static boolean startsWithBom(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(3);
            return head.length == 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF;
        }
    }
}
