package com.accounthealth.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * The real account-service, as a process on the test JVM's PostgreSQL and broker, for a service under test that asks
 * it on a caller's behalf (opportunity-service checks a deal's account there).
 */
public class AccountServiceTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("accounts.url", WriterServices.accountServiceUrl());
    }

    @Override
    public void stop() {
        // Stopped when the JVM exits, with the servers it runs on.
    }
}
