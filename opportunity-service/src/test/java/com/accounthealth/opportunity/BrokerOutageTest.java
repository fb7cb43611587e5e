package com.accounthealth.opportunity;

import com.accounthealth.testsupport.BrokerOutageContract;
import com.accounthealth.testsupport.TopicReader;
import com.accounthealth.testsupport.WriterServices;
import io.quarkus.test.junit.QuarkusTest;

import java.time.Duration;
import java.util.List;

@QuarkusTest
class BrokerOutageTest extends BrokerOutageContract {

    @Override
    protected Runnable servedWhileTheBrokerIsDown() {
        // account-service (a process of its own) takes the account into its outbox: the broker is not needed for it.
        String account = WriterServices.openAccount("team-1");
        OpportunityApiTest.open(account, "ae-1", "team-1", "UPSELL", 1000, "EUR", "QUALIFIED", 1);
        return () -> {
            try (TopicReader reader = new TopicReader(List.of("opportunity-events"))) {
                reader.awaitRecords(r -> r.key().equals(account), 1, Duration.ofSeconds(60));
            }
        };
    }
}
