package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.Tier;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static com.accounthealth.healthscore.domain.AccountFacts.ContactRole.DECISION_MAKER;
import static com.accounthealth.healthscore.domain.AccountFacts.DealStage.PROPOSAL;
import static com.accounthealth.healthscore.domain.AccountFacts.DealType.NEW_BUSINESS;
import static com.accounthealth.healthscore.domain.AccountFacts.DealType.UPSELL;
import static com.accounthealth.healthscore.domain.AccountFacts.InteractionType.CALL;
import static com.accounthealth.healthscore.domain.AccountFacts.InteractionType.MEETING;
import static com.accounthealth.healthscore.domain.TestFacts.MODEL;
import static com.accounthealth.healthscore.domain.TestFacts.NOW;
import static com.accounthealth.healthscore.domain.TestFacts.account;
import static com.accounthealth.healthscore.domain.TestFacts.deal;
import static com.accounthealth.healthscore.domain.TestFacts.unknownProfile;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Competition, model v1: per competitor seen in 180 days -20, -15 if it offers a capability we lack, -15 if seen at a
 * team nobody met in 90 days; -10 per open deal with a competitor; -20 per deal lost to a competitor in 365 days.
 */
class CompetitionTest {

    private static Health.ComponentScore score(TestFacts.Builder facts) {
        return Competition.score(facts.build(), NOW, MODEL);
    }

    private static List<Integer> points(Health.ComponentScore c, String rule) {
        return c.reasons().stream().filter(r -> r.rule().equals(rule)).map(Health.Reason::points).toList();
    }

    private static Health.Reason reason(Health.ComponentScore c, String rule) {
        return c.reasons().stream().filter(r -> r.rule().equals(rule)).findFirst().orElseThrow();
    }

    /** Finance met 5 days ago; IT known but not met. */
    private static TestFacts.Builder financeMet() {
        return account(Tier.ENTERPRISE).team("Finance").team("IT").contact("Ada", DECISION_MAKER, "Finance")
                .interaction(MEETING, 5, "Ada");
    }

    @Test
    void scoredWhenTheProfileIsKnownAndFullWithoutCompetitors() {
        assertThat(score(unknownProfile().team("IT").sighting("Initech", "IT", 5)).score()).isNull();
        Health.ComponentScore clean = score(account(Tier.SMB));
        assertThat(clean.score()).isEqualTo(100);
        assertThat(clean.reasons()).isEmpty();
    }

    @Test
    void aCompetitorSeen180DaysAgoCostsTwentyButNotAt181() {
        TestFacts.Builder at180 = financeMet().sighting("Initech", "Finance", 180, "sso");
        UUID sighting = at180.lastEvent();

        Health.ComponentScore present = score(at180);
        assertThat(present.score()).isEqualTo(80);
        assertThat(reason(present, "CompetitorPresent")).isEqualTo(new Health.Reason("CompetitorPresent",
                "Initech was seen at the account 180 days ago (within 180 days): -20", -20, List.of(sighting)));
        assertThat(score(financeMet().sighting("Initech", "Finance", 181, "sso")).score()).isEqualTo(100);
    }

    @Test
    void eachDistinctCompetitorCountsOnce() {
        Health.ComponentScore competition = score(financeMet().sighting("Initech", "Finance", 50)
                .sighting("Initech", "Finance", 5).sighting("Globex", "Finance", 20));

        assertThat(competition.score()).isEqualTo(60);
        assertThat(points(competition, "CompetitorPresent")).containsExactly(-20, -20);
        assertThat(reason(competition, "CompetitorPresent").eventIds()).hasSize(2);
    }

    @Test
    void aCapabilityWeLackCostsFifteenOncePerCompetitor() {
        assertThat(score(financeMet().sighting("Initech", "Finance", 5, "sso", " Reporting ")).score()).isEqualTo(80);

        Health.ComponentScore lacking = score(financeMet().sighting("Initech", "Finance", 5, "sso", "ai-assistant")
                .sighting("Initech", "Finance", 3, "offline-mode"));
        assertThat(lacking.score()).isEqualTo(65);
        assertThat(points(lacking, "CapabilityWeLack")).containsExactly(-15);
        assertThat(reason(lacking, "CapabilityWeLack").sentence())
                .isEqualTo("Initech offers ai-assistant, offline-mode, which we lack: -15");
    }

