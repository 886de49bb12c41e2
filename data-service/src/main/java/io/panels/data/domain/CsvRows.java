package io.panels.data.domain;

import io.panels.common.problem.FieldError;
import io.panels.data.store.BulkLoad;
import io.panels.data.store.CopyText;
import io.panels.events.panel.SelectOption;
import io.panels.query.schema.ColumnType;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The lines of a CSV import checked and written as COPY rows in one pass, straight from the
 * characters of the file (ADR 0040, amended): each column gets, once per import, a converter that
 * reads the common forms of its values itself (plain numbers, ISO dates, UTC date-times, e-mail
 * addresses, options by id or name, ...) and hands anything else to the general checks of the rows
 * API ({@link CsvValues} then {@link RowValues}), one value at a time. A line with any problem is
 * checked again as a whole by those general rules, which report its errors exactly as before. So
 * a value is accepted, refused and stored exactly as the rows API would, only without a map, a
 * JSON node, a string and a {@link CellValue} per value.
 */
public final class CsvRows {

    private static final int BAD = 0;
    private static final int VALUE = 1;
    private static final int BLANK = 2;

    private static final Pattern URL = Pattern.compile(ValueConversions.URL_PATTERN);
    private static final Pattern PHONE = Pattern.compile(ValueConversions.PHONE_PATTERN);

    /** Writes what a row starts with, before its values (the load's id, line, tenant and user). */
    public interface RowStart {
        void write(CopyText out, long line, long idMostSignificant, long idLeastSignificant);
    }

    /** Per stored column (COPY order): the field that gives its value, -1 when none does. */
    private final int[] fieldOf;
    private final Cell[] cells;
    /** Per stored column: its value when its field is missing (the default, else blank), encoded once. */
    private final byte[][] missing;
    /** Per stored column: whether a line without its field is refused (required, without a default). */
    private final boolean[] missingRefused;

    private CsvRows(PanelSchema panel, List<PanelColumn> bound, List<PanelColumn> columns) {
        this.fieldOf = new int[columns.size()];
        this.cells = new Cell[columns.size()];
        this.missing = new byte[columns.size()][];
        this.missingRefused = new boolean[columns.size()];
        for (int j = 0; j < columns.size(); j++) {
            PanelColumn column = columns.get(j);
            fieldOf[j] = bound.indexOf(column);
            cells[j] = cell(column, panel);
            CellValue value = missingValue(column, panel);
            StringBuilder text = new StringBuilder();
            BulkLoad.encodeValue(text, value.sql());
            CopyText encoded = new CopyText(text.length() * 3);
            encoded.escaped(text);
            missing[j] = encoded.toByteArray();
            missingRefused[j] = value.blank() && column.required();
        }
    }

    /**
     * The converters for a file whose fields go to {@code bound} (null: ignored), written in the order
     * of {@code columns} (the load's stored columns); null when the file needs the general path line
     * by line (a field mapped to a computed or unknown column, or two fields to one column).
     */
    public static CsvRows of(PanelSchema panel, List<PanelColumn> bound, List<PanelColumn> columns) {
        List<PanelColumn> writable = panel.columns().stream().filter(c -> !c.computed()).toList();
        if (!writable.equals(columns)) {
            return null;
        }
        List<PanelColumn> seen = new ArrayList<>();
        for (PanelColumn column : bound) {
            if (column == null) {
                continue;
            }
            if (!columns.contains(column) || seen.contains(column)) {
                return null;
            }
            seen.add(column);
        }
        return new CsvRows(panel, bound, columns);
    }

    /** The value of a column whose field a line lacks: what {@link RowValues#forCreate} gives it. */
    private static CellValue missingValue(PanelColumn column, PanelSchema panel) {
        if (column.defaultValue() != null) {
            List<FieldError> ignored = new ArrayList<>();
            CellValue value = RowValues.check(column, column.defaultValue(), panel.zone(), "", ignored);
            if (value != null && ignored.isEmpty()) {
                return value;
            }
        }
        return new CellValue(column, null, com.fasterxml.jackson.databind.node.NullNode.getInstance());
    }

