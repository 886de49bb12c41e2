package io.panels.data.events;

import static io.panels.data.TestPanels.column;
import static io.panels.data.TestPanels.options;
import static io.panels.data.TestPanels.settings;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.panels.data.TestApi;
import io.panels.common.testing.TestKafka;
import io.panels.data.TestPanels;
import io.panels.events.EventCatalog;
import io.panels.events.panel.ColumnConversion;
import io.panels.events.panel.ColumnDefinition;
import io.panels.events.panel.ColumnSettings;
import io.panels.events.panel.ColumnUpdated;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Each conversion rule panel-service declares turns existing values into the new type, in SQL, without failing. */
@QuarkusTest
class ColumnConversionTest {

    @Inject
    Pool pool;

    @Test
    void valuesAreConvertedByTheDeclaredRules() {
        TestApi api = TestApi.newTenant();
        UUID tenant = api.tenant.id();
        ColumnDefinition label = column("label", "text", 0, settings());
        ColumnDefinition choice = column("choice", "single_select", 1, options("a", "b"));
        ColumnDefinition many = column("many", "multi_select", 2, options("a", "b"));
        ColumnDefinition day = column("day", "date", 3, settings());
        ColumnDefinition flag = column("flag", "boolean", 4, settings());
        ColumnDefinition amount = column("amount", "number", 5, TestPanels.precision(3));
        ColumnDefinition mail = column("mail", "text", 6, settings());
        UUID panelId = TestPanels.createPanel(pool, tenant, List.of(label, choice, many, day, flag, amount, mail));
        String rows = "/api/v1/panels/" + panelId + "/rows";
        String rowId = api.asEditor().body("""
                        {"values": {"label": "option B", "choice": "a", "many": ["b", "a"], "day": "2024-03-01",
                         "flag": true, "amount": 2.345, "mail": "not mail"}}""")
                .post(rows).then().statusCode(201).extract().path("id");

        long version = 1;
        version = convert(tenant, panelId, version, label, "single_select", options("a", "b"), "match_option_names", List.of());
        version = convert(tenant, panelId, version, choice, "multi_select", options("a", "b"), "wrap_in_list", List.of());
        version = convert(tenant, panelId, version, many, "single_select", options("a"), "keep_first", List.of("b"));
        version = convert(tenant, panelId, version, day, "datetime",
                new ColumnSettings(null, null, "Europe/Paris", null, null, null, null, null, null, null), "midnight_in_zone", List.of());
        version = convert(tenant, panelId, version, flag, "number", TestPanels.precision(0), "true_one_false_zero", List.of());
        version = convert(tenant, panelId, version, amount, "number", TestPanels.precision(1), "round", List.of());
        convert(tenant, panelId, version, mail, "email", settings(), "validate_email", List.of());

        api.asViewer().get(rows + "/" + rowId).then().statusCode(200)
                .body("values.label", equalTo("b"))
                .body("values.choice", equalTo(List.of("a")))
                .body("values.many", nullValue())
                .body("values.day", equalTo("2024-02-29T23:00:00Z"))
                .body("values.flag", equalTo(1))
                .body("values.amount", equalTo(2.3f))
                .body("values.mail", nullValue());
    }

    private long convert(UUID tenant, UUID panelId, long version, ColumnDefinition before, String toType,
                         ColumnSettings settings, String rule, List<String> removed) {
        ColumnDefinition after = new ColumnDefinition(before.id(), before.key(), before.name(), toType, before.position(),
                false, false, null, settings);
        TestKafka.publish(EventCatalog.COLUMN_UPDATED, tenant, panelId.toString(), new ColumnUpdated(panelId, version + 1,
                after, before, new ColumnConversion(before.type(), toType, "lossy", rule, rule, removed, true)));
        TestPanels.awaitVersion(pool, tenant, panelId, version + 1);
        return version + 1;
    }
}
