package io.panels.panel.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.panels.common.problem.ProblemException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * Where a page of panels ended: the sort value and id of its last panel (keyset pagination), bound
 * to the sort and direction it was made for. Opaque to callers (base64url JSON).
 */
public record PanelCursor(PanelSort sort, boolean descending, String value, UUID id) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public String encode() {
        ObjectNode node = JSON.createObjectNode()
                .put("s", sort.wireName()).put("d", descending).put("v", value).put("i", id.toString());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a cursor made for {@code sort} and {@code descending}; anything else is a 400 on {@code cursor}. */
    public static PanelCursor decode(String cursor, PanelSort sort, boolean descending) {
        try {
            JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(cursor));
            PanelCursor decoded = new PanelCursor(PanelSort.fromWire(node.path("s").asText()).orElseThrow(),
                    node.path("d").asBoolean(), node.path("v").textValue(), UUID.fromString(node.path("i").asText()));
            if (decoded.sort != sort || decoded.descending != descending || decoded.value == null) {
                throw ProblemException.invalid("cursor", "belongs to another sort order: start again without it");
            }
            return decoded;
        } catch (IllegalArgumentException | IOException | NoSuchElementException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this list gave out");
        }
    }
}
