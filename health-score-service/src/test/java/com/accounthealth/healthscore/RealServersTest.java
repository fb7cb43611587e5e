package com.accounthealth.healthscore;

import com.accounthealth.healthscore.notification.SmtpServer;
import com.accounthealth.testsupport.KafkaTestResource;
import com.accounthealth.testsupport.PostgresTestResource;
import com.accounthealth.testsupport.RealServersContract;
import com.accounthealth.testsupport.TokenVerificationTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The real PostgreSQL and Kafka of this test JVM, the key its test tokens are verified with, and the SMTP server its
 * e-mail goes to, for every test of this service (GLOBAL scope).
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "health_score_service"))
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "topics", value = "account-events,feedback-events,opportunity-events,account-health-alerts,account-health-changes,health-score-dead-letters"))
@WithTestResource(value = TokenVerificationTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SmtpServer.class, scope = TestResourceScope.GLOBAL)
class RealServersTest extends RealServersContract {

    @Override
    protected String aMigratedTable() {
        return "inbox";
    }
}
