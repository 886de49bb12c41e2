package io.panels.data.domain;

import io.panels.data.domain.SourceDefinition.Config;
import io.panels.data.domain.SourceDefinition.FieldMapping;
import io.panels.data.domain.SourceDefinition.Kind;
import io.panels.data.domain.SourceDefinition.Mode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A data source of a panel as stored: {@code sealedCredentials} is the SecretCipher text of its
 * {@link SourceDefinition.Credentials} (context {@code datasource:<id>}), never shown;
 * {@code credentialNames} says which are set.
 */
public record DataSource(UUID id, UUID tenantId, UUID panelId, String name, Kind kind, Config config, String sealedCredentials,
                         List<String> credentialNames, List<FieldMapping> mapping, Mode mode, String keyColumn, String schedule,
                         Instant nextRunAt, boolean enabled, String ownerId, long version, Instant createdAt, String createdBy,
                         Instant updatedAt, String updatedBy) {

    /** The context its credentials are sealed in: a sealed value copied to another source does not open there. */
    public static String secretContext(UUID sourceId) {
        return "datasource:" + sourceId;
    }
}
