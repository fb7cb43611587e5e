package com.accounthealth.leaderweb.config;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkspaceSecretsTest {

    private static WorkspaceSecrets with(String client, String session, String csrf) {
        WorkspaceSecrets secrets = new WorkspaceSecrets();
        secrets.clientSecret = Optional.ofNullable(client);
        secrets.sessionSecret = Optional.ofNullable(session);
        secrets.csrfKey = Optional.ofNullable(csrf);
        return secrets;
    }

    @Test
    void aMissingOrShortSecretStopsTheStartNamingIt() {
        String good = "x".repeat(32);
        assertThatThrownBy(() -> with(good, null, good).check(null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("QUARKUS_OIDC_TOKEN_STATE_MANAGER_ENCRYPTION_SECRET");
        assertThatThrownBy(() -> with(good, good, "short").check(null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("QUARKUS_REST_CSRF_TOKEN_SIGNATURE_KEY");
        assertThatCode(() -> with(good, good, good).check(null)).doesNotThrowAnyException();
    }
}
