package com.accounthealth.account;

import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.webapi.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parser Quarkus authenticates bearer tokens with remembers those it verified, and only those. */
@QuarkusTest
class RememberedTokensTest {

    @Inject
    JWTParser parser;

    @Test
    void aValidTokenIsVerifiedOnceAndRecalledAfterwards() throws ParseException {
        String token = TestTokens.token("crm-sync", Roles.ACCOUNTS_READ);
        JsonWebToken first = parser.parse(token);
        assertThat(first.getSubject()).isEqualTo("crm-sync");
        assertThat(parser.parse(token)).isSameAs(first);
    }

    @Test
    void refusedTokensAreRefusedEveryTime() {
        for (String refused : new String[] {TestTokens.signedByStranger("crm-sync", Roles.ACCOUNTS_READ),
                TestTokens.expired("crm-sync", Roles.ACCOUNTS_READ)}) {
            assertThatThrownBy(() -> parser.parse(refused)).isInstanceOf(ParseException.class);
            assertThatThrownBy(() -> parser.parse(refused)).isInstanceOf(ParseException.class);
        }
    }
}
