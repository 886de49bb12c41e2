package io.panels.query.cursor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where a page ended: the canonical values of the last row's sort keys, the row id last. A blank
 * key value is {@code null}.
 */
public record Cursor(List<String> values) {

    public Cursor {
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }
}
