package io.panels.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.panels.common.testing.Keycloak;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Panels through the gateway, as a tenant's member: throw-away tenants in Keycloak (platform/common's
 * {@link Keycloak} helper), panels made through panel-service's API (so data-, view-, notification-
 * and export-service learn them from the real panel events), rows seeded through the bulk paths.
 */
final class Panels {

    /** The filter and sort every filtered page uses: num > 500000 and cat is B, sorted by num. */
    static String filterSortQuery(Map<String, String> optionIds) {
        return "{\"filter\": {\"conditions\": [{\"column\": \"num\", \"op\": \"gt\", \"value\": 500000},"
                + " {\"column\": \"cat\", \"op\": \"is\", \"value\": \"" + optionIds.get("B") + "\"}]},"
                + " \"sorts\": [{\"column\": \"num\", \"direction\": \"asc\"}]}";
    }

    /** The columns a view shows, in order: the bench view's and the body of the same query sent to data-service. */
    static final List<String> VIEW_COLUMNS = List.of("name", "num", "cat", "day", "amount");

    /** The columns the filtered, sorted scenarios filter and sort by: indexed on request before they run ({@link #requestIndexes}). */
    static final List<String> QUERIED_COLUMNS = List.of("num", "cat");

    /**
     * The body view-service sends to data-service's {@code POST /query} to render the bench view's first page
     * (view-service's Rendering#dataRequest): the view's filter and sort, its visible columns, 100 rows, an estimated count.
     */
    static String viewQueryBody(Map<String, String> optionIds) {
        return "{\"query\": " + filterSortQuery(optionIds) + ", \"columns\": [" + String.join(", ", VIEW_COLUMNS.stream()
                .map(c -> "\"" + c + "\"").toList()) + "], \"limit\": 100, \"count\": \"estimated\"}";
    }

    /** A member of a throw-away tenant; the token is fetched again when older than a minute (they live 5). */
    static final class Member {
        final Keycloak.TestUser user;
        private String token;
        private long fetchedAt;

        Member(Keycloak.TestUser user) {
            this.user = user;
        }

        static Member newTenantOwner() {
            return new Member(Keycloak.createTenant().member("owner"));
        }

        synchronized String token() {
            if (token == null || System.currentTimeMillis() - fetchedAt > 60_000) {
                token = user.token();
                fetchedAt = System.currentTimeMillis();
            }
            return token;
        }

        Map<String, String> auth() {
            return Map.of("Authorization", "Bearer " + token());
        }

        Map<String, String> write() {
            return Map.of("Authorization", "Bearer " + token(), "Idempotency-Key", UUID.randomUUID().toString());
        }
    }

    /** A panel with the dataset's columns: its id and the ids of the select options by name. */
    record Panel(String id, Map<String, String> optionIds) {
    }

    final String gateway;

    Panels(String gateway) {
        this.gateway = gateway;
    }

    Panel createPanel(Member member, String name, boolean datasetColumns) {
        ObjectNode body = Json.object().put("name", name).put("description", "bench").put("colour", "blue");
        body.set("columns", datasetColumns ? Dataset.panelsColumns() : Json.MAPPER.createArrayNode()
                .add(Json.object().put("name", "Title").put("key", "title").put("type", "text"))
                .add(Json.object().put("name", "Amount").put("key", "amount").put("type", "number"))
                .add(Json.object().put("name", "Due").put("key", "due").put("type", "date")));
        JsonNode panel = Http.send("POST", gateway + "/api/v1/panels", member.write(), Json.write(body)).expect(201).json();
        Map<String, String> options = new HashMap<>();
        for (JsonNode column : panel.path("columns")) {
            for (JsonNode option : column.path("settings").path("options")) {
                options.put(option.path("name").asText(), option.path("id").asText());
            }
        }
        return new Panel(panel.path("id").asText(), options);
    }

    /** Waits until data-service has made the panel's table (it learns panels from panel.created). */
    void awaitRows(Member member, Panel panel) {
        retry(Duration.ofSeconds(120), "the panel's table in data-service",
                () -> Http.send("GET", gateway + "/api/v1/panels/" + panel.id() + "/rows?limit=1", member.auth(), null).ok());
    }

    /** Seeds rows first..first+count-1 through batch-create, 1,000 rows a request. */
    void seedBatches(Member member, Panel panel, int first, int count) {
        for (int n = first; n < first + count; n += 1000) {
            Http.send("POST", gateway + "/api/v1/panels/" + panel.id() + "/rows/batch-create", member.write(),
                    Dataset.panelsBatch(n, Math.min(1000, first + count - n), panel.optionIds())).expect(201);
        }
    }

