package com.accounthealth.account;

import com.accounthealth.testsupport.PublishedOpenApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The API as it runs is the one published in openapi.json, and changes only compatibly within a major version. */
@QuarkusTest
class PublishedOpenApiTest {

    @Test
    void theRunningApiIsThePublishedOne() throws Exception {
        PublishedOpenApi.verify();
    }
}
