package io.panels.notification.domain;

import java.util.UUID;

/**
 * An event as the stream delivers it: the message text is built once and sent to every
 * subscriber of the panel whose tenant matches.
 *
 * @param personalOwner for an event about a personal view, the only user who may receive it; else null
 * @param message       the JSON text sent to clients
 */
public record StreamEvent(UUID id, UUID tenantId, UUID panelId, String type, String personalOwner, String message) {
}
