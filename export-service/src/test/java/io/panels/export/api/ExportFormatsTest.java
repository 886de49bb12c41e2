package io.panels.export.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.common.testing.Keycloak;
import io.panels.common.testing.Keycloak.TestTenant;
import io.panels.common.testing.Keycloak.TestUser;
import io.panels.common.testing.TestKafka;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.testing.EventSchemaAssert;
import io.panels.export.DataServiceResource;
import io.panels.export.TestExports;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every format read back with a real parser (commons-csv, Apache POI, Jackson, PDFBox) and compared
 * with the rows stored in the real data-service; downloads through the signed URL without a token.
 */
@QuarkusTest
@QuarkusTestResource(value = DataServiceResource.class, restrictToAnnotatedClass = false)
class ExportFormatsTest {

    static TestTenant tenant;
    static TestUser owner;
    static UUID panelId;
    static final String TRICKY = "Comma, \"quoted\"\nnext line";
    /** Outside WinAnsi: Latin with diacritics, an en dash, CJK and Greek. */
    static final String UNICODE = "Zürich – 東京 – Ελλάδα";

    // Once, but after Quarkus has pointed REST Assured at the test port (it does so before each test).
    @BeforeEach
    void panelWithEveryKindOfValue() {
        if (panelId != null) {
            return;
        }
        tenant = Keycloak.createTenant();
        owner = tenant.member("owner");
        panelId = TestExports.createPanel(tenant, owner, "Deals", List.of(
                TestExports.column("name", "Name", "text", 0, TestExports.none()),
                TestExports.column("amount", "Amount", "currency", 1, TestExports.precision(2)),
                TestExports.column("qty", "Qty", "number", 2, TestExports.precision(0)),
                TestExports.column("done", "Done", "boolean", 3, TestExports.none()),
                TestExports.column("due", "Due", "date", 4, TestExports.none()),
                TestExports.column("at", "At", "datetime", 5, TestExports.none()),
                TestExports.column("stage", "Stage", "single_select", 6, TestExports.options("s_open", "Open", "s_won", "Won")),
                TestExports.column("tags", "Tags", "multi_select", 7, TestExports.options("t_a", "Alpha", "t_b", "Beta")),
                TestExports.column("meta", "Meta", "json", 8, TestExports.none())));
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(row("Ada", 12.5, 3, true, "2024-03-01", "2024-03-01T09:30:00Z", "s_won", List.of("t_a", "t_b"), Map.of("k", 1)));
        rows.add(row("=SUM(A1:A2)", -4.25, -1, false, null, null, "s_open", List.of(), null));
        rows.add(row(TRICKY, null, 0, null, "2023-12-31", "2023-12-31T23:59:59Z", null, List.of("t_b"), null));
        rows.add(row(UNICODE, 1000000.01, 42, true, null, null, null, null, null));
        rows.add(row("@cmd", 0.1, 7, false, "2000-01-01", null, "s_open", null, null));
        TestExports.createRows(owner, panelId, rows);
    }

    private static Map<String, Object> row(String name, Object amount, Object qty, Object done, Object due, Object at, Object stage,
                                           Object tags, Object meta) {
        Map<String, Object> values = new HashMap<>();
        values.put("name", name);
        values.put("amount", amount);
        values.put("qty", qty);
        values.put("done", done);
        values.put("due", due);
        values.put("at", at);
        values.put("stage", stage);
        values.put("tags", tags);
        values.put("meta", meta);
        return values;
    }

