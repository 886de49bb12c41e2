package io.panels.export.domain.format;

import io.panels.export.domain.ExportColumn;
import io.panels.export.domain.ExportFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;

/**
 * A paginated table with Apache PDFBox: the title and the date it was made on top of the first
 * page, the header row repeated on every page, "Page n of N" at the foot, landscape when the export
 * has more than {@value #PORTRAIT_MAX_COLUMNS} columns. Cells too long for their column end in an
 * ellipsis. Text is set in embedded, subsetted TrueType fonts ({@link PdfFonts}): Liberation Sans
 * (Latin, Greek, Cyrillic), then the fallback fonts for what it lacks (CJK); a character no font has
 * prints as {@code ?}. The header is the same font drawn bold (filled and stroked). The document's
 * pages are kept by PDFBox until it is saved (content spills to a temporary file), so PDF exports
 * are capped in rows.
 */
final class PdfTableWriter implements TableWriter {

    private static final int PORTRAIT_MAX_COLUMNS = 6;
    private static final float MARGIN = 36;
    private static final float FONT_SIZE = 8;
    private static final float ROW_HEIGHT = 13;
    private static final float PADDING = 3;

    private final OutputStream out;
    private final PDDocument document;
    private final PdfFonts.Loaded fonts;
    private final PDRectangle pageSize;
    private final List<ExportColumn> columns;
    private final float[] widths;
    private final Cells cells;
    private final String title;
    private final String subtitle;
    private final int maxRows;
    private PDPageContentStream page;
    private float y;
    private int rows;

    PdfTableWriter(OutputStream out, List<ExportColumn> columns, String title, Instant generatedAt, String datePattern,
                   ZoneId zone, int maxRows, PdfFonts fonts) throws IOException {
        this.out = out;
        this.document = new PDDocument(IOUtils.createTempFileOnlyStreamCache());
        this.fonts = fonts.load(document);
        this.columns = columns;
        this.cells = new Cells(datePattern, zone);
        this.title = title;
        this.subtitle = "Exported " + DateTimeFormatter.ofPattern(datePattern + " HH:mm z").withZone(zone).format(generatedAt);
        this.maxRows = maxRows;
        this.pageSize = columns.size() > PORTRAIT_MAX_COLUMNS
                ? new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth())
                : PDRectangle.A4;
        this.widths = widths(columns, pageSize.getWidth() - 2 * MARGIN);
    }

    /** The view's widths scaled to the page, or equal shares. */
    private static float[] widths(List<ExportColumn> columns, float available) {
        float[] widths = new float[columns.size()];
        float total = 0;
        for (int i = 0; i < widths.length; i++) {
            Integer pixels = columns.get(i).width();
            widths[i] = pixels == null ? 120 : Math.max(pixels, 40);
            total += widths[i];
        }
        for (int i = 0; i < widths.length; i++) {
            widths[i] = widths[i] * available / total;
        }
        return widths;
    }

    @Override
    public void row(Object[] values) throws IOException {
        if (++rows > maxRows) {
            throw new ExportFailure("A PDF export holds at most " + maxRows + " rows; filter the view or export to CSV or XLSX.");
        }
        if (page == null || y - ROW_HEIGHT < MARGIN + ROW_HEIGHT) {
            newPage();
        }
        String[] texts = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            texts[i] = cells.text(values[i]);
        }
        line(texts, false);
    }

    private void newPage() throws IOException {
        if (page != null) {
            page.close();
        }
        PDPage next = new PDPage(pageSize);
        document.addPage(next);
        page = new PDPageContentStream(document, next);
        y = pageSize.getHeight() - MARGIN;
        if (document.getNumberOfPages() == 1) {
            text(true, 14, MARGIN, y - 14, fit(title, 14, pageSize.getWidth() - 2 * MARGIN));
            text(false, 9, MARGIN, y - 28, fit(subtitle, 9, pageSize.getWidth() - 2 * MARGIN));
            y -= 40;
        }
        String[] names = columns.stream().map(ExportColumn::name).toArray(String[]::new);
        line(names, true);
        page.setLineWidth(0.5f);
        page.moveTo(MARGIN, y + 2);
        page.lineTo(pageSize.getWidth() - MARGIN, y + 2);
        page.stroke();
    }

    private void line(String[] texts, boolean bold) throws IOException {
        float x = MARGIN;
        y -= ROW_HEIGHT;
        for (int i = 0; i < texts.length; i++) {
            text(bold, FONT_SIZE, x + PADDING, y + 3, fit(texts[i], FONT_SIZE, widths[i] - 2 * PADDING));
            x += widths[i];
        }
    }

    /** Draws text already fitted (every character has a font), switching fonts between runs. */
    private void text(boolean bold, float size, float x, float baseline, List<PdfFonts.Run> runs) throws IOException {
        if (runs.isEmpty()) {
            return;
        }
        if (bold) {
            page.setLineWidth(size * 0.04f);
            page.setStrokingColor(0f);
        }
        page.beginText();
        page.setRenderingMode(bold ? RenderingMode.FILL_STROKE : RenderingMode.FILL);
        page.newLineAtOffset(x, baseline);
        for (PdfFonts.Run run : runs) {
            page.setFont(run.font(), size);
            page.showText(run.text());
        }
        page.endText();
    }

    /** The text on one line, in runs of the fonts that have its characters, cut with an ellipsis to {@code width} points. */
    private List<PdfFonts.Run> fit(String raw, float size, float width) throws IOException {
        StringBuilder text = new StringBuilder(Math.min(raw.length(), 200));
        raw.codePoints().limit(200).forEach(c -> text.appendCodePoint(c == '\n' || c == '\r' || c == '\t' ? ' ' : c));
        String result = text.toString();
        List<PdfFonts.Run> runs = fonts.runs(result);
        if (PdfFonts.width(runs, size) <= width) {
            return runs;
        }
        int end = result.length();
        while (end > 0) {
            end = Character.isLowSurrogate(result.charAt(end - 1)) && end > 1 ? end - 2 : end - 1;
            runs = fonts.runs(result.substring(0, end) + "\u2026");
            if (PdfFonts.width(runs, size) <= width) {
                return runs;
            }
        }
        return List.of();
    }

    @Override
    public void finish() throws IOException {
        if (page == null) {
            newPage();
        }
        page.close();
        page = null;
        int total = document.getNumberOfPages();
        for (int i = 0; i < total; i++) {
            try (PDPageContentStream footer = new PDPageContentStream(document, document.getPage(i),
                    PDPageContentStream.AppendMode.APPEND, true)) {
                List<PdfFonts.Run> label = fonts.runs("Page " + (i + 1) + " of " + total);
                footer.beginText();
                footer.newLineAtOffset(pageSize.getWidth() - MARGIN - PdfFonts.width(label, FONT_SIZE), MARGIN / 2);
                for (PdfFonts.Run run : label) {
                    footer.setFont(run.font(), FONT_SIZE);
                    footer.showText(run.text());
                }
                footer.endText();
            }
        }
        document.save(out);
        out.flush();
    }

    @Override
    public void discard() {
        try {
            if (page != null) {
                page.close();
            }
            document.close();
            fonts.close();
        } catch (IOException e) {
            // nothing more to release
        }
    }
}
