package com.accounthealth.leaderweb.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;
import java.util.Optional;

/**
 * The three secrets the workspace needs have no value outside dev and test: without them it refuses to start, naming
 * what is missing, instead of running with a published development key or a random one per replica.
 */
@ApplicationScoped
public class WorkspaceSecrets {

    private static final int MINIMUM_LENGTH = 32;

    @ConfigProperty(name = "quarkus.oidc.credentials.secret")
    Optional<String> clientSecret;

    @ConfigProperty(name = "quarkus.oidc.token-state-manager.encryption-secret")
    Optional<String> sessionSecret;

    @ConfigProperty(name = "quarkus.rest-csrf.token-signature-key")
    Optional<String> csrfKey;

    void check(@Observes StartupEvent ignored) {
        Map<String, Optional<String>> secrets = Map.of(
                "QUARKUS_OIDC_CREDENTIALS_SECRET", clientSecret,
                "QUARKUS_OIDC_TOKEN_STATE_MANAGER_ENCRYPTION_SECRET", sessionSecret,
                "QUARKUS_REST_CSRF_TOKEN_SIGNATURE_KEY", csrfKey);
        secrets.forEach((variable, value) -> {
            if (value.filter(v -> v.length() >= MINIMUM_LENGTH).isEmpty()) {
                throw new IllegalStateException(variable + " must be set to a secret of at least " + MINIMUM_LENGTH
                        + " characters (deploy/README.md, Secrets)");
            }
        });
    }
}
