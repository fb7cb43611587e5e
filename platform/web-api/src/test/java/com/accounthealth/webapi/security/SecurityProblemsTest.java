package com.accounthealth.webapi.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityProblemsTest {

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJtYXRyaXgifQ.kjV7Jmel-TSLKhTUarSVM3zc";

    @Test
    void aRefusalIsLoggedWithItsReasonButNeverTheToken() {
        Exception refused = new RuntimeException("outer", new IllegalStateException(
                "JWT rejected due to invalid signature. [[9] Invalid JWS Signature: JsonWebSignature{\"alg\":\"RS256\"}->"
                        + TOKEN + "]"));
        assertThat(SecurityProblems.reason(refused))
                .startsWith("IllegalStateException: JWT rejected due to invalid signature.")
                .endsWith("->" + "<token>]")
                .doesNotContain(TOKEN).doesNotContain("kjV7Jmel");
    }
}
