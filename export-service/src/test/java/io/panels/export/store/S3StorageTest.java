package io.panels.export.store;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.panels.common.testing.Keycloak;
import io.panels.common.testing.Keycloak.TestTenant;
import io.panels.common.testing.Keycloak.TestUser;
import io.panels.export.DataServiceResource;
import io.panels.export.S3ProxyResource;
import io.panels.export.TestExports;
import io.panels.export.config.ExportSettings;
import io.panels.export.domain.ExportHousekeeping;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Files in an S3-compatible bucket (a real s3proxy process, {@link S3ProxyResource}): a file larger
 * than one part streams in as a multipart upload, appears only when complete, downloads through the
 * signed link as a redirect to a pre-signed object URL (or streamed through the service in proxy
 * mode), and goes with its retention; an export that fails midway leaves no object and no
 * unfinished upload.
 */
@QuarkusTest
@TestProfile(S3StorageTest.S3Storage.class)
@QuarkusTestResource(value = DataServiceResource.class, restrictToAnnotatedClass = false)
class S3StorageTest {

    public static class S3Storage implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(S3ProxyResource.class));
        }
    }

    static final int ROWS = 4000;
    static final String FILLER = "x".repeat(1900);
    static TestTenant tenant;
    static TestUser owner;
    static UUID panelId;

    @Inject
    ExportHousekeeping housekeeping;

    @Inject
    AgroalDataSource database;

    @BeforeEach
    void panelOfEightMegabytes() {
        if (panelId != null) {
            return;
        }
        tenant = Keycloak.createTenant();
        owner = tenant.member("owner");
        panelId = TestExports.createPanel(tenant, owner, "Ledger", List.of(
                TestExports.column("memo", "Memo", "text", 0, TestExports.none()),
                TestExports.column("n", "N", "number", 1, TestExports.precision(0))));
        // In batches, never all at once: the test JVM shares its 256 MiB heap with the application.
        for (int from = 0; from < ROWS; from += 500) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = from; i < from + 500; i++) {
                rows.add(Map.of("memo", "row " + i + " " + FILLER, "n", i));
            }
            TestExports.createRows(owner, panelId, rows);
        }
    }

    private static String key(String exportId) {
        return S3ProxyResource.PREFIX + tenant.id() + "/" + exportId + ".csv";
    }

    @Test
    void aLargeFileStreamsInPartsAndDownloadsThroughAPresignedRedirect() throws Exception {
        String id = TestExports.requestExport(owner, Map.of("panelId", panelId, "format", "csv"));
        Response job = TestExports.awaitEnd(owner, id, Duration.ofMinutes(2));
        assertEquals("completed", job.path("status"), job.asString());
        long bytes = ((Number) job.path("bytes")).longValue();
        assertTrue(bytes > 5L * 1024 * 1024, "more than one 5 MiB part: " + bytes);

        try (S3Client s3 = S3ProxyResource.client()) {
            HeadObjectResponse head = s3.headObject(r -> r.bucket(S3ProxyResource.BUCKET).key(key(id)));
            assertEquals(bytes, head.contentLength());
            // A multipart object's ETag ends with its number of parts.
            assertTrue(head.eTag().replace("\"", "").endsWith("-2"), "uploaded in two parts: " + head.eTag());
            assertTrue(s3.listMultipartUploads(r -> r.bucket(S3ProxyResource.BUCKET)).uploads().isEmpty());
        }

        // The signed link (no token) redirects to a pre-signed URL of the object, which the store serves.
        String url = job.path("downloadUrl");
        Response redirect = given().redirects().follow(false).urlEncodingEnabled(false).get(url);
        assertEquals(302, redirect.statusCode(), redirect.asString());
        URI location = URI.create(redirect.header("Location"));
        assertEquals("127.0.0.1", location.getHost());
        assertTrue(location.getRawQuery().contains("X-Amz-Signature="), location.toString());
        HttpResponse<InputStream> object = HttpClient.newHttpClient().send(HttpRequest.newBuilder(location).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, object.statusCode());
        // Read streaming (the file is 8 MB; the heap is shared with the application): every row once, and a digest.
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        BitSet seen = new BitSet();
        int records = 0;
        try (DigestInputStream in = new DigestInputStream(object.body(), sha);
             CSVParser csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                     .parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            assertEquals(List.of("Memo", "N"), csv.getHeaderNames());
            for (CSVRecord record : csv) {
                int n = Integer.parseInt(record.get(1));
                assertFalse(seen.get(n), "row " + n + " once");
                seen.set(n);
                assertEquals("row " + n + " " + FILLER, record.get(0));
                records++;
            }
        }
        assertEquals(ROWS, records);
        assertEquals(ROWS, seen.cardinality());
        byte[] digest = sha.digest();
        // An altered pre-signed URL is refused by the store itself.
        HttpResponse<Void> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(location.toString()
                .replace("X-Amz-Signature=", "X-Amz-Signature=0"))).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(403, forged.statusCode());

        // Proxy mode (browsers that cannot reach the store): the same bytes, streamed by the service.
        try (S3ExportStorage proxy = new S3ExportStorage(proxySettings())) {
            ExportStorage.Download download = proxy.download(new StoredFile(tenant.id(), UUID.fromString(id), 1, "csv"),
                    "Ledger.csv", "text/csv");
            ExportStorage.Download.Content content = (ExportStorage.Download.Content) download;
            assertEquals(bytes, content.length());
            MessageDigest again = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(content.stream(), again)) {
                assertEquals(bytes, in.transferTo(OutputStream.nullOutputStream()));
            }
            assertArrayEquals(digest, again.digest());
        }

        // Retention: the object goes, the job expires, the link answers 410.
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement system = connection.prepareStatement("select set_config('panels.system', 'on', true)");
                 PreparedStatement update = connection.prepareStatement(
                         "update export_job set expires_at = now() - interval '1 minute' where id = ?")) {
                system.execute();
                update.setObject(1, UUID.fromString(id));
                assertEquals(1, update.executeUpdate());
            }
            connection.commit();
        }
        assertTrue(housekeeping.expireFiles() >= 1);
        try (S3Client s3 = S3ProxyResource.client()) {
            assertThrows(NoSuchKeyException.class, () -> s3.headObject(r -> r.bucket(S3ProxyResource.BUCKET).key(key(id))));
        }
        given().urlEncodingEnabled(false).get(url).then().statusCode(410)
                .body("type", equalTo("https://panels.io/problems/export-file-gone"));
    }

    @Test
    void anExportFailingAfterItsFirstPartLeavesNoObjectAndNoUnfinishedUpload() {
        // About 2 KB a row: the link is cut after more than one 5 MiB part was uploaded. The stream
        // crosses a 2 MB/s link first, so what arrived before the cut is read, not lost with the socket.
        DataServiceResource.slowLinkThenCutAfter(2_000_000, 6_500_000);
        Response job;
        try {
            job = TestExports.awaitEnd(owner, TestExports.requestExport(owner, Map.of("panelId", panelId, "format", "csv")),
                    Duration.ofMinutes(2));
        } finally {
            DataServiceResource.restoreLink();
        }
        String id = job.path("id");
        assertEquals("failed", job.path("status"), job.asString());
        int rows = job.path("rows");
        assertTrue(rows > 2700 && rows < ROWS, "failed after the first part: " + rows);
        try (S3Client s3 = S3ProxyResource.client()) {
            assertThrows(NoSuchKeyException.class, () -> s3.headObject(r -> r.bucket(S3ProxyResource.BUCKET).key(key(id))));
            assertTrue(s3.listMultipartUploads(r -> r.bucket(S3ProxyResource.BUCKET).prefix(key(id))).uploads().isEmpty(),
                    "the upload was aborted");
        }
    }

    private static ExportSettings.S3 proxySettings() {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        return new ExportSettings.S3() {
            public Optional<String> bucket() {
                return Optional.of(S3ProxyResource.BUCKET);
            }

            public Optional<String> prefix() {
                return Optional.of(S3ProxyResource.PREFIX);
            }

            public Optional<URI> endpoint() {
                return Optional.of(URI.create(config.getValue("panels.export.storage.s3.endpoint", String.class)));
            }

            public String region() {
                return "us-east-1";
            }

            public boolean pathStyle() {
                return true;
            }

            public Optional<String> accessKeyId() {
                return config.getOptionalValue("panels.export.storage.s3.access-key-id", String.class);
            }

            public Optional<String> secretAccessKey() {
                return config.getOptionalValue("panels.export.storage.s3.secret-access-key", String.class);
            }

            public MemorySize partSize() {
                return new MemorySize(BigInteger.valueOf(5L * 1024 * 1024));
            }

            public Download download() {
                return Download.PROXY;
            }

            public Optional<URI> publicEndpoint() {
                return Optional.empty();
            }

            public Duration presignValidity() {
                return Duration.ofMinutes(1);
            }
        };
    }
}
