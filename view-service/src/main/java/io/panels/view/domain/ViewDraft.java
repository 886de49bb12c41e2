package io.panels.view.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.events.view.ViewColumn;
import java.util.List;

/**
 * What a caller asks a view to be or become; on an update, a null member stays as it is.
 *
 * @param columns null: every column visible (creation) or unchanged (update)
 */
public record ViewDraft(String name, View.ViewType type, View.Visibility visibility, List<ViewColumn> columns,
                        JsonNode query, JsonNode settings) {
}
