package io.panels.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Panels and NocoDB must hold the same rows: the three forms of a row carry the same values. */
class DatasetTest {

    private static final Map<String, String> OPTION_IDS = Map.of("A", "id-a", "B", "id-b", "C", "id-c", "D", "id-d");

    @Test
    void aRowDependsOnItsNumberOnly() {
        assertEquals(Dataset.row(42), Dataset.row(42));
        assertNotEquals(Dataset.row(42), Dataset.row(43));
    }

    @Test
    void theCsvLineThePanelsValuesAndTheNocoRecordAgree() {
        for (int n : new int[] {0, 1, 999, 123_456}) {
            Dataset.Row row = Dataset.row(n);
            String[] csv = Dataset.csvLine(row).trim().split(",");
            JsonNode panels = Dataset.panelsValues(row, OPTION_IDS);
            JsonNode noco = Dataset.nocoRecord(row);
            assertEquals(10, csv.length);
            assertEquals(row.name(), csv[0]);
            assertEquals(panels.path("name").asText(), noco.path("name").asText());
            assertEquals(Integer.parseInt(csv[1]), panels.path("num").asInt());
            assertEquals(panels.path("num").asInt(), noco.path("num").asInt());
            assertEquals(Double.parseDouble(csv[2]), panels.path("amount").asDouble(), 1e-9);
            assertEquals(panels.path("amount").asDouble(), noco.path("amount").asDouble(), 1e-9);
            assertEquals("id-" + csv[4].toLowerCase(), panels.path("cat").asText());
            assertEquals(csv[4], noco.path("cat").asText());
            assertEquals(csv[5], panels.path("day").asText());
            assertEquals(csv[5], noco.path("day").asText());
            assertEquals(csv[6], panels.path("at").asText());
            assertEquals(csv[6].replace('T', ' ').replace("Z", "+00:00"), noco.path("at").asText());
            assertEquals(Boolean.parseBoolean(csv[7]), noco.path("done").asBoolean());
            assertEquals(csv[9], noco.path("note").asText());
        }
    }

    @Test
    void theCsvFileHoldsAHeaderAndEveryRow() throws Exception {
        Path file = Dataset.csv(5, 20);
        try {
            List<String> lines = Files.readAllLines(file);
            assertEquals(21, lines.size());
            assertEquals("name,num,amount,qty,cat,day,at,done,email,note", lines.get(0));
            assertEquals(Dataset.csvLine(Dataset.row(5)).trim(), lines.get(1));
            assertEquals(Dataset.csvLine(Dataset.row(24)).trim(), lines.get(20));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void batchesCarryTheRowsOfTheirRange() {
        JsonNode panels = Json.parse(Dataset.panelsBatch(10, 3, OPTION_IDS)).path("rows");
        JsonNode noco = Json.parse(Dataset.nocoBatch(10, 3));
        assertEquals(3, panels.size());
        assertEquals(3, noco.size());
        assertEquals("Row 12", panels.get(2).path("values").path("name").asText());
        assertEquals("Row 12", noco.get(2).path("name").asText());
    }

    @Test
    void bothSidesDeclareTheSameColumns() {
        JsonNode panels = Dataset.panelsColumns();
        JsonNode noco = Dataset.nocoColumns();
        assertEquals(Dataset.COLUMNS.size(), panels.size());
        assertEquals(Dataset.COLUMNS.size(), noco.size());
        for (int i = 0; i < panels.size(); i++) {
            assertEquals(panels.get(i).path("key").asText(), noco.get(i).path("column_name").asText());
        }
        assertEquals(4, panels.get(4).path("settings").path("options").size());
        assertEquals(4, noco.get(4).path("colOptions").path("options").size());
        assertTrue(noco.get(0).path("pv").asBoolean());
    }
}
