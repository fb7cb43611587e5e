package com.accounthealth.opportunity;

import com.accounthealth.testsupport.AccountServiceTestResource;
import com.accounthealth.testsupport.KafkaTestResource;
import com.accounthealth.testsupport.PostgresTestResource;
import com.accounthealth.testsupport.RealServersContract;
import com.accounthealth.testsupport.TokenVerificationTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The real PostgreSQL and Kafka of this test JVM, the key its test tokens are verified with, and the real
 * account-service that deals' accounts are checked with, for every test of this service (GLOBAL scope).
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "opportunity_service"))
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "topics", value = "opportunity-events,account-events,feedback-events"))
@WithTestResource(value = TokenVerificationTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AccountServiceTestResource.class, scope = TestResourceScope.GLOBAL)
class RealServersTest extends RealServersContract {

    @Override
    protected String aMigratedTable() {
        return "event_store";
    }
}
