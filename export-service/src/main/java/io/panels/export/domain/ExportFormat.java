package io.panels.export.domain;

import java.util.Locale;
import java.util.Optional;

/** The file formats an export can be written in. */
public enum ExportFormat {
    CSV("csv", "text/csv; charset=utf-8"),
    XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    JSON("json", "application/json"),
    NDJSON("ndjson", "application/x-ndjson"),
    PDF("pdf", "application/pdf");

    private final String extension;
    private final String mediaType;

    ExportFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public static Optional<ExportFormat> parse(String value) {
        for (ExportFormat format : values()) {
            if (format.value().equals(value)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
