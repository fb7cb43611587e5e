package com.accounthealth.opportunity;

import com.accounthealth.testsupport.BrokerOutageContract;
import com.accounthealth.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

@QuarkusTest
class BrokerOutageTest extends BrokerOutageContract {

    @Override
    protected Runnable servedWhileTheBrokerIsDown() {
        String account = UUID.randomUUID().toString();
        OpportunityApiTest.open(account, "ae-1", "team-1", "UPSELL", 1000, "EUR", "QUALIFIED", 1);
        return () -> {
            try (TopicReader reader = new TopicReader(List.of("opportunity-events"))) {
                reader.awaitRecords(r -> r.key().equals(account), 1, Duration.ofSeconds(60));
            }
        };
    }
}
