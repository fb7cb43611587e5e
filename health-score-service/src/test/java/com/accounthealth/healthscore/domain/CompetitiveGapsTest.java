package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.Tier;
import com.accounthealth.healthscore.domain.CompetitiveGaps.CapabilityAtStake;
import com.accounthealth.healthscore.domain.CompetitiveGaps.Gap;
import com.accounthealth.healthscore.domain.CompetitiveGaps.WinRate;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import static com.accounthealth.healthscore.domain.AccountFacts.ContactRole.DECISION_MAKER;
import static com.accounthealth.healthscore.domain.AccountFacts.DealType.NEW_BUSINESS;
import static com.accounthealth.healthscore.domain.AccountFacts.DealType.UPSELL;
import static com.accounthealth.healthscore.domain.AccountFacts.InteractionType.CALL;
import static com.accounthealth.healthscore.domain.AccountFacts.InteractionType.MEETING;
import static com.accounthealth.healthscore.domain.TestFacts.MODEL;
import static com.accounthealth.healthscore.domain.TestFacts.NOW;
import static com.accounthealth.healthscore.domain.TestFacts.account;
import static com.accounthealth.healthscore.domain.TestFacts.deal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Competitive gaps, model v1: competitors seen in 180 days, what they offer that the catalogue (forecasting, sso,
 * mobile-app, reporting, integrations) lacks, teams nobody met in 90 days; portfolio ranking and win rates.
 */
class CompetitiveGapsTest {

    /** Finance met 5 days ago; IT known but not met. */
    private static TestFacts.Builder financeMet() {
        return account(Tier.ENTERPRISE).team("Finance").team("IT").contact("Ada", DECISION_MAKER, "Finance")
                .interaction(MEETING, 5, "Ada");
    }

    @Test
    void perAccountOneGapPerCompetitorPresent() {
        TestFacts.Builder facts = financeMet().sighting("Initech", "IT", 20, "ai-assistant", "sso");
        UUID first = facts.lastEvent();
        facts.sighting("Initech", "Finance", 5, "AI-Assistant ", "offline-mode");
        UUID second = facts.lastEvent();
        facts.sighting("Globex", "Finance", 10, "reporting");
        UUID globex = facts.lastEvent();
        facts.sighting("Hooli", "IT", 181, "vr");

        CompetitiveGaps.AccountGaps gaps = CompetitiveGaps.of(facts.build(), NOW, MODEL);

        assertThat(gaps.accountId()).isEqualTo(facts.accountId());
        assertThat(gaps.gaps()).containsExactly(
                new Gap("Initech", List.of("ai-assistant", "offline-mode"), List.of(facts.id("IT")),
                        List.of(first, second)),
                new Gap("Globex", List.of(), List.of(), List.of(globex)));
    }

    @Test
    void aTeamMet90DaysAgoIsARelationshipButNot91() {
        assertThat(CompetitiveGaps.of(financeMet().teamInteraction(CALL, 90, "IT").sighting("Initech", "IT", 5)
                .build(), NOW, MODEL).gaps().getFirst().unmetClientTeams()).isEmpty();
        TestFacts.Builder at91 = financeMet().teamInteraction(CALL, 91, "IT").sighting("Initech", "IT", 5);
        assertThat(CompetitiveGaps.of(at91.build(), NOW, MODEL).gaps().getFirst().unmetClientTeams())
                .containsExactly(at91.id("IT"));
    }

    @Test
    void aCompetitorSeen180DaysAgoIsPresentButNot181() {
        assertThat(CompetitiveGaps.of(financeMet().sighting("Initech", "IT", 180).build(), NOW, MODEL).gaps())
                .hasSize(1);
        assertThat(CompetitiveGaps.of(financeMet().sighting("Initech", "IT", 181).build(), NOW, MODEL).gaps())
                .isEmpty();
    }

    @Test
    void capabilitiesRankByRevenueAtStakeThenByNameAndAWinRateIsWonOverClosed() {
        CompetitiveGaps.Portfolio portfolio = CompetitiveGaps.portfolio(List.of(
                CompetitiveGaps.atStake("sso", new BigDecimal("100"), 1, new BigDecimal("50"), 1),
                CompetitiveGaps.atStake("audit-log", new BigDecimal("150"), 2, BigDecimal.ZERO, 0),
                CompetitiveGaps.atStake("offline-mode", new BigDecimal("10"), 1, new BigDecimal("500"), 3)),
                List.of(CompetitiveGaps.winRate("Initech", 1, 2), CompetitiveGaps.winRate("Globex", 1, 1)));
        List<CapabilityAtStake> ranked = portfolio.capabilities();

        assertThat(ranked).extracting(CapabilityAtStake::capability).containsExactly("offline-mode", "audit-log", "sso");
        assertThat(ranked.getFirst().revenueAtStake()).isEqualByComparingTo("510");
        assertThat(portfolio.winRates()).extracting(WinRate::competitor).containsExactly("Globex", "Initech");
        assertThat(portfolio.winRates().get(1).winRate()).isCloseTo(1.0 / 3, within(1e-9));
    }
}
