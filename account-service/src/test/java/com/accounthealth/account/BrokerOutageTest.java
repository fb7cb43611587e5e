package com.accounthealth.account;

import com.accounthealth.testsupport.BrokerOutageContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class BrokerOutageTest extends BrokerOutageContract {
}
