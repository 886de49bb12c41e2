package io.panels.panel.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.panel.domain.ColumnDraft;
import io.panels.panel.domain.ColumnSettings;
import io.panels.panel.domain.PanelDetails;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The bodies panel-service accepts. */
public final class PanelRequests {

    static final String COLOUR = "^(#[0-9a-fA-F]{6}|[a-z]{3,20})$";

    private PanelRequests() {
    }

    @Schema(name = "CreatePanel")
    public record CreatePanel(
            @NotBlank @Size(max = 200) String name,
            @Size(max = 2000) String description,
            @Size(max = 64) String icon,
            @Pattern(regexp = COLOUR, message = "must be #rrggbb or a colour name") String colour,
            @Valid @Size(max = 500) List<@NotNull AddColumn> columns) {

        PanelDetails details() {
            return new PanelDetails(name, description, icon, colour);
        }

        List<ColumnDraft> drafts() {
            return columns == null ? List.of() : columns.stream().map(AddColumn::draft).toList();
        }
    }

    @Schema(name = "UpdatePanel", description = "The whole new metadata: absent optional fields are cleared.")
    public record UpdatePanel(
            @NotBlank @Size(max = 200) String name,
            @Size(max = 2000) String description,
            @Size(max = 64) String icon,
            @Pattern(regexp = COLOUR, message = "must be #rrggbb or a colour name") String colour) {

        PanelDetails details() {
            return new PanelDetails(name, description, icon, colour);
        }
    }

    @Schema(name = "DuplicatePanel")
    public record DuplicatePanel(
            @Schema(description = "Name of the copy; default: the source's name + \" (copy)\"") @Size(max = 200) String name,
            @Schema(description = "Copy the source's views too (view-service does it on panel.duplicated)") boolean withViews) {
    }

    @Schema(name = "AddColumn")
    public record AddColumn(
            @NotBlank @Size(max = 200) String name,
            @Schema(description = "Stable key (a-z, 0-9, _); derived from the name when absent; never changes")
            @Size(max = 63) String key,
            @Schema(description = "text, long_text, number, currency, percent, boolean, date, datetime, duration, "
                    + "single_select, multi_select, email, url, phone, rating, json, formula, created_time, "
                    + "last_modified_time, created_by, last_modified_by, autonumber")
            @NotBlank String type,
            boolean required,
            boolean unique,
            @Schema(description = "JSON value shaped by the type") JsonNode defaultValue,
            ColumnSettings settings,
            @Schema(description = "0-based place; default: last") @PositiveOrZero Integer position) {

        ColumnDraft draft() {
            return new ColumnDraft(name, key, type, required, unique, defaultValue, settings);
        }
    }

    @Schema(name = "UpdateColumn", description = "The whole new definition of the column; its key never changes.")
    public record UpdateColumn(
            @NotBlank @Size(max = 200) String name,
            @Schema(description = "May be sent back as it is; a different key is refused") @Size(max = 63) String key,
            @NotBlank String type,
            boolean required,
            boolean unique,
            JsonNode defaultValue,
            ColumnSettings settings) {

        ColumnDraft draft() {
            return new ColumnDraft(name, key, type, required, unique, defaultValue, settings);
        }
    }

    @Schema(name = "ReorderColumns")
    public record ReorderColumns(@NotEmpty @Size(max = 500) List<@NotNull UUID> columnIds) {
    }
}
