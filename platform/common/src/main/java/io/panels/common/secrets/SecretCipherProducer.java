package io.panels.common.secrets;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@link SecretCipher} of a service, from {@code panels.secrets.key} (env
 * {@code PANELS_SECRETS_KEY}) and the optional comma-separated {@code panels.secrets.previous-keys}.
 * A service that injects it fails at start-up when the key is missing or malformed; a service that
 * does not inject it needs no key (unused beans are removed).
 */
public class SecretCipherProducer {

    @Produces
    @Singleton
    SecretCipher secretCipher(@ConfigProperty(name = "panels.secrets.key") Optional<String> key,
                              @ConfigProperty(name = "panels.secrets.previous-keys") Optional<List<String>> previous) {
        return SecretCipher.of(key.orElse(null), previous.orElse(List.of()));
    }
}
