package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static com.accounthealth.healthscore.domain.AccountFacts.InteractionType.BUSINESS_REVIEW;
import static com.accounthealth.healthscore.domain.AccountFacts.InteractionType.CALL;
import static com.accounthealth.healthscore.domain.AccountFacts.InteractionType.EMAIL;
import static com.accounthealth.healthscore.domain.TestFacts.MODEL;
import static com.accounthealth.healthscore.domain.TestFacts.NOW;
import static com.accounthealth.healthscore.domain.TestFacts.account;
import static com.accounthealth.healthscore.domain.TestFacts.unknownProfile;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Engagement, model v1: cadence STRATEGIC 30, ENTERPRISE 45, MID_MARKET 60, SMB 90 days; 100 within it, linear to 0
 * at 3x; STRATEGIC and ENTERPRISE lose 30 more without a business review in 90 days.
 */
class EngagementTest {

    private static Health.ComponentScore score(TestFacts.Builder facts) {
        return Engagement.score(facts.build(), NOW, MODEL);
    }

    private static List<Integer> points(Health.ComponentScore c, String rule) {
        return c.reasons().stream().filter(r -> r.rule().equals(rule)).map(Health.Reason::points).toList();
    }

    @Test
    void noDataWithoutATierOrWithoutAnyInteraction() {
        assertThat(score(unknownProfile().team("Finance").teamInteraction(CALL, 1, "Finance")).score()).isNull();
        assertThat(score(account(Tier.SMB)).score()).isNull();
    }

    @ParameterizedTest(name = "{0}: {1} days silent scores {2}")
    @CsvSource({
            "STRATEGIC, 30, 100", "STRATEGIC, 31, 98",    // 100 x (90 - 31) / 60 = 98.3
            "ENTERPRISE, 45, 100", "ENTERPRISE, 46, 99",  // 100 x (135 - 46) / 90 = 98.9
            "MID_MARKET, 60, 100", "MID_MARKET, 61, 99",  // 100 x (180 - 61) / 120 = 99.2
            "SMB, 90, 100", "SMB, 91, 99"})               // 100 x (270 - 91) / 180 = 99.4
    void fullWithinTheTiersCadenceAndFallingTheDayAfter(Tier tier, int days, int expected) {
        // the last interaction is itself a business review, so the review rule stays out of it
        Health.ComponentScore engagement = score(account(tier).interaction(BUSINESS_REVIEW, days));

        assertThat(engagement.score()).isEqualTo(expected);
        assertThat(points(engagement, "Silence")).containsExactly(expected - 100);
        assertThat(engagement.reasons().getFirst().sentence()).contains(days + " days ago")
                .contains("every " + MODEL.engagement().cadenceDays().get(tier) + " days");
    }

    @ParameterizedTest(name = "strategic silent {0} days scores {1}")
    @CsvSource({"60, 50", "89, 2", "90, 0", "100, 0"})
    void fallsLinearlyToZeroAtThreeCadences(int days, int expected) {
        assertThat(score(account(Tier.STRATEGIC).interaction(BUSINESS_REVIEW, days)).score()).isEqualTo(expected);
    }

    @Test
    void silenceSentenceNamesTheDaysAndTheCadence() {
        Health.ComponentScore engagement = score(account(Tier.STRATEGIC).interaction(BUSINESS_REVIEW, 75));

        // 100 x (90 - 75) / 60 = 25
        assertThat(engagement.score()).isEqualTo(25);
        assertThat(engagement.reasons().getFirst()).extracting(Health.Reason::rule, Health.Reason::sentence,
                Health.Reason::points).containsExactly("Silence",
                "Last interaction 75 days ago — strategic accounts expect one every 30 days: 25 of 100", -75);
    }

    @Test
    void businessReviewCountsUpTo90DaysAndCosts30From91() {
        TestFacts.Builder at90 = account(Tier.ENTERPRISE).interaction(BUSINESS_REVIEW, 90).interaction(CALL, 5);
        TestFacts.Builder at91 = account(Tier.ENTERPRISE).interaction(BUSINESS_REVIEW, 91);
        java.util.UUID review = at91.lastEvent();
        at91.interaction(CALL, 5);

        assertThat(score(at90).score()).isEqualTo(100);
        Health.ComponentScore overdue = score(at91);
        assertThat(overdue.score()).isEqualTo(70);
        Health.Reason reason = overdue.reasons().get(1);
        assertThat(reason.rule()).isEqualTo("BusinessReviewOverdue");
        assertThat(reason.points()).isEqualTo(-30);
        assertThat(reason.sentence()).isEqualTo("Last business review 91 days ago — enterprise accounts expect one every 90");
        assertThat(reason.eventIds()).containsExactly(review);
    }

    @Test
    void aStrategicAccountWithoutAnyBusinessReviewLoses30() {
        Health.ComponentScore engagement = score(account(Tier.STRATEGIC).interaction(EMAIL, 10));

        assertThat(engagement.score()).isEqualTo(70);
        assertThat(points(engagement, "BusinessReviewOverdue")).containsExactly(-30);
        assertThat(engagement.reasons().get(1).sentence()).contains("No business review").contains("every 90 days");
    }

    @Test
    void sentenceInTheSpiritOfTheSeeds() {
        Health.ComponentScore engagement = score(account(Tier.STRATEGIC).interaction(BUSINESS_REVIEW, 127)
                .interaction(CALL, 10));

        assertThat(engagement.reasons().get(1).sentence())
                .isEqualTo("Last business review 127 days ago — strategic accounts expect one every 90");
    }

    @ParameterizedTest(name = "{0} needs no business review")
    @CsvSource({"MID_MARKET", "SMB"})
    void midMarketAndSmbNeedNoBusinessReview(Tier tier) {
        Health.ComponentScore engagement = score(account(tier).interaction(CALL, 10));

        assertThat(engagement.score()).isEqualTo(100);
        assertThat(points(engagement, "BusinessReviewOverdue")).isEmpty();
    }

    @Test
    void neverBelowZero() {
        // 100 x (90 - 80) / 60 = 16.7 -> 17, minus 30 for no business review: floored at 0
        Health.ComponentScore engagement = score(account(Tier.STRATEGIC).interaction(CALL, 80));

        assertThat(engagement.score()).isZero();
        assertThat(engagement.reasons()).extracting(Health.Reason::points).containsExactly(-83, -30);
    }
}
