package io.panels.export.domain.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.export.domain.CellKind;
import io.panels.export.domain.ExportColumn;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/**
 * The PDF writer's fonts, without the service: text outside WinAnsi (CJK, Greek) is embedded in
 * subsetted TrueType fonts and comes back from PDFBox's text extraction as written; a character no
 * font has prints as '?'. Uses the fallback font of the default configuration (Debian's
 * fonts-droid-fallback, which the local platform installs).
 */
class PdfTableWriterTest {

    static final Path DROID = Path.of("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf");

    @Test
    void unicodeTextRendersInEmbeddedSubsetFonts() throws Exception {
        String unicode = "Zürich – 東京 – Ελλάδα";
        List<ExportColumn> columns = List.of(new ExportColumn("city", "Stadt / 都市 / Πόλη", CellKind.TEXT, null, 400),
                new ExportColumn("note", "Note", CellKind.TEXT, null, 200));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PdfTableWriter writer = new PdfTableWriter(out, columns, "Städte – 都市", Instant.parse("2026-01-02T03:04:05Z"),
                "yyyy-MM-dd", ZoneOffset.UTC, 100, new PdfFonts(List.of(DROID)));
        try {
            writer.row(new Object[] {unicode, "Ünïcödé"});
            // Linear B: in neither font.
            writer.row(new Object[] {"Knossos \uD800\uDC00", "end"});
            writer.finish();
        } finally {
            writer.discard();
        }
        try (PDDocument pdf = Loader.loadPDF(out.toByteArray())) {
            String text = new PDFTextStripper().getText(pdf);
            assertTrue(text.contains(unicode), text);
            assertTrue(text.contains("Städte – 都市"), text);
            assertTrue(text.contains("Stadt / 都市 / Πόλη"), text);
            assertTrue(text.contains("Ünïcödé"), text);
            assertTrue(text.contains("Knossos ?"), text);
            assertTrue(text.contains("Page 1 of 1"), text);
            List<String> fonts = new java.util.ArrayList<>();
            for (org.apache.pdfbox.cos.COSName name : pdf.getPage(0).getResources().getFontNames()) {
                PDFont font = pdf.getPage(0).getResources().getFont(name);
                assertTrue(font.isEmbedded(), font.getName() + " is embedded");
                fonts.add(font.getName());
            }
            // Subsets are named with a six-letter tag: ABCDEF+LiberationSans.
            assertEquals(2, fonts.size(), fonts.toString());
            assertTrue(fonts.stream().allMatch(name -> name.matches("[A-Z]{6}\\+.*")), fonts.toString());
            assertFalse(text.contains("\uFFFD"), text);
        }
        assertTrue(out.size() < 200_000, "subsets, not whole fonts: " + out.size() + " bytes");
    }
}
