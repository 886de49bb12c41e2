package io.panels.auth.domain;

import io.panels.auth.client.KeycloakFailure;
import io.panels.common.problem.ProblemException;
import org.jboss.logging.Logger;

/** How a Keycloak failure reaches the caller: its refusal as 422, its absence as 503. */
final class KeycloakProblems {

    private static final Logger LOG = Logger.getLogger(KeycloakProblems.class);

    private KeycloakProblems() {
    }

    static ProblemException of(Throwable failure) {
        if (failure instanceof ProblemException problem) {
            return problem;
        }
        if (failure instanceof KeycloakFailure keycloak && keycloak.refused()) {
            return new ProblemException(422, "keycloak-refused", "Keycloak refused the change", keycloak.getMessage());
        }
        LOG.warnf("Keycloak unavailable: %s", failure.getMessage());
        return new ProblemException(503, "keycloak-unavailable", "Keycloak is unavailable",
                "Nothing was changed; repeat the request later.");
    }
}
