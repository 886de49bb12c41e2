package io.panels.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.panels.common.testing.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The peer: NocoDB installed, started and stopped by bench/peers/nocodb (from the npm registry, in a
 * folder outside git, against the same PostgreSQL in a database of its own), then set up and seeded
 * here through its own API (../shared/peers/nocodb.md): the first user, an API token, a base, a table
 * with the dataset's columns, and the same rows in bulk inserts of 1,000.
 */
final class NocoDb implements AutoCloseable {

    static final String URL = "http://127.0.0.1:" + setting("NOCODB_PORT", "18090");

    private final Path script = Repository.root().resolve("bench/peers/nocodb");
    String apiToken;
    String tableId;
    long pid;

    static boolean installed() {
        String home = setting("NOCODB_HOME", "/var/tmp/panels-bench/nocodb");
        return Path.of(home, "app", "node_modules", "nocodb", "package.json").toFile().exists();
    }

    /** Installs when needed (about 6 minutes the first time), starts on a fresh database and waits for health. */
    void start() throws IOException, InterruptedException {
        script("start");
        pid = Long.parseLong(script("pid").trim());
        String email = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String auth = Http.send("POST", URL + "/api/v2/auth/user/signup", Map.of(),
                Json.write(Json.object().put("email", email).put("password", "Bench-" + UUID.randomUUID()))).expect(200).json()
                .path("token").asText();
        apiToken = Http.send("POST", URL + "/api/v1/tokens", Map.of("xc-auth", auth), Json.write(Json.object().put("description", "bench")))
                .expect(200).json().path("token").asText();
        String baseId = Http.send("POST", URL + "/api/v2/meta/bases", headers(), Json.write(Json.object().put("title", "bench")))
                .expect(200).json().path("id").asText();
        ObjectNode table = Json.object().put("table_name", "rows").put("title", "rows");
        table.set("columns", Dataset.nocoColumns());
        tableId = Http.send("POST", URL + "/api/v2/meta/bases/" + baseId + "/tables", headers(), Json.write(table)).expect(200).json()
                .path("id").asText();
    }

    Map<String, String> headers() {
        return Map.of("xc-token", apiToken);
    }

    /** Inserts rows first..first+count-1 through the records API, 1,000 a request (NC_DATA_PAYLOAD_LIMIT). */
    void seed(int first, int count) {
        for (int n = first; n < first + count; n += 1000) {
            Http.send("POST", URL + "/api/v2/tables/" + tableId + "/records", headers(), Dataset.nocoBatch(n, Math.min(1000, first + count - n)))
                    .expect(200);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        script("stop");
    }

    private String script(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", script.toString(), command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new UncheckedIOException(new IOException("bench/peers/nocodb " + command + " failed: " + new String(output, StandardCharsets.UTF_8)));
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (!command.equals("pid")) {
            System.out.print(text);
        }
        return text;
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
