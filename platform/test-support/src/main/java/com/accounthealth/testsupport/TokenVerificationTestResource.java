package com.accounthealth.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Makes the service under test verify bearer tokens with the test JVM's key pair (see {@link TestTokens}). */
public class TokenVerificationTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return TestTokens.serviceConfig();
    }

    @Override
    public void stop() {
        // The key file is deleted when the JVM exits.
    }
}
