package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.Severity;
import com.accounthealth.healthscore.domain.AccountFacts.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static com.accounthealth.healthscore.domain.TestFacts.MODEL;
import static com.accounthealth.healthscore.domain.TestFacts.NOW;
import static com.accounthealth.healthscore.domain.TestFacts.account;
import static com.accounthealth.healthscore.domain.TestFacts.unknownProfile;
import static org.assertj.core.api.Assertions.assertThat;

/** Support, model v1: -25 per open HIGH/CRITICAL issue, -10 per issue open over 14 days; floor 0. */
class SupportTest {

    private static Health.ComponentScore score(TestFacts.Builder facts) {
        return Support.score(facts.build(), NOW, MODEL);
    }

    @Test
    void scoredWhenTheProfileIsKnownEvenWithoutIssues() {
        assertThat(score(unknownProfile().issue(Severity.HIGH, 1)).score()).isNull();
        Health.ComponentScore none = score(account(Tier.SMB));
        assertThat(none.score()).isEqualTo(100);
        assertThat(none.weight()).isEqualTo(10);
        assertThat(none.reasons()).isEmpty();
    }

    @ParameterizedTest(name = "an open {0} issue scores {1}")
    @CsvSource({"LOW, 100", "MEDIUM, 100", "HIGH, 75", "CRITICAL, 75"})
    void openHighOrCriticalIssuesCost25(Severity severity, int expected) {
        Health.ComponentScore support = score(account(Tier.SMB).issue(severity, 3));

        assertThat(support.score()).isEqualTo(expected);
        if (expected < 100) {
            assertThat(support.reasons().getFirst()).extracting(Health.Reason::rule, Health.Reason::points)
                    .containsExactly("OpenSevereIssue", -25);
            assertThat(support.reasons().getFirst().sentence()).startsWith(severity + " issue").endsWith("-25");
        }
    }

    @Test
    void resolvedIssuesCostNothing() {
        assertThat(score(account(Tier.SMB).resolvedIssue(Severity.CRITICAL, 40, 1)).score()).isEqualTo(100);
    }

    @Test
    void anIssueOpen14DaysIsFineAnd15CostsTen() {
        assertThat(score(account(Tier.SMB).issue(Severity.MEDIUM, 14)).score()).isEqualTo(100);

        TestFacts.Builder facts = account(Tier.SMB).issue(Severity.MEDIUM, 15);
        Health.ComponentScore longOpen = score(facts);
        assertThat(longOpen.score()).isEqualTo(90);
        assertThat(longOpen.reasons().getFirst()).isEqualTo(new Health.Reason("IssueOpenTooLong",
                "Issue 'MEDIUM issue' has been open 15 days (over 14): -10", -10, List.of(facts.lastEvent())));
    }

    @Test
    void aSevereIssueOpenTooLongCostsBoth() {
        Health.ComponentScore support = score(account(Tier.SMB).issue(Severity.HIGH, 20).issue(Severity.LOW, 30));

        assertThat(support.score()).isEqualTo(55);
        assertThat(support.reasons()).extracting(Health.Reason::points).containsExactly(-25, -10, -10);
    }

    @Test
    void neverBelowZero() {
        assertThat(score(account(Tier.SMB).issue(Severity.CRITICAL, 1).issue(Severity.CRITICAL, 1)
                .issue(Severity.HIGH, 1).issue(Severity.HIGH, 1).issue(Severity.HIGH, 1)).score()).isZero();
    }
}
