package io.panels.data.api;

import static io.panels.data.TestPanels.column;
import static io.panels.data.TestPanels.formula;
import static io.panels.data.TestPanels.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.common.tenant.TenantScope;
import io.panels.data.TestApi;
import io.panels.data.TestPanels;
import io.panels.data.domain.PanelSchema;
import io.panels.data.store.PanelRegistry;
import io.panels.events.panel.ColumnDefinition;
import io.panels.formula.eval.EvalContext;
import io.panels.formula.eval.Evaluator;
import io.panels.formula.eval.RowValues;
import io.panels.query.schema.ColumnSchema;
import io.panels.query.schema.FormulaModel;
import io.panels.query.schema.TableSchema;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Formula columns read through the query API (stored generated columns, or computed in SQL) equal
 * what platform/formula's in-memory evaluator computes from the same rows.
 */
@QuarkusTest
class FormulaAgreementTest {

    private static final Map<String, String> FORMULAS = Map.of(
            "product", "{n1} * {n2}",
            "third", "ROUND({n1} / 3, 2)",
            "shout", "IF({b1}, UPPER({t1}), LOWER({t1}))",
            "label", "CONCAT({t1}, \"-\", {n2})",
            "size", "LEN({t1}) + ABS({n1})",
            "year", "YEAR({d1})",
            "age", "DATETIME_DIFF(TODAY(), {d1}, \"days\")",
            "larger", "MAX({n1}, {n2})");

    @Inject
    Pool pool;

    @Inject
    PanelRegistry registry;

    @Test
    void queriedFormulaValuesEqualTheEvaluatorsOnTheSameRows() throws Exception {
        TestApi api = TestApi.newTenant();
        List<ColumnDefinition> columns = new java.util.ArrayList<>(List.of(column("t1", "text", 0, settings()),
                column("n1", "number", 1, settings()), column("n2", "number", 2, settings()), column("b1", "boolean", 3, settings()),
                column("d1", "date", 4, settings())));
        int position = 5;
        for (Map.Entry<String, String> f : FORMULAS.entrySet()) {
            boolean text = f.getKey().equals("shout") || f.getKey().equals("label");
            columns.add(column(f.getKey(), "formula", position++, formula(f.getValue(), text ? "text" : "number",
                    !f.getKey().equals("age"))));
        }
        UUID panelId = TestPanels.createPanel(pool, api.tenant.id(), columns);
        Random random = new Random(17);
        StringBuilder batch = new StringBuilder("{\"rows\": [");
        for (int i = 0; i < 300; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"values\": {")
                    .append("\"t1\": ").append(random.nextInt(8) == 0 ? "null" : "\"Text " + random.nextInt(1000) + "\"")
                    .append(", \"n1\": ").append(random.nextInt(8) == 0 ? "null" : (random.nextInt(2000) - 1000) / 7.0)
                    .append(", \"n2\": ").append(random.nextInt(8) == 0 ? "null" : Integer.toString(random.nextInt(100)))
                    .append(", \"b1\": ").append(random.nextInt(8) == 0 ? "null" : Boolean.toString(random.nextBoolean()))
                    .append(", \"d1\": ").append(random.nextInt(8) == 0 ? "null" : "\"" + LocalDate.of(2020, 1, 1).plusDays(random.nextInt(2000)) + "\"")
                    .append("}}");
        }
        api.asEditor().body(batch.append("]}").toString()).post("/api/v1/panels/" + panelId + "/rows/batch-create").then().statusCode(201);

        String body = api.asViewer().body("{\"limit\": 1000, \"count\": \"none\"}").post("/api/v1/panels/" + panelId + "/query")
                .then().statusCode(200).extract().asString();
        JsonNode rows = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(body).get("rows");
        assertEquals(300, rows.size());

        PanelSchema panel = pool.withTransaction(tx -> TenantScope.bind(tx, api.tenant.id()).chain(() -> registry.find(tx, panelId)))
                .await().atMost(Duration.ofSeconds(10)).orElseThrow();
        TableSchema schema = panel.tableSchema(false);
        FormulaModel model = new FormulaModel(schema, panel.zone());
        EvalContext context = EvalContext.of(panel.zone());
        int compared = 0;
        for (String key : FORMULAS.keySet()) {
            ColumnSchema formula = schema.column(key).orElseThrow();
            Evaluator evaluator = Evaluator.compile(model.check(formula));
            for (JsonNode row : rows) {
                JsonNode values = row.get("values");
                Map<String, Object> inputs = new HashMap<>();
                inputs.put("t1", values.get("t1").isNull() ? null : values.get("t1").textValue());
                inputs.put("n1", values.get("n1").isNull() ? null : values.get("n1").decimalValue());
                inputs.put("n2", values.get("n2").isNull() ? null : values.get("n2").decimalValue());
                inputs.put("b1", values.get("b1").isNull() ? null : values.get("b1").booleanValue());
                inputs.put("d1", values.get("d1").isNull() ? null : LocalDate.parse(values.get("d1").textValue()));
                Object expected = evaluator.evaluateOrBlank(RowValues.of(inputs), context);
                JsonNode actual = values.get(key);
                String where = key + " of " + inputs;
                if (expected == null) {
                    assertTrue(actual.isNull(), where + ": expected blank, got " + actual);
                } else if (expected instanceof BigDecimal number) {
                    assertTrue(actual.isNumber(), where + ": expected " + number + ", got " + actual);
                    assertEquals(0, number.compareTo(actual.decimalValue()), where + ": expected " + number + ", got " + actual);
                } else {
                    assertEquals(expected.toString(), actual.asText(), where);
                }
                compared++;
            }
        }
        assertEquals(300 * FORMULAS.size(), compared);
    }
}
