package io.panels.gateway.domain;

import java.util.UUID;

/**
 * Who is calling, as far as the edge needs to know: the tenant (tenant paths only) and the key of
 * the caller's own rate-limit budget.
 *
 * @param tenantId the tenant named by the verified token, null outside tenant paths
 * @param client   the caller inside that scope: {@code <azp>:<sub>} for a token, the address for anonymous calls
 */
public record Caller(Access access, UUID tenantId, String client) {
}
