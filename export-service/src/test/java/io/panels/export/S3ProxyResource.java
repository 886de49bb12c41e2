package io.panels.export;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for the storage tests: s3proxy (its executable jar, copied to
 * target/s3proxy by the build) with its filesystem backend, as a process on 127.0.0.1, with a fresh
 * bucket. Not a stand-in for our own infrastructure: it speaks the S3 API (SigV4, multipart
 * uploads, pre-signed URLs) as the object stores export-service is deployed against do.
 */
public class S3ProxyResource implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "panels-exports-test";
    public static final String PREFIX = "exports/";
    static final String IDENTITY = "test-identity";
    static final String CREDENTIAL = "test-credential-0123456789";
    private static final String ENDPOINT = "export-test.s3-endpoint";

    private Process process;

    @Override
    public Map<String, String> start() {
        try {
            Path home = Path.of("target", "s3proxy").toAbsolutePath();
            Path jar = home.resolve("s3proxy.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: the build copies it (process-test-resources)");
            }
            Path data = Files.createTempDirectory(home, "data-");
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            String endpoint = "http://127.0.0.1:" + port;
            Path properties = data.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=" + endpoint,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + IDENTITY,
                    "s3proxy.credential=" + CREDENTIAL,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + data.resolve("blobs"),
                    ""));
            process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-jar", jar.toString(), "--properties", properties.toString())
                    .redirectErrorStream(true).redirectOutput(data.resolve("s3proxy.log").toFile()).start();
            awaitListening(port, data.resolve("s3proxy.log"));
            try (S3Client s3 = client(URI.create(endpoint))) {
                s3.createBucket(r -> r.bucket(BUCKET));
            }
            System.setProperty(ENDPOINT, endpoint);
            return Map.of(
                    "panels.export.storage.kind", "s3",
                    "panels.export.storage.s3.bucket", BUCKET,
                    "panels.export.storage.s3.prefix", PREFIX,
                    "panels.export.storage.s3.endpoint", endpoint,
                    "panels.export.storage.s3.path-style", "true",
                    "panels.export.storage.s3.access-key-id", IDENTITY,
                    "panels.export.storage.s3.secret-access-key", CREDENTIAL,
                    "panels.export.storage.s3.part-size", "5M");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client of the test's bucket, for looking at what export-service stored. */
    public static S3Client client() {
        return client(URI.create(System.getProperty(ENDPOINT)));
    }

    static S3Client client(URI endpoint) {
        return S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1).endpointOverride(endpoint)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    private void awaitListening(int port, Path log) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited: " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                try {
                    process.waitFor(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
        }
        throw new IllegalStateException("s3proxy did not listen within 60 s: " + Files.readString(log));
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
