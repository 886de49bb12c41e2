package io.panels.export.domain.format;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.export.domain.ExportColumn;
import io.panels.export.domain.ExportFailure;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.GZIPSheetDataWriter;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SheetDataWriter;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * XLSX through POI's streaming {@link SXSSFWorkbook}: only a window of rows is in memory, the rest
 * is flushed to a compressed temporary file until the workbook is written. Typed cells (numbers,
 * booleans, dates and date-times with a date format), a bold header row that stays frozen, and
 * column widths from the view (or from the header's length).
 */
final class XlsxTableWriter implements TableWriter {

    private static final int WINDOW = 200;
    private static final int MAX_CELL_TEXT = SpreadsheetVersion.EXCEL2007.getMaxTextLength();
    private static final int MAX_DATA_ROWS = SpreadsheetVersion.EXCEL2007.getMaxRows() - 1;

    private final OutputStream out;
    private final SXSSFWorkbook workbook;
    private final SXSSFSheet sheet;
    private final ZoneId zone;
    private final CellStyle dateStyle;
    private final CellStyle dateTimeStyle;
    private final Cells cells;
    private int next;

    XlsxTableWriter(OutputStream out, List<ExportColumn> columns, String title, String datePattern, ZoneId zone) {
        this.out = out;
        this.zone = zone;
        this.cells = new Cells(datePattern, zone);
        this.workbook = new SXSSFWorkbook(WINDOW) {
            // The file's own compression at the fastest level: deflating the sheet was most of the time at a million rows (ADR 0052).
            @Override
            protected ZipArchiveOutputStream createArchiveOutputStream(OutputStream stream) {
                ZipArchiveOutputStream zip = super.createArchiveOutputStream(stream);
                zip.setLevel(Deflater.BEST_SPEED);
                return zip;
            }

            // The rows flushed out of the window go to a gzipped temporary file, also at the fastest level.
            @Override
            protected SheetDataWriter createSheetDataWriter() throws IOException {
                return new GZIPSheetDataWriter(getSharedStringSource()) {
                    @Override
                    protected OutputStream decorateOutputStream(FileOutputStream file) throws IOException {
                        return new GZIPOutputStream(file, 1 << 16) {
                            {
                                def.setLevel(Deflater.BEST_SPEED);
                            }
                        };
                    }
                };
            }
        };
        this.workbook.setCompressTempFiles(true);
        this.sheet = workbook.createSheet(WorkbookUtil.createSafeSheetName(title == null || title.isBlank() ? "Export" : title));
        // Java's pattern letters y, M, d (ExportOptions allows no others) are y, m, d in Excel.
        String excelDate = datePattern.replace('M', 'm');
        this.dateStyle = workbook.createCellStyle();
        this.dateStyle.setDataFormat(workbook.createDataFormat().getFormat(excelDate));
        this.dateTimeStyle = workbook.createCellStyle();
        this.dateTimeStyle.setDataFormat(workbook.createDataFormat().getFormat(excelDate + " hh:mm:ss"));

        CellStyle headerStyle = workbook.createCellStyle();
        Font bold = workbook.createFont();
        bold.setBold(true);
        headerStyle.setFont(bold);
        Row header = sheet.createRow(next++);
        for (int i = 0; i < columns.size(); i++) {
            ExportColumn column = columns.get(i);
            Cell cell = header.createCell(i);
            cell.setCellValue(column.name());
            cell.setCellStyle(headerStyle);
            sheet.setColumnWidth(i, width(column));
        }
        sheet.createFreezePane(0, 1);
    }

    /** In 1/256 of a character: the view's pixels at ~7 px per character, else the header's length, within 8..60 characters. */
    private static int width(ExportColumn column) {
        int characters = column.width() != null ? column.width() / 7 : Math.max(column.name().length() + 2, 12);
        return Math.clamp(characters, 8, 60) * 256;
    }

    @Override
    public void row(Object[] values) throws IOException {
        if (next > MAX_DATA_ROWS) {
            throw new ExportFailure("An XLSX sheet holds at most " + MAX_DATA_ROWS + " rows; export to CSV instead.");
        }
        Row row = sheet.createRow(next++);
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value == null) {
                continue;
            }
            Cell cell = row.createCell(i);
            switch (value) {
                case BigDecimal number -> cell.setCellValue(number.doubleValue());
                case Boolean flag -> cell.setCellValue(flag);
                case LocalDate day -> {
                    cell.setCellValue(day);
                    cell.setCellStyle(dateStyle);
                }
                case Instant instant -> {
                    cell.setCellValue(instant.atZone(zone).toLocalDateTime());
                    cell.setCellStyle(dateTimeStyle);
                }
                case JsonNode json -> cell.setCellValue(limited(json.toString()));
                default -> cell.setCellValue(limited(cells.text(value)));
            }
        }
    }

    private static String limited(String text) {
        return text.length() > MAX_CELL_TEXT ? text.substring(0, MAX_CELL_TEXT) : text;
    }

    @Override
    public void finish() throws IOException {
        workbook.write(out);
        out.flush();
    }

    @Override
    public void discard() {
        try {
            workbook.close();
        } catch (IOException e) {
            // the temporary files are gone with the JVM's temp directory at worst
        }
    }
}
