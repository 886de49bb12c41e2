package io.panels.events;

import java.util.List;

/** The Kafka topics of Panels. Every event type names one of these; see docs/events/asyncapi.yaml. */
public final class Topics {

    public static final String TENANTS = "panels.tenants";
    /** Panels and their columns: keyed by panel id so a panel's schema changes stay in order. */
    public static final String PANELS = "panels.panels";
    public static final String ROWS = "panels.rows";
    public static final String VIEWS = "panels.views";
    /** Data sources, sync runs and the {@code sync.requested} command, keyed by data source id. */
    public static final String DATASOURCES = "panels.datasources";
    public static final String EXPORTS = "panels.exports";
    public static final String NOTIFICATIONS = "panels.notifications";

    public static final List<String> ALL = List.of(TENANTS, PANELS, ROWS, VIEWS, DATASOURCES, EXPORTS, NOTIFICATIONS);

    private static final String DEAD_LETTER_SUFFIX = ".dlq";

    private Topics() {
    }

    /** Where a consumer parks a message it cannot process after its retries. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
