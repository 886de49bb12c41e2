package io.panels.notification.domain;

import io.panels.common.secrets.SecretCipher;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Webhook signing secrets at rest: sealed with platform/common's AES-256-GCM {@link SecretCipher}
 * ({@code panels.secrets.key}), bound to their webhook's id (a sealed value copied to another row
 * does not open). Rows written before sealing existed hold the plain {@code whsec_...} text; they
 * still sign (read as they are) until {@link WebhookSecretSealing} seals them (docs/adr/0037).
 */
@ApplicationScoped
public class WebhookSecrets {

    /** Every secret this service ever generated starts so; a sealed value starts with "v1.". */
    static final String PLAIN_PREFIX = "whsec_";

    private final SecretCipher cipher;

    public WebhookSecrets(SecretCipher cipher) {
        this.cipher = cipher;
    }

    public String seal(UUID webhookId, String secret) {
        return cipher.seal(secret, context(webhookId));
    }

    /** The secret, from its sealed (or, before the migration, plain) stored form. */
    public String open(UUID webhookId, String stored) {
        return stored.startsWith(PLAIN_PREFIX) ? stored : cipher.open(stored, context(webhookId));
    }

    /** Plain, or sealed with a key that is no longer the current one (after a key rotation). */
    public boolean needsSealing(String stored) {
        return stored != null && (stored.startsWith(PLAIN_PREFIX) || !cipher.sealedWithCurrentKey(stored));
    }

    public String reseal(UUID webhookId, String stored) {
        return seal(webhookId, open(webhookId, stored));
    }

    private static String context(UUID webhookId) {
        return "webhook:" + webhookId;
    }
}
