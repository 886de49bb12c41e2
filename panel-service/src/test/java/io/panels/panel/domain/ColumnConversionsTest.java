package io.panels.panel.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ColumnConversionsTest {

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-11-22T10:00:00Z");

    private static Column column(String type, ColumnSettings settings) {
        return ColumnRules.define(new ColumnDraft("C", null, type, false, false, null, settings), "", List.of(), null, 0, NOW);
    }

    private static Column column(String type) {
        return column(type, null);
    }

    private static ColumnConversion between(Column before, Column after) {
        return ColumnConversions.between(before, after).orElseThrow();
    }

    @Test
    void formattingAsTextOrJsonKeepsEveryValue() {
        for (String from : List.of("number", "boolean", "date", "email", "rating", "json", "long_text")) {
            ColumnConversion toText = between(column(from), column("text"));
            assertFalse(toText.lossy(), from + " -> text");
            assertEquals("format_text", toText.rule());
        }
        assertFalse(between(column("date"), column("json")).lossy());
    }

    @Test
    void parsingTextLosesWhatDoesNotParse() {
        ColumnConversion toNumber = between(column("text"), column("number"));
        assertTrue(toNumber.lossy());
        assertEquals("parse_number", toNumber.rule());
        assertEquals("validate_email", between(column("text"), column("email")).rule());
        assertEquals("match_option_names", between(column("text"), column("single_select")).rule());
    }

    @Test
    void numbersDatesAndSelectsConvertByTheirMeaning() {
        assertFalse(between(column("number"), column("percent")).lossy());
        assertFalse(between(column("boolean"), column("number")).lossy());
        assertTrue(between(column("number"), column("boolean")).lossy());
        assertEquals("midnight_in_zone", between(column("date"), column("datetime")).rule());
        assertTrue(between(column("datetime"), column("date")).lossy());
        assertFalse(between(column("single_select"), column("multi_select")).lossy());
        assertEquals("keep_first", between(column("multi_select"), column("single_select")).rule());
        ColumnConversion nonsense = between(column("boolean"), column("date"));
        assertTrue(nonsense.lossy());
        assertEquals("clear", nonsense.rule());
    }

    @Test
    void computedColumnsReplaceValuesOrMaterializeThem() {
        assertEquals("replace_with_computed", between(column("text"), column("autonumber")).rule());
        ColumnConversion materialized = between(column("created_time"), column("datetime"));
        assertFalse(materialized.lossy());
        assertEquals("materialize", materialized.rule());
        assertTrue(between(column("created_time"), column("date")).lossy());
    }

    @Test
    void settingsChangesDeclareTheirLossesAndRenamesNone() {
        Column twoDecimals = column("number", new ColumnSettings(2, null, null, null, null, null, null, null, null, null));
        Column noDecimals = column("number", new ColumnSettings(0, null, null, null, null, null, null, null, null, null));
        assertEquals("round", between(twoDecimals, noDecimals).rule());
        assertEquals(Optional.empty(), ColumnConversions.between(noDecimals, twoDecimals));

        ColumnSettings ab = new ColumnSettings(null, null, null, null,
                List.of(new SelectOption("a", "A", "red"), new SelectOption("b", "B", "blue")), null, null, null, null, null);
        ColumnSettings renamed = new ColumnSettings(null, null, null, null,
                List.of(new SelectOption("a", "Alpha", "green"), new SelectOption("b", "B", "blue")), null, null, null, null, null);
        ColumnSettings onlyA = new ColumnSettings(null, null, null, null,
                List.of(new SelectOption("a", "A", "red")), null, null, null, null, null);
        assertEquals(Optional.empty(), ColumnConversions.between(column("single_select", ab), column("single_select", renamed)));
        ColumnConversion removed = between(column("single_select", ab), column("single_select", onlyA));
        assertTrue(removed.lossy());
        assertEquals(List.of("b"), removed.removedOptionIds());

        Column paris = column("datetime", new ColumnSettings(null, null, "Europe/Paris", null, null, null, null, null, null, null));
        assertEquals(Optional.empty(), ColumnConversions.between(column("datetime"), paris));
    }
}
