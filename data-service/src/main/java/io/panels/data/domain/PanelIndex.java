package io.panels.data.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * An index of one panel column beyond the automatic rule of ADR 0015, asked for by an admin
 * ({@code request}) or made because queries used the column often ({@code usage}); built in the
 * background without blocking writes (CREATE INDEX CONCURRENTLY).
 */
public record PanelIndex(UUID id, UUID panelId, String column, String kind, String origin, String status, String indexName,
                         String failure, Instant createdAt, String createdBy, Instant readyAt) {

    public static final String SORT = "sort";
    public static final String REQUEST = "request";
    public static final String USAGE = "usage";
    public static final String BUILDING = "building";
    public static final String READY = "ready";
    public static final String FAILED = "failed";
}
