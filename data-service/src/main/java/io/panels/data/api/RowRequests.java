package io.panels.data.api;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What callers send to write rows. Values are keyed by column key; null (or an empty text or list) is blank. */
public final class RowRequests {

    private RowRequests() {
    }

    @Schema(description = "A row's values by column key; JSON shaped by each column's type")
    public record RowInput(@NotNull Map<String, JsonNode> values) {
    }

    public record BatchCreate(@NotNull @Size(min = 1, max = 1000) List<@NotNull @Valid RowInput> rows) {
    }

    @Schema(description = "A change to one row; version (optional) is the version you read: a newer one fails the batch with 412")
    public record RowPatch(@NotNull UUID id, Long version, @NotNull Map<String, JsonNode> values) {
    }

    public record BatchUpdate(@NotNull @Size(min = 1, max = 1000) List<@NotNull @Valid RowPatch> rows) {
    }

    public record RowRef(@NotNull UUID id, Long version) {
    }

    public record BatchDelete(@NotNull @Size(min = 1, max = 1000) List<@NotNull @Valid RowRef> rows) {
    }
}