    /**
     * Writes record {@code record} of the batch as one COPY row into {@code out} and answers true, or
     * writes nothing and answers false when the line has a problem (the general rules then say which).
     */
    public boolean write(CsvRecords.Batch batch, int record, long idMostSignificant, long idLeastSignificant, RowStart start,
                         CopyText out) {
        int mark = out.mark();
        start.write(out, batch.line(record), idMostSignificant, idLeastSignificant);
        char[] text = batch.text();
        int fields = batch.fieldCount(record);
        for (int j = 0; j < cells.length; j++) {
            out.tab();
            int field = fieldOf[j];
            if (field < 0 || field >= fields) {
                if (missingRefused[j]) {
                    out.reset(mark);
                    return false;
                }
                out.raw(missing[j]);
                continue;
            }
            int from = batch.fieldStart(record, field);
            int to = batch.fieldEnd(record, field);
            int result = from == to ? blank(out) : cells[j].write(text, from, to, out);
            if (result == BAD || result == BLANK && cells[j].column.required()) {
                out.reset(mark);
                return false;
            }
        }
        out.endRow();
        return true;
    }

    private static int blank(CopyText out) {
        out.blank();
        return BLANK;
    }

    private static Cell cell(PanelColumn column, PanelSchema panel) {
        return switch (column.type()) {
            case TEXT, LONG_TEXT -> new TextCell(column, panel);
            case EMAIL, URL, PHONE -> new FormatCell(column, panel);
            case NUMBER, CURRENCY, PERCENT, DURATION -> new NumberCell(column, panel);
            case BOOLEAN -> new BooleanCell(column, panel);
            case DATE -> new DateCell(column, panel);
            case DATETIME -> new DateTimeCell(column, panel);
            case SINGLE_SELECT -> new SelectCell(column, panel);
            default -> new Cell(column, panel);
        };
    }

    /** One column's converter; this base class is the general path for every value. */
    private static class Cell {

        final PanelColumn column;
        final PanelSchema panel;

        Cell(PanelColumn column, PanelSchema panel) {
            this.column = column;
            this.panel = panel;
        }

        /** Writes the value of the (non-empty) field {@code text[from..to)}: VALUE, BLANK, or BAD (nothing useful written). */
        int write(char[] text, int from, int to, CopyText out) {
            return general(text, from, to, out);
        }

        /** The rows API's rules for one value, as the general path of a line applies them. */
        final int general(char[] text, int from, int to, CopyText out) {
            CellValue value;
            try {
                List<FieldError> errors = new ArrayList<>(1);
                value = RowValues.check(column, CsvValues.of(column, new String(text, from, to - from)), panel.zone(), "", errors);
            } catch (CsvValues.Unreadable unreadable) {
                return BAD;
            }
            if (value == null) {
                return BAD;
            }
            if (value.blank()) {
                out.blank();
                return BLANK;
            }
            StringBuilder encoded = new StringBuilder();
            BulkLoad.encodeValue(encoded, value.sql());
            out.escaped(encoded);
            return VALUE;
        }
    }

    /** Whether the field has no white space to strip at either end (only plain ASCII ends count as surely none). */
    private static boolean plainEnds(char[] text, int from, int to) {
        char first = text[from];
        char last = text[to - 1];
        return first > ' ' && first < 0x7F && last > ' ' && last < 0x7F;
    }

