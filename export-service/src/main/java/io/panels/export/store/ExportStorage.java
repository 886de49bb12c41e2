package io.panels.export.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;

/**
 * Where export files are kept (ADR 0035): a local directory ({@link LocalExportStorage}, the
 * default) or an S3-compatible bucket ({@link S3ExportStorage}), chosen by
 * {@code panels.export.storage.kind}. A file is written through an {@link Upload} and becomes
 * visible under its name only when the upload is committed, so no partial file is ever offered.
 */
public interface ExportStorage {

    /**
     * Starts writing the file of an attempt. Whatever earlier attempts of the same export left
     * unfinished (a partial file, an incomplete multipart upload) is removed first.
     */
    Upload begin(StoredFile file) throws IOException;

    /** Deletes a committed file; nothing happens when it is gone already. */
    void delete(StoredFile file) throws IOException;

    boolean exists(StoredFile file) throws IOException;

    /** How a signed download hands the file over. */
    Download download(StoredFile file, String fileName, String mediaType) throws IOException;

    /** A file being written: its stream, then commit (visible, answers its size) or abort (nothing left). */
    interface Upload {

        /** Buffered; closed by {@link #commit()} or {@link #abort()}, not by the caller. */
        OutputStream stream();

        long commit() throws IOException;

        /** Releases everything written so far; never throws. */
        void abort();
    }

    sealed interface Download {
        /** The file on the local disk, sent by the HTTP server. */
        record LocalFile(Path path) implements Download {
        }

        /** A pre-signed URL of the object: the browser is redirected there. */
        record Redirect(URI url) implements Download {
        }

        /** The object's content, streamed through this service. */
        record Content(InputStream stream, long length) implements Download {
        }
    }
}
