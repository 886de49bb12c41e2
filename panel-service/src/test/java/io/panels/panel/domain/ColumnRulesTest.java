package io.panels.panel.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.panels.common.problem.ProblemException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ColumnRulesTest {

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-11-22T10:00:00Z");

    private static Column define(String name, String key, List<Column> others) {
        return ColumnRules.define(new ColumnDraft(name, key, "text", false, false, null, null), "", others, null, others.size(), NOW);
    }

    @Test
    void keysComeFromNamesAndStayUnique() {
        Column first = define("Due date", null, List.of());
        assertEquals("due_date", first.key());
        assertEquals("due_date_2", ColumnRules.keyFromName("Due-Date!", List.of(first)));
        assertEquals("creme_brulee", ColumnRules.keyFromName("Crème brûlée", List.of()));
        assertEquals("c_2024", ColumnRules.keyFromName("2024", List.of()));
        assertEquals("id_2", ColumnRules.keyFromName("ID", List.of()));
        assertEquals("c", ColumnRules.keyFromName("???", List.of()).substring(0, 1));
    }

    @Test
    void chosenKeysMustBeWellFormedFreeAndUnreserved() {
        Column first = define("A", "alpha", List.of());
        ProblemException taken = assertThrows(ProblemException.class, () -> define("B", "alpha", List.of(first)));
        assertEquals("key", taken.errors().get(0).field());
        assertThrows(ProblemException.class, () -> define("B", "Has Spaces", List.of()));
        assertThrows(ProblemException.class, () -> define("B", "created_at", List.of()));
    }

    @Test
    void aReplacedColumnKeepsItsIdKeyAndTheIdsOfOptionsKeptByName() {
        ColumnSettings options = new ColumnSettings(null, null, null, null,
                List.of(new SelectOption("x1", "Open", "red")), null, null, null, null, null);
        Column before = ColumnRules.define(new ColumnDraft("Stage", null, "single_select", false, false, null, options),
                "", List.of(), null, 0, NOW);
        ColumnSettings sentBackWithoutIds = new ColumnSettings(null, null, null, null,
                List.of(new SelectOption(null, "open", null), new SelectOption(null, "Closed", null)), null, null, null, null, null);
        Column after = ColumnRules.define(new ColumnDraft("Status", null, "single_select", false, false, null, sentBackWithoutIds),
                "", List.of(), before, 0, NOW);
        assertEquals(before.id(), after.id());
        assertEquals("stage", after.key());
        assertEquals("x1", after.settings().options().get(0).id());
        assertEquals(Optional.empty(), ColumnConversions.between(before, after));
    }
}