    private static boolean hasNul(char[] text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text[i] == '\0') {
                return true;
            }
        }
        return false;
    }

    /** Text and long text: taken as they are (not stripped), at most {@link RowValues#MAX_TEXT} characters, no NUL. */
    private static final class TextCell extends Cell {

        TextCell(PanelColumn column, PanelSchema panel) {
            super(column, panel);
        }

        @Override
        int write(char[] text, int from, int to, CopyText out) {
            if (to - from > RowValues.MAX_TEXT || hasNul(text, from, to)) {
                return general(text, from, to, out);
            }
            out.text(text, from, to);
            return VALUE;
        }
    }

    /** E-mail, URL, phone: stripped, then their pattern; the e-mail pattern checked by hand. */
    private static final class FormatCell extends Cell {

        private final Pattern pattern;

        FormatCell(PanelColumn column, PanelSchema panel) {
            super(column, panel);
            this.pattern = column.type() == ColumnType.URL ? URL : column.type() == ColumnType.PHONE ? PHONE : null;
        }

        @Override
        int write(char[] text, int from, int to, CopyText out) {
            if (!plainEnds(text, from, to) || to - from > RowValues.MAX_TEXT || hasNul(text, from, to)) {
                return general(text, from, to, out);
            }
            boolean valid = pattern == null ? email(text, from, to) : pattern.matcher(CharBuffer.wrap(text, from, to - from)).matches();
            if (!valid) {
                return general(text, from, to, out);
            }
            out.text(text, from, to);
            return VALUE;
        }

        /** {@code ^[^@\s]+@[^@\s]+\.[^@\s]+$} (ValueConversions.EMAIL_PATTERN) without a regex. */
        private static boolean email(char[] text, int from, int to) {
            int at = -1;
            for (int i = from; i < to; i++) {
                char c = text[i];
                if (c == '@') {
                    if (at >= 0) {
                        return false;
                    }
                    at = i;
                } else if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') {
                    return false;
                }
            }
            if (at <= from) {
                return false;
            }
            // A dot with at least one character between it and the @, and at least one after it.
            for (int i = at + 2; i <= to - 2; i++) {
                if (text[i] == '.') {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Numbers written plainly ({@code -?digits(.digits)?}) without more decimals than the column's
     * precision: written as {@code new BigDecimal(text).toPlainString()} would write them. Anything
     * else (exponents, a plus sign, white space, rounding, ratings) goes the general way.
     */
    private static final class NumberCell extends Cell {

        private final int precision;

        NumberCell(PanelColumn column, PanelSchema panel) {
            super(column, panel);
            this.precision = column.settings().precision() == null ? Integer.MAX_VALUE : column.settings().precision();
        }

        @Override
        int write(char[] text, int from, int to, CopyText out) {
            int i = from;
            boolean negative = text[i] == '-';
            if (negative) {
                i++;
            }
            int integerFrom = i;
            while (i < to && text[i] >= '0' && text[i] <= '9') {
                i++;
            }
            int integerTo = i;
            int fractionFrom = i;
            int fractionTo = i;
            if (i < to && text[i] == '.') {
                fractionFrom = ++i;
                while (i < to && text[i] >= '0' && text[i] <= '9') {
                    i++;
                }
                fractionTo = i;
                if (fractionTo == fractionFrom) {
                    return general(text, from, to, out);
                }
            }
            int digits = integerTo - integerFrom + fractionTo - fractionFrom;
            if (i != to || integerTo == integerFrom || digits > 100 || fractionTo - fractionFrom > precision) {
                return general(text, from, to, out);
            }
            boolean zero = true;
            for (int k = integerFrom; k < fractionTo && zero; k++) {
                zero = text[k] == '0' || text[k] == '.';
            }
            while (integerFrom < integerTo - 1 && text[integerFrom] == '0') {
                integerFrom++;
            }
            if (negative && !zero) {
                out.ascii('-');
            }
            out.ascii(text, integerFrom, integerTo);
            if (fractionTo > fractionFrom) {
                out.ascii('.');
                out.ascii(text, fractionFrom, fractionTo);
            }
            return VALUE;
        }
    }

    /** true/yes/1/x/on/checked and false/no/0/off/unchecked (and t, y, f, n), any case. */
    private static final class BooleanCell extends Cell {

        BooleanCell(PanelColumn column, PanelSchema panel) {
            super(column, panel);
        }

        @Override
        int write(char[] text, int from, int to, CopyText out) {
            int length = to - from;
            if (length > 9) {
                return general(text, from, to, out);
            }
            char[] lower = new char[length];
            for (int i = 0; i < length; i++) {
                char c = text[from + i];
                if (c >= 'A' && c <= 'Z') {
                    c = (char) (c + ('a' - 'A'));
                } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                    return general(text, from, to, out);
                }
                lower[i] = c;
            }
            switch (new String(lower)) {
                case "true", "t", "yes", "y", "1", "x", "on", "checked" -> out.ascii('t');
                case "false", "f", "no", "n", "0", "off", "unchecked" -> out.ascii('f');
                default -> {
                    return general(text, from, to, out);
                }
            }
            return VALUE;
        }
    }

    /** {@code d} digits at {@code text[from..)}, or -1. */
    private static int digits(char[] text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Whether {@code yyyy-MM-dd} at {@code text[from..from+10)} is a date of the years 1 to 9999. */
    private static boolean isoDate(char[] text, int from) {
        if (text[from + 4] != '-' || text[from + 7] != '-') {
            return false;
        }
        int year = digits(text, from, 4);
        int month = digits(text, from + 5, 2);
        int day = digits(text, from + 8, 2);
        if (year < 1 || month < 1 || month > 12 || day < 1) {
            return false;
        }
        boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        int days = switch (month) {
            case 2 -> leap ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
        return day <= days;
    }

    /** Dates written {@code yyyy-MM-dd}, stored as written. */
    private static final class DateCell extends Cell {

        DateCell(PanelColumn column, PanelSchema panel) {
            super(column, panel);
        }

        @Override
        int write(char[] text, int from, int to, CopyText out) {
            if (to - from != 10 || !isoDate(text, from)) {
                return general(text, from, to, out);
            }
            out.ascii(text, from, to);
            return VALUE;
        }
    }

    /**
     * Date-times in UTC written {@code yyyy-MM-ddTHH:mm:ssZ} (what {@code Instant.toString()} writes
     * for whole seconds): written as the general path writes the instant ({@code OffsetDateTime},
     * seconds left out when zero). Other forms (offsets, fractions, local times in the column's zone)
     * go the general way.
     */
    private static final class DateTimeCell extends Cell {

        /** A column whose zone is not one (every value refused by the general path) takes no shortcut. */
        private final boolean zoneKnown;

        DateTimeCell(PanelColumn column, PanelSchema panel) {
            super(column, panel);
            boolean known;
            try {
                java.time.ZoneId.of(ValueConversions.zone(column, panel.zone()));
                known = true;
            } catch (java.time.DateTimeException e) {
                known = false;
            }
            this.zoneKnown = known;
        }

        @Override
        int write(char[] text, int from, int to, CopyText out) {
            if (!zoneKnown || to - from != 20 || text[from + 10] != 'T' || text[from + 13] != ':' || text[from + 16] != ':' || text[from + 19] != 'Z'
                    || !isoDate(text, from)) {
                return general(text, from, to, out);
            }
            int hour = digits(text, from + 11, 2);
            int minute = digits(text, from + 14, 2);
            int second = digits(text, from + 17, 2);
            if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
                return general(text, from, to, out);
            }
            out.ascii(text, from, from + 16);
            if (second > 0) {
                out.ascii(text, from + 16, from + 19);
            }
            out.ascii('Z');
            return VALUE;
        }
    }

    /** A single select's option, by id, else by name ignoring case (stripped). */
    private static final class SelectCell extends Cell {

        private final Map<String, String> ids = new HashMap<>();
        private final String[] names;
        private final String[] namedIds;

        SelectCell(PanelColumn column, PanelSchema panel) {
            super(column, panel);
            List<SelectOption> options = column.options();
            names = new String[options.size()];
            namedIds = new String[options.size()];
            for (int i = 0; i < options.size(); i++) {
                SelectOption option = options.get(i);
                ids.putIfAbsent(option.id(), option.id());
                names[i] = option.name();
                namedIds[i] = option.id();
            }
        }

        @Override
        int write(char[] text, int from, int to, CopyText out) {
            if (!plainEnds(text, from, to)) {
                return general(text, from, to, out);
            }
            String value = new String(text, from, to - from);
            String id = ids.get(value);
            for (int i = 0; id == null && i < names.length; i++) {
                if (names[i] != null && names[i].equalsIgnoreCase(value)) {
                    id = namedIds[i];
                }
            }
            if (id == null) {
                return general(text, from, to, out);
            }
            out.text(id);
            return VALUE;
        }
    }
}