    private static Response export(String format, Map<String, Object> options) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("panelId", panelId);
        request.put("format", format);
        request.put("options", options);
        String id = TestExports.requestExport(owner, request);
        Response job = TestExports.awaitEnd(owner, id, Duration.ofSeconds(60));
        assertEquals("completed", job.path("status"), () -> "export ended " + job.asString());
        assertEquals(5, (int) job.path("rows"));
        return job;
    }

    @Test
    void csvIsRfc4180WithABomAndNeutralisedFormulas() throws Exception {
        Response job = export("csv", Map.of("bom", true, "delimiter", ";", "timeZone", "Europe/Paris", "dateFormat", "dd.MM.yyyy"));
        byte[] file = TestExports.download(job);
        assertEquals(file.length, (int) job.path("bytes"));
        assertEquals((byte) 0xEF, file[0], "UTF-8 byte order mark");
        String text = new String(file, StandardCharsets.UTF_8).substring(1);
        assertTrue(text.contains("\r\n"), "CRLF line ends");
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setDelimiter(';').get().parse(new StringReader(text)).getRecords();
        assertEquals(List.of("Name", "Amount", "Qty", "Done", "Due", "At", "Stage", "Tags", "Meta"), records.get(0).toList());
        Map<String, CSVRecord> byName = new HashMap<>();
        records.subList(1, records.size()).forEach(r -> byName.put(r.get(0), r));
        assertEquals(5, byName.size());

        CSVRecord ada = byName.get("Ada");
        assertEquals(List.of("Ada", "12.5", "3", "true", "01.03.2024", "01.03.2024 10:30:00", "Won", "Alpha, Beta", "{\"k\":1}"),
                ada.toList());
        // Text a spreadsheet would run is prefixed; a negative number stays a number.
        CSVRecord formula = byName.get("'=SUM(A1:A2)");
        assertEquals(List.of("'=SUM(A1:A2)", "-4.25", "-1", "false", "", "", "Open", "", ""), formula.toList());
        assertTrue(byName.containsKey("'@cmd"));
        assertEquals(List.of(TRICKY, "", "0", "", "31.12.2023", "01.01.2024 00:59:59", "", "Beta", ""), byName.get(TRICKY).toList());
        assertEquals("1000000.01", byName.get(UNICODE).get(1));
    }

    @Test
    void xlsxHasTypedCellsAFrozenBoldHeaderAndDates() throws Exception {
        Response job = export("xlsx", Map.of("timeZone", "UTC"));
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(TestExports.download(job)))) {
            Sheet sheet = workbook.getSheetAt(0);
            assertEquals("Deals", sheet.getSheetName());
            assertTrue(sheet.getPaneInformation().isFreezePane());
            assertEquals(1, sheet.getPaneInformation().getHorizontalSplitPosition());
            Row header = sheet.getRow(0);
            assertEquals("Name", header.getCell(0).getStringCellValue());
            assertTrue(workbook.getFontAt(header.getCell(0).getCellStyle().getFontIndex()).getBold());
            assertTrue(sheet.getColumnWidth(0) >= 8 * 256);
            Map<String, Row> byName = new HashMap<>();
            for (int i = 1; i <= sheet.getLastRowNum(); i++) {
                byName.put(sheet.getRow(i).getCell(0).getStringCellValue(), sheet.getRow(i));
            }
            assertEquals(5, byName.size());
            Row ada = byName.get("Ada");
            assertEquals(CellType.NUMERIC, ada.getCell(1).getCellType());
            assertEquals(12.5, ada.getCell(1).getNumericCellValue());
            assertEquals(3.0, ada.getCell(2).getNumericCellValue());
            assertEquals(CellType.BOOLEAN, ada.getCell(3).getCellType());
            assertTrue(ada.getCell(3).getBooleanCellValue());
            Cell due = ada.getCell(4);
            assertTrue(DateUtil.isCellDateFormatted(due));
            assertEquals(LocalDateTime.of(2024, 3, 1, 0, 0), due.getLocalDateTimeCellValue());
            assertEquals(LocalDateTime.of(2024, 3, 1, 9, 30), ada.getCell(5).getLocalDateTimeCellValue());
            assertEquals("Won", ada.getCell(6).getStringCellValue());
            assertEquals("Alpha, Beta", ada.getCell(7).getStringCellValue());
            // XLSX cells are never formulas: the text stays text.
            Row formula = byName.get("=SUM(A1:A2)");
            assertEquals(CellType.STRING, formula.getCell(0).getCellType());
            assertEquals(-4.25, formula.getCell(1).getNumericCellValue());
            assertNull(formula.getCell(4), "a blank date is an empty cell");
            assertEquals(1000000.01, byName.get(UNICODE).getCell(1).getNumericCellValue());
        }
    }

    @Test
    void jsonAndNdjsonKeepTheValuesTypes() throws Exception {
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        JsonNode array = json.readTree(TestExports.download(export("json", Map.of("timeZone", "Europe/Paris"))));
        assertTrue(array.isArray());
        assertEquals(5, array.size());
        Map<String, JsonNode> byName = new HashMap<>();
        array.forEach(row -> byName.put(row.get("name").asText(), row));
        JsonNode ada = byName.get("Ada");
        assertEquals(new BigDecimal("12.50"), ada.get("amount").decimalValue().setScale(2));
        assertTrue(ada.get("amount").isNumber());
        assertTrue(ada.get("qty").isIntegralNumber() || ada.get("qty").isNumber());
        assertTrue(ada.get("done").isBoolean());
        assertEquals("2024-03-01", ada.get("due").asText());
        assertEquals("2024-03-01T10:30:00+01:00", ada.get("at").asText());
        assertEquals("Won", ada.get("stage").asText());
        assertEquals(List.of("Alpha", "Beta"), List.of(ada.get("tags").get(0).asText(), ada.get("tags").get(1).asText()));
        assertEquals(1, ada.get("meta").get("k").asInt());
        JsonNode formula = byName.get("=SUM(A1:A2)");
        assertEquals("=SUM(A1:A2)", formula.get("name").asText(), "JSON is data, not a spreadsheet: no prefix");
        assertTrue(formula.get("due").isNull());
        assertEquals(TRICKY, byName.get(TRICKY).get("name").asText());

        String lines = new String(TestExports.download(export("ndjson", Map.of())), StandardCharsets.UTF_8);
        String[] objects = lines.split("\n");
        assertEquals(5, objects.length);
        for (String line : objects) {
            assertTrue(json.readTree(line).isObject());
        }
        assertTrue(lines.endsWith("\n"));
    }

    @Test
    void pdfIsAPaginatedTableWithTitleHeaderAndPageNumbers() throws Exception {
        Response job = export("pdf", Map.of());
        try (PDDocument pdf = Loader.loadPDF(TestExports.download(job))) {
            assertEquals(1, pdf.getNumberOfPages());
            assertTrue(pdf.getPage(0).getMediaBox().getWidth() > pdf.getPage(0).getMediaBox().getHeight(),
                    "9 columns: landscape");
            String text = new PDFTextStripper().getText(pdf);
            assertTrue(text.contains("Deals"), text);
            assertTrue(text.contains("Exported "), text);
            assertTrue(text.contains("Amount") && text.contains("Stage"), text);
            assertTrue(text.contains("Ada") && text.contains("12.5") && text.contains("Won"), text);
            // Embedded fonts: the CJK and Greek text comes back as written (cut to the column with an ellipsis).
            assertTrue(text.contains("Zürich – 東京"), "Unicode text renders: " + text);
            assertFalse(text.contains("?"), text);
            assertTrue(text.contains("Page 1 of 1"), text);
        }
    }

    @Test
    void requestAndCompletionArePublishedAsValidEvents() {
        Response job = export("ndjson", Map.of());
        String id = job.path("id");
        List<EventEnvelope> events = TestKafka.read("panels.exports", e -> id.equals(e.key()),
                kept -> kept.stream().anyMatch(e -> e.type().equals("export.completed")), Duration.ofSeconds(30));
        EventEnvelope requested = events.stream().filter(e -> e.type().equals("export.requested")).findFirst().orElseThrow();
        EventEnvelope completed = events.stream().filter(e -> e.type().equals("export.completed")).findFirst().orElseThrow();
        EventSchemaAssert.assertValid(EventCatalog.EXPORT_REQUESTED, requested);
        EventSchemaAssert.assertValid(EventCatalog.EXPORT_COMPLETED, completed);
        assertEquals(tenant.id(), completed.tenantId());
        String payload = new String(completed.data(), StandardCharsets.UTF_8);
        assertTrue(payload.contains("\"rows\":5"), payload);
        assertTrue(payload.contains("\"requestedBy\":\"" + owner.id() + "\""), payload);
        assertFalse(payload.contains("\"viewId\":\"") , payload);
    }
}