    @Test
    void aCompetitorAtATeamNobodyMetIn90DaysCostsFifteen() {
        assertThat(score(financeMet().teamInteraction(CALL, 90, "IT").sighting("Initech", "IT", 5)).score())
                .isEqualTo(80);

        Health.ComponentScore unmet = score(financeMet().teamInteraction(CALL, 91, "IT").sighting("Initech", "IT", 5));
        assertThat(unmet.score()).isEqualTo(65);
        assertThat(points(unmet, "CompetitorAtUnmetTeam")).containsExactly(-15);
        assertThat(reason(unmet, "CompetitorAtUnmetTeam").sentence())
                .isEqualTo("Initech was seen at IT, where we met nobody in 90 days: -15");
    }

    @Test
    void aSightingWithoutATeamCostsNoUnmetTeamPoints() {
        assertThat(score(financeMet().sighting("Initech", null, 5)).score()).isEqualTo(80);
    }

    @Test
    void tenPerOpenDealWithACompetitorEngaged() {
        Health.ComponentScore competition = score(account(Tier.SMB)
                .deal(deal(UPSELL, 10_000).named("Add-on").competitors("Initech", "Globex"))
                .deal(deal(NEW_BUSINESS, 10_000).competitors("Initech").stage(PROPOSAL))
                .deal(deal(NEW_BUSINESS, 10_000))
                .deal(deal(NEW_BUSINESS, 10_000).competitors("Initech").wonDaysAgo(3)));

        assertThat(competition.score()).isEqualTo(80);
        assertThat(points(competition, "DealWithCompetitor")).containsExactly(-10, -10);
        assertThat(reason(competition, "DealWithCompetitor").sentence())
                .isEqualTo("Open deal 'Add-on' is contested by Initech, Globex: -10");
    }

    @Test
    void aDealLostToACompetitorCostsTwentyFor365Days() {
        TestFacts.Builder at365 = account(Tier.SMB)
                .deal(deal(UPSELL, 50_000).named("AI add-on").lostDaysAgo(365, "COMPETITOR", "Initech"));
        UUID lossEvent = at365.lastEvent();

        Health.ComponentScore lost = score(at365);
        assertThat(lost.score()).isEqualTo(80);
        assertThat(reason(lost, "DealLostToCompetitor")).isEqualTo(new Health.Reason("DealLostToCompetitor",
                "Deal 'AI add-on' was lost to Initech 365 days ago (within 365 days): -20", -20, List.of(lossEvent)));
        assertThat(score(account(Tier.SMB).deal(deal(UPSELL, 50_000).lostDaysAgo(366, "COMPETITOR", "Initech")))
                .score()).isEqualTo(100);
    }

    @Test
    void lostToACompetitorMeansReasonCompetitorOrANamedCompetitor() {
        assertThat(score(account(Tier.SMB).deal(deal(UPSELL, 1).lostDaysAgo(10, "COMPETITOR", null))).score())
                .isEqualTo(80);
        assertThat(score(account(Tier.SMB).deal(deal(UPSELL, 1).lostDaysAgo(10, "PRICE", "Globex"))).score())
                .isEqualTo(80);
        assertThat(score(account(Tier.SMB).deal(deal(UPSELL, 1).lostDaysAgo(10, "PRICE", null))).score())
                .isEqualTo(100);
    }

    @Test
    void theStoryOfInitechAtIt() {
        // 100 - 20 (present) - 15 (ai-assistant, which we lack) - 15 (seen at IT, unmet) - 20 (a deal lost to it)
        Health.ComponentScore competition = score(financeMet().sighting("Initech", "IT", 5, "ai-assistant")
                .deal(deal(UPSELL, 50_000).lostDaysAgo(3, "COMPETITOR", "Initech", "ai-assistant")));

        assertThat(competition.score()).isEqualTo(30);
        assertThat(competition.reasons()).extracting(Health.Reason::rule).containsExactly("CompetitorPresent",
                "CapabilityWeLack", "CompetitorAtUnmetTeam", "DealLostToCompetitor");
    }

    @Test
    void neverBelowZero() {
        Health.ComponentScore competition = score(financeMet().sighting("Initech", "IT", 5, "ai")
                .sighting("Globex", "IT", 5, "ml").sighting("Hooli", "IT", 5, "vr"));

        // 3 x (20 + 15 + 15) = 150
        assertThat(competition.score()).isZero();
    }
}
