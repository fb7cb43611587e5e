package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.DealStage;
import com.accounthealth.healthscore.domain.AccountFacts.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static com.accounthealth.healthscore.domain.AccountFacts.DealType.CROSS_SELL;
import static com.accounthealth.healthscore.domain.AccountFacts.DealType.NEW_BUSINESS;
import static com.accounthealth.healthscore.domain.AccountFacts.DealType.RENEWAL;
import static com.accounthealth.healthscore.domain.AccountFacts.DealType.UPSELL;
import static com.accounthealth.healthscore.domain.TestFacts.MODEL;
import static com.accounthealth.healthscore.domain.TestFacts.NOW;
import static com.accounthealth.healthscore.domain.TestFacts.account;
import static com.accounthealth.healthscore.domain.TestFacts.deal;
import static com.accounthealth.healthscore.domain.TestFacts.unknownProfile;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commercial, model v1: -40 for a renewal within 90 days without a RENEWAL deal at PROPOSAL or later; -15 per open
 * deal slipped twice or more; -10 per open deal without a stage change for over 60 days; floor 0; then x the share
 * of the growth target reached by this year's won plus open expansion (at most 1). NOW is 2025-06-15.
 */
class CommercialTest {

    private static Health.ComponentScore score(TestFacts.Builder facts) {
        return Commercial.score(facts.build(), NOW, MODEL);
    }

    private static List<Integer> points(Health.ComponentScore c, String rule) {
        return c.reasons().stream().filter(r -> r.rule().equals(rule)).map(Health.Reason::points).toList();
    }

    @Test
    void noDataWithoutAProfileAndFullWithNothingWrong() {
        assertThat(score(unknownProfile().deal(deal(UPSELL, 1).slips(5))).score()).isNull();
        Health.ComponentScore clean = score(account(Tier.SMB));
        assertThat(clean.score()).isEqualTo(100);
        assertThat(clean.weight()).isEqualTo(15);
        assertThat(clean.reasons()).isEmpty();
    }

    @ParameterizedTest(name = "renewal in {0} days scores {1}")
    @CsvSource({"91, 100", "90, 60", "30, 60", "0, 60", "-1, 100"})
    void anUncoveredRenewalWithin90DaysCosts40(int days, int expected) {
        Health.ComponentScore commercial = score(account(Tier.SMB).renewalInDays(days));

        assertThat(commercial.score()).isEqualTo(expected);
        if (expected < 100) {
            Health.Reason reason = commercial.reasons().getFirst();
            assertThat(reason.rule()).isEqualTo("RenewalUncovered");
            assertThat(reason.points()).isEqualTo(-40);
            assertThat(reason.sentence()).startsWith("Renewal in " + days + " days").contains("within 90")
                    .contains("no renewal opportunity at proposal or later");
        }
    }

    @ParameterizedTest(name = "a renewal deal at {0} scores {1}")
    @CsvSource({"QUALIFIED, 60", "DEMO, 60", "PROPOSAL, 100", "NEGOTIATION, 100"})
    void aRenewalDealAtProposalOrLaterCoversIt(DealStage stage, int expected) {
        assertThat(score(account(Tier.SMB).renewalInDays(30).deal(deal(RENEWAL, 100_000).stage(stage))).score())
                .isEqualTo(expected);
    }

    @Test
    void onlyAnOpenRenewalDealCovers() {
        assertThat(score(account(Tier.SMB).renewalInDays(30).deal(deal(UPSELL, 1).stage(DealStage.PROPOSAL)))
                .score()).isEqualTo(60);
        assertThat(score(account(Tier.SMB).renewalInDays(30).deal(deal(RENEWAL, 1).lostDaysAgo(2, "PRICE", null)))
                .score()).isEqualTo(60);
    }

    @Test
    void oneSlipIsFineTwoCost15() {
        assertThat(score(account(Tier.SMB).deal(deal(NEW_BUSINESS, 1).slips(1))).score()).isEqualTo(100);

        TestFacts.Builder facts = account(Tier.SMB).deal(deal(NEW_BUSINESS, 1).named("Platform").slips(2));
        Health.ComponentScore slipped = score(facts);
        assertThat(slipped.score()).isEqualTo(85);
        assertThat(slipped.reasons().getFirst()).isEqualTo(new Health.Reason("DealSlippedRepeatedly",
                "Deal 'Platform' slipped its close date 2 times: -15", -15, List.of(facts.lastEvent())));
    }

