package io.panels.panel.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.panel.domain.Column;
import io.panels.panel.domain.ColumnSettings;
import io.panels.panel.domain.FormulaColumns;
import io.panels.panel.domain.Panel;
import io.panels.panel.domain.PanelListing;
import io.panels.panel.domain.PanelPage;
import io.panels.panel.domain.PanelSchema;
import io.panels.panel.domain.PanelUsage;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What panel-service answers. */
public final class PanelResponses {

    private PanelResponses() {
    }

    @Schema(name = "Panel")
    public record PanelView(UUID id, String name, String description, String icon, String colour, String status,
                            @Schema(description = "Schema version; the ETag") long version, UUID duplicatedFrom,
                            OffsetDateTime createdAt, String createdBy, OffsetDateTime updatedAt, String updatedBy,
                            List<ColumnView> columns) {

        static PanelView of(PanelSchema schema) {
            Panel p = schema.panel();
            return new PanelView(p.id(), p.name(), p.description(), p.icon(), p.colour(), p.status().wireName(), p.version(),
                    p.duplicatedFrom(), p.createdAt(), p.createdBy(), p.updatedAt(), p.updatedBy(),
                    schema.columns().stream().map(c -> ColumnView.of(c, schema.columns())).toList());
        }
    }

    @Schema(name = "Column")
    public record ColumnView(UUID id, String key, String name, String type, int position, boolean required, boolean unique,
                             JsonNode defaultValue, ColumnSettings settings) {

        /** A column with its formula (if any) written by display names, as people read and write it. */
        static ColumnView of(Column column, List<Column> all) {
            Column c = FormulaColumns.forDisplay(column, all);
            return new ColumnView(c.id(), c.key(), c.name(), c.type().wireName(), c.position(), c.required(), c.unique(),
                    c.defaultValue(), c.settings());
        }
    }

    @Schema(name = "PanelSummary")
    public record PanelSummary(UUID id, String name, String description, String icon, String colour, String status,
                               long version, int columnCount, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

        static PanelSummary of(PanelListing listing) {
            Panel p = listing.panel();
            return new PanelSummary(p.id(), p.name(), p.description(), p.icon(), p.colour(), p.status().wireName(),
                    p.version(), listing.columnCount(), p.createdAt(), p.updatedAt());
        }
    }

    @Schema(name = "PanelList")
    public record PanelList(List<PanelSummary> items,
                            @Schema(description = "Pass as cursor for the next page; null on the last") String nextCursor) {

        static PanelList of(PanelPage page) {
            return new PanelList(page.items().stream().map(PanelSummary::of).toList(),
                    page.next() == null ? null : page.next().encode());
        }
    }

    @Schema(name = "PanelUsage")
    public record UsageView(long panels, int maxPanels, String plan, String status) {

        static UsageView of(PanelUsage usage) {
            return new UsageView(usage.panels(), usage.maxPanels(), usage.plan(), usage.status());
        }
    }
}
