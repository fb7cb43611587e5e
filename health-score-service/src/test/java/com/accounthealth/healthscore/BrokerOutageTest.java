package com.accounthealth.healthscore;

import com.accounthealth.testsupport.BrokerOutageContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class BrokerOutageTest extends BrokerOutageContract {
}