    @Test
    void closedDealsNeitherSlipNorStall() {
        assertThat(score(account(Tier.SMB).deal(deal(NEW_BUSINESS, 1).slips(3).openedDaysAgo(200)
                .lostDaysAgo(100, "PRICE", null))).score()).isEqualTo(100);
    }

    @Test
    void noStageChangeFor60DaysIsFine61Costs10() {
        assertThat(score(account(Tier.SMB).deal(deal(NEW_BUSINESS, 1).openedDaysAgo(100).stageChangedDaysAgo(60)))
                .score()).isEqualTo(100);

        Health.ComponentScore stalled = score(account(Tier.SMB).deal(deal(NEW_BUSINESS, 1).named("Platform")
                .openedDaysAgo(61)));
        assertThat(stalled.score()).isEqualTo(90);
        assertThat(stalled.reasons().getFirst()).extracting(Health.Reason::rule, Health.Reason::sentence,
                Health.Reason::points).containsExactly("DealStalled",
                "Deal 'Platform' has not changed stage for 61 days (over 60): -10", -10);
    }

    @Test
    void penaltiesAddUpAndFloorAtZero() {
        TestFacts.Builder facts = account(Tier.SMB).renewalInDays(10);
        for (int i = 0; i < 3; i++) {
            facts.deal(deal(NEW_BUSINESS, 1).slips(2).openedDaysAgo(100));
        }
        Health.ComponentScore commercial = score(facts);

        // 40 + 3 x (15 + 10) = 115
        assertThat(commercial.score()).isZero();
        assertThat(points(commercial, "DealSlippedRepeatedly")).containsExactly(-15, -15, -15);
        assertThat(points(commercial, "DealStalled")).containsExactly(-10, -10, -10);
    }

    @Test
    void expansionBelowTheGrowthTargetScalesTheScore() {
        // target: 10% of EUR 100,000 = 10,000; this year's won upsell 4,000 + open cross-sell 2,000 = 60%
        Health.ComponentScore commercial = score(account(Tier.SMB).growthTarget(10)
                .deal(deal(UPSELL, 4_000).wonAt(Instant.parse("2025-01-10T09:00:00Z")))
                .deal(deal(CROSS_SELL, 2_000))
                .deal(deal(UPSELL, 50_000).wonAt(Instant.parse("2024-12-31T23:00:00Z")))  // last year
                .deal(deal(UPSELL, 50_000).lostDaysAgo(5, "PRICE", null))
                .deal(deal(NEW_BUSINESS, 50_000).wonDaysAgo(5))
                .deal(deal(UPSELL, 50_000).currency("USD")));                              // not EUR

        assertThat(commercial.score()).isEqualTo(60);
        Health.Reason reason = commercial.reasons().getFirst();
        assertThat(reason.rule()).isEqualTo("ExpansionBelowTarget");
        assertThat(reason.points()).isEqualTo(-40);
        assertThat(reason.sentence()).isEqualTo("Expansion this year is EUR 6,000 (won EUR 4,000, open EUR 2,000), "
                + "60% of the 10% growth target of EUR 10,000: 100 x 60% = 60");
    }

    @Test
    void theGrowthFactorAppliesAfterThePenaltiesAndRoundsHalfUp() {
        // (100 - 15) x 5,000 / 10,000 = 42.5
        assertThat(score(account(Tier.SMB).growthTarget(10).deal(deal(NEW_BUSINESS, 1).slips(2))
                .deal(deal(UPSELL, 5_000))).score()).isEqualTo(43);
    }

    @Test
    void reachingTheTargetOrHavingNoneLeavesTheScore() {
        assertThat(score(account(Tier.SMB).growthTarget(10).deal(deal(UPSELL, 10_000))).score()).isEqualTo(100);
        assertThat(score(account(Tier.SMB).growthTarget(10).deal(deal(UPSELL, 30_000))).reasons()).isEmpty();
        assertThat(score(account(Tier.SMB).growthTarget(null)).score()).isEqualTo(100);
        assertThat(score(account(Tier.SMB).growthTarget(0)).score()).isEqualTo(100);
        assertThat(score(account(Tier.SMB).growthTarget(15)).score()).isZero();
    }
}
