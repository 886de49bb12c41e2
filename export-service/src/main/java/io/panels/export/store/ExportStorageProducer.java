package io.panels.export.store;

import io.panels.export.config.ExportSettings;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** The storage {@code panels.export.storage.kind} names (ADR 0035). */
@Singleton
public class ExportStorageProducer {

    @Produces
    @Singleton
    ExportStorage storage(ExportSettings settings) {
        return switch (settings.storage().kind()) {
            case LOCAL -> new LocalExportStorage(Path.of(settings.storage().directory()));
            case S3 -> new S3ExportStorage(settings.storage().s3());
        };
    }

    void close(@Disposes ExportStorage storage) {
        if (storage instanceof S3ExportStorage s3) {
            s3.close();
        }
    }
}