    /** A finished CSV import: rows, seconds from the POST until the job is completed, the file's size. */
    record Import(int rows, double seconds, double uploadSeconds, long bytes, String job) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    /** Imports rows 0..count-1 as a CSV file through POST /imports and waits until the job is completed. */
    Import importCsv(Member member, Panel panel, int count) throws Exception {
        Path file = Dataset.csv(0, count);
        try {
            long bytes = Files.size(file);
            String url = gateway + "/api/v1/panels/" + panel.id() + "/imports";
            long start = System.nanoTime();
            Http.Reply accepted = Http.upload(url, member.write(), "text/csv", file).expect(202);
            double upload = (System.nanoTime() - start) / 1e9;
            String job = url + "/" + accepted.json().path("id").asText();
            JsonNode status;
            do {
                TimeUnit.MILLISECONDS.sleep(100);
                status = Http.send("GET", job, member.auth(), null).expect(200).json();
            } while (!List.of("completed", "failed").contains(status.path("status").asText()));
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!status.path("status").asText().equals("completed") || status.path("rowsImported").asInt() != count) {
                throw new IllegalStateException("the import did not load every row: " + status);
            }
            return new Import(count, seconds, upload, bytes, status.toString());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Indexes of {@code columns} asked for through data-service's index API (ADR 0018: {@code POST /indexes}, built
     * concurrently in the background), waited for until every listed one is {@code ready}; answers the seconds it took. A
     * filtered, sorted scenario so never depends on data-service's automatic index rule, which may be narrowed to the primary
     * field and unique columns. 409 (the column has such an index already) is fine: with a data-service whose automatic
     * rule covers the column, or when asked twice.
     */
    double requestIndexes(Member member, Panel panel, List<String> columns) {
        long start = System.nanoTime();
        String url = gateway + "/api/v1/panels/" + panel.id() + "/indexes";
        for (String column : columns) {
            Http.Reply reply = Http.send("POST", url, member.write(), "{\"column\": \"" + column + "\"}");
            if (reply.status() != 409) {
                reply.expect(202);
            }
        }
        String[] pending = new String[1];
        retry(Duration.ofMinutes(15), "the indexes of " + columns + " to be ready", () -> {
            pending[0] = "";
            for (JsonNode index : Http.send("GET", url, member.auth(), null).expect(200).json().path("indexes")) {
                String column = index.path("column").asText();
                String status = index.path("status").asText();
                if (!columns.contains(column) || status.equals("ready")) {
                    continue;
                }
                if (status.equals("failed")) {
                    throw new IllegalStateException("the index of " + column + " failed: " + index.path("failure").asText());
                }
                pending[0] += " " + column + " " + status;
            }
            return pending[0].isEmpty();
        }, () -> "; still" + pending[0]);
        return (System.nanoTime() - start) / 1e9;
    }

    /** A collaborative view of the panel filtered and sorted as {@link #filterSortQuery}, five columns, pages of 100. */
    String createView(Member member, Panel panel) {
        String body = "{\"panelId\": \"" + panel.id() + "\", \"name\": \"Bench\", \"columns\": ["
                + String.join(",", VIEW_COLUMNS.stream()
                        .map(k -> "{\"key\": \"" + k + "\", \"visible\": true}").toList())
                + "], \"query\": " + filterSortQuery(panel.optionIds()) + ", \"settings\": {\"pageSize\": 100}}";
        String[] id = new String[1];
        Http.Reply[] last = new Http.Reply[1];
        retry(Duration.ofSeconds(120), "the view (view-service learns panels from panel.created)", () -> {
            Http.Reply reply = Http.send("POST", gateway + "/api/v1/views", member.write(), body);
            last[0] = reply;
            if (reply.status() == 201) {
                id[0] = reply.json().path("id").asText();
                return true;
            }
            if (reply.status() != 404 && reply.status() < 500) {
                throw new IllegalStateException("POST /api/v1/views answered " + reply.status() + ": " + reply.body());
            }
            return false;
        }, () -> last[0] == null ? "" : "; last answer " + last[0].status() + ": " + last[0].body());
        return id[0];
    }

    static void retry(Duration timeout, String what, Supplier<Boolean> attempt) {
        retry(timeout, what, attempt, () -> "");
    }

    static void retry(Duration timeout, String what, Supplier<Boolean> attempt, Supplier<String> detail) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!attempt.get()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + timeout.toSeconds() + " s" + detail.get());
            }
            try {
                TimeUnit.MILLISECONDS.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
