package com.accounthealth.account;

import com.accounthealth.testsupport.KafkaTestResource;
import com.accounthealth.testsupport.PostgresTestResource;
import com.accounthealth.testsupport.RealServersContract;
import com.accounthealth.testsupport.TokenVerificationTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The real PostgreSQL and Kafka of this test JVM, and the key its test tokens are verified with, for every test of
 * this service (GLOBAL scope).
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "account_service"))
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "topics", value = "account-events,feedback-events"))
@WithTestResource(value = TokenVerificationTestResource.class, scope = TestResourceScope.GLOBAL)
class RealServersTest extends RealServersContract {

    @Override
    protected String aMigratedTable() {
        return "event_store";
    }
}
