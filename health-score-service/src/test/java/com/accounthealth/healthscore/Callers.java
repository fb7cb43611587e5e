package com.accounthealth.healthscore;

import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.testsupport.WriterServices;
import com.accounthealth.webapi.security.Roles;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** The calling systems of these tests, each with the scopes it would have in production. */
final class Callers {

    private Callers() {
    }

    /** A BI dashboard reading health. */
    static RequestSpecification healthReader() {
        return TestTokens.as("bi-dashboard", Roles.HEALTH_READ);
    }

    /** An operator re-scoring the portfolio. */
    static RequestSpecification healthAdmin() {
        return TestTokens.as("ops-console", Roles.HEALTH_ADMIN).contentType(ContentType.JSON);
    }

    /** The CRM sync writing accounts to the real account-service. */
    static RequestSpecification accountService() {
        return TestTokens.as("crm-sync", Roles.ACCOUNTS_WRITE, Roles.ACCOUNTS_READ)
                .baseUri(WriterServices.accountServiceUrl()).contentType(ContentType.JSON);
    }

    /** The CRM sync writing deals to the real opportunity-service. */
    static RequestSpecification opportunityService() {
        return TestTokens.as("crm-sync", Roles.OPPORTUNITIES_WRITE, Roles.OPPORTUNITIES_READ, Roles.ACCOUNTS_READ)
                .baseUri(WriterServices.opportunityServiceUrl()).contentType(ContentType.JSON);
    }
}
