package io.panels.export.store;

import io.panels.export.config.ExportSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Files as objects of an S3-compatible bucket (ADR 0035). A file streams into a multipart upload:
 * bytes fill one part buffer ({@code part-size}), each full part is uploaded, and the object
 * appears only when the upload is completed; a file smaller than one part is a single PUT. So a
 * job holds at most one part in memory whatever the file's size, and no partial object is ever
 * readable. Downloads redirect to a short-lived pre-signed URL of the object, or stream it
 * through this service ({@code download=proxy}) when browsers cannot reach the store.
 */
public class S3ExportStorage implements ExportStorage, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(S3ExportStorage.class);

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final String prefix;
    private final int partSize;
    private final ExportSettings.S3.Download mode;
    private final Duration presignValidity;

    public S3ExportStorage(ExportSettings.S3 settings) {
        this.bucket = settings.bucket().filter(b -> !b.isBlank()).orElseThrow(() -> new IllegalStateException(
                "panels.export.storage.kind=s3 needs panels.export.storage.s3.bucket"));
        this.prefix = settings.prefix().orElse("");
        long part = settings.partSize().asLongValue();
        if (part < 5L * 1024 * 1024 || part > 512L * 1024 * 1024) {
            throw new IllegalStateException("panels.export.storage.s3.part-size must be between 5M (S3's minimum) and 512M");
        }
        this.partSize = (int) part;
        this.mode = settings.download();
        this.presignValidity = settings.presignValidity();
        AwsCredentialsProvider credentials = settings.accessKeyId().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId().get(),
                        settings.secretAccessKey().orElseThrow(() -> new IllegalStateException(
                                "panels.export.storage.s3.access-key-id needs secret-access-key"))))
                : DefaultCredentialsProvider.builder().build();
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)).build())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                // Checksums only where the API requires them: S3-compatible stores differ in what they accept.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        settings.endpoint().ifPresent(builder::endpointOverride);
        this.s3 = builder.build();
        var presign = S3Presigner.builder().region(Region.of(settings.region())).credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
        settings.publicEndpoint().or(settings::endpoint).ifPresent(presign::endpointOverride);
        this.presigner = presign.build();
    }

    String key(StoredFile file) {
        return prefix + file.name();
    }

    @Override
    public Upload begin(StoredFile file) throws IOException {
        abandonEarlierAttempts(file);
        return new StreamingUpload(key(file));
    }

    /** Incomplete multipart uploads of this export's earlier attempts (a replica that died while writing). */
    private void abandonEarlierAttempts(StoredFile file) {
        try {
            for (MultipartUpload upload : s3.listMultipartUploads(r -> r.bucket(bucket).prefix(prefix + file.tenantId() + "/"
                    + file.exportId() + ".")).uploads()) {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
                LOG.infof("Aborted the unfinished upload of %s left by an earlier attempt", upload.key());
            }
        } catch (SdkException e) {
            // Not every S3-compatible store lists uploads; a lifecycle rule cleans them (docs/export-service.md).
            LOG.debugf("Could not look for unfinished uploads of %s: %s", file.exportId(), e.toString());
        }
    }

    @Override
    public void delete(StoredFile file) throws IOException {
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(key(file)));
        } catch (SdkException e) {
            throw new IOException("deleting " + key(file) + " failed", e);
        }
    }

    @Override
    public boolean exists(StoredFile file) throws IOException {
        try {
            s3.headObject(r -> r.bucket(bucket).key(key(file)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new IOException("looking for " + key(file) + " failed", e);
        } catch (SdkException e) {
            throw new IOException("looking for " + key(file) + " failed", e);
        }
    }

    @Override
    public Download download(StoredFile file, String fileName, String mediaType) throws IOException {
        try {
            if (mode == ExportSettings.S3.Download.PROXY) {
                ResponseInputStream<GetObjectResponse> object = s3.getObject(r -> r.bucket(bucket).key(key(file)));
                return new Download.Content(object, object.response().contentLength());
            }
            URI url = presigner.presignGetObject(r -> r.signatureDuration(presignValidity).getObjectRequest(get -> get
                    .bucket(bucket).key(key(file)).responseContentType(mediaType)
                    .responseContentDisposition(DownloadNames.contentDisposition(fileName))
                    .responseCacheControl("private, no-store"))).url().toURI();
            return new Download.Redirect(url);
        } catch (SdkException | URISyntaxException e) {
            throw new IOException("reading " + key(file) + " failed", e);
        }
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
    }

    /** One part in memory at a time; the upload is started when the first part is full. */
    private final class StreamingUpload extends OutputStream implements Upload {

        private final String key;
        private final byte[] buffer = new byte[partSize];
        private final List<CompletedPart> parts = new ArrayList<>();
        private int count;
        private long total;
        private String uploadId;

        StreamingUpload(String key) {
            this.key = key;
        }

        @Override
        public OutputStream stream() {
            return this;
        }

        @Override
        public void write(int b) throws IOException {
            if (count == buffer.length) {
                uploadPart();
            }
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (count == buffer.length) {
                    uploadPart();
                }
                int n = Math.min(length, buffer.length - count);
                System.arraycopy(bytes, offset, buffer, count, n);
                count += n;
                offset += n;
                length -= n;
            }
        }

        private void uploadPart() throws IOException {
            try {
                if (uploadId == null) {
                    uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
                }
                int number = parts.size() + 1;
                String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                                .contentLength((long) count),
                        RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, count), count)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                total += count;
                count = 0;
            } catch (SdkException e) {
                throw new IOException("uploading part " + (parts.size() + 1) + " of " + key + " failed", e);
            }
        }

        @Override
        public long commit() throws IOException {
            try {
                if (uploadId == null) {
                    s3.putObject(r -> r.bucket(bucket).key(key).contentLength((long) count),
                            RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, count), count));
                    return count;
                }
                if (count > 0) {
                    uploadPart();
                }
                s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(u -> u.parts(parts)));
                return total;
            } catch (SdkException e) {
                abort();
                throw new IOException("completing the upload of " + key + " failed", e);
            }
        }

        @Override
        public void abort() {
            if (uploadId == null) {
                return;
            }
            try {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException e) {
                LOG.warnf("Could not abort the upload of %s (a lifecycle rule removes it): %s", key, e.toString());
            }
        }

        @Override
        public void close() {
            // Closed by commit or abort: a writer closing its stream must not end the upload.
        }
    }
}
