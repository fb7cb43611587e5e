package com.accounthealth.leaderweb;

import com.accounthealth.localstack.DevIdentityProvider;
import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.testsupport.WriterServices;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Everything the workspace talks to, real: account-, opportunity- and health-score-service as processes on the test
 * JVM's PostgreSQL and Kafka, and the development identity provider signing with the key those services trust.
 */
public class WorkspaceUnderTest implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_SECRET = "test-client-secret-0123456789abcdef";
    private DevIdentityProvider identityProvider;

    @Override
    public Map<String, String> start() {
        identityProvider = DevIdentityProvider.start(TestTokens.issuerForIdentityProvider(), 0,
                Map.of("leader-web", CLIENT_SECRET));
        return Map.of(
                "quarkus.oidc.auth-server-url", identityProvider.url(),
                "quarkus.oidc.credentials.secret", CLIENT_SECRET,
                "accounts.url", WriterServices.accountServiceUrl(),
                "opportunities.url", WriterServices.opportunityServiceUrl(),
                "health-score.url", WriterServices.healthScoreServiceUrl());
    }

    @Override
    public void stop() {
        if (identityProvider != null) {
            identityProvider.close();
        }
    }
}
