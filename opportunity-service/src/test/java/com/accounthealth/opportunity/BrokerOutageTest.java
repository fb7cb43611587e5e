package com.accounthealth.opportunity;

import com.accounthealth.testsupport.BrokerOutageContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class BrokerOutageTest extends BrokerOutageContract {
}
