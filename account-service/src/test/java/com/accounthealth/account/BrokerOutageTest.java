package com.accounthealth.account;

import com.accounthealth.testsupport.BrokerOutageContract;
import com.accounthealth.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;

import java.time.Duration;
import java.util.List;

@QuarkusTest
class BrokerOutageTest extends BrokerOutageContract {

    @Override
    protected Runnable servedWhileTheBrokerIsDown() {
        String id = AccountApiTest.openAccount();
        return () -> {
            try (TopicReader reader = new TopicReader(List.of("account-events"))) {
                reader.awaitRecords(r -> r.key().equals(id), 1, Duration.ofSeconds(60));
            }
        };
    }
}
