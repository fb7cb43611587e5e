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
    void capabilitiesAreRankedByArrAtStakePlusDealsLostForLackingThem() {
        AccountFacts big = account(Tier.STRATEGIC).arr(300_000).team("IT")
                .sighting("Initech", "IT", 5, "ai-assistant")
                .deal(deal(UPSELL, 500_000).lostDaysAgo(30, "MISSING_CAPABILITY", null, "sso"))  // we offer sso
                .build();
        TestFacts.Builder smallFacts = account(Tier.SMB).arr(100_000).team("Ops")
                .sighting("Initech", "Ops", 5, "ai-assistant").sighting("Globex", "Ops", 5, "ai-assistant", "offline-mode")
                .deal(deal(NEW_BUSINESS, 50_000).lostDaysAgo(400, "MISSING_CAPABILITY", null, "offline-mode"));
        AccountFacts small = smallFacts.build();
        AccountFacts churned = account(Tier.ENTERPRISE).arr(1_000_000).team("IT")
                .sighting("Initech", "IT", 5, "ai-assistant").churned().build();

        List<CapabilityAtStake> ranked = CompetitiveGaps.portfolio(positions(List.of(small, churned, big)))
                .capabilities();

        // ai-assistant: 300,000 + 100,000 (counted once, though two competitors offer it there); churned ARR is gone
        // offline-mode: 100,000 ARR + 50,000 lost
        assertThat(ranked).extracting(CapabilityAtStake::capability).containsExactly("ai-assistant", "offline-mode");
        assertThat(ranked.getFirst().revenueAtStake()).isEqualByComparingTo("400000");
        assertThat(ranked.getFirst().accountIds()).containsExactlyInAnyOrder(big.accountId(), small.accountId());
        assertThat(ranked.get(1)).extracting(CapabilityAtStake::revenueAtStake, CapabilityAtStake::arrAtStake,
                        CapabilityAtStake::lostDealValue)
                .usingComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .containsExactly(new BigDecimal("150000"), new BigDecimal("100000"), new BigDecimal("50000"));
        assertThat(ranked.get(1).opportunityIds()).containsExactly(small.deals().getFirst().opportunityId());
    }

    @Test
    void lostDealsAloneCanPutACapabilityOnTop() {
        AccountFacts facts = account(Tier.SMB).arr(100_000).team("IT").sighting("Initech", "IT", 5, "ai-assistant")
                .deal(deal(UPSELL, 80_000).lostDaysAgo(10, "MISSING_CAPABILITY", null, "data-residency"))
                .deal(deal(UPSELL, 70_000).lostDaysAgo(20, "COMPETITOR", "Globex", "data-residency"))
                .build();

        assertThat(CompetitiveGaps.portfolio(positions(List.of(facts))).capabilities())
                .extracting(CapabilityAtStake::capability, c -> c.revenueAtStake().intValueExact())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("data-residency", 150_000),
                        org.assertj.core.groups.Tuple.tuple("ai-assistant", 100_000));
    }

    @Test
    void winRatePerCompetitorOverClosedDeals() {
        AccountFacts one = account(Tier.SMB)
                .deal(deal(NEW_BUSINESS, 1).competitors("Initech").wonDaysAgo(10))
                .deal(deal(NEW_BUSINESS, 1).lostDaysAgo(10, "COMPETITOR", "Initech"))
                .deal(deal(NEW_BUSINESS, 1).competitors("Initech"))                                // open
                .build();
        AccountFacts two = account(Tier.SMB)
                .deal(deal(UPSELL, 1).competitors("Initech", "Globex").lostDaysAgo(5, "COMPETITOR", "Globex"))
                .deal(deal(UPSELL, 1).competitors("Globex").wonDaysAgo(5))
                .deal(deal(UPSELL, 1).lostDaysAgo(5, "PRICE", null))                               // no competitor
                .build();

        List<WinRate> rates = CompetitiveGaps.portfolio(positions(List.of(one, two))).winRates();

        assertThat(rates).extracting(WinRate::competitor, WinRate::won, WinRate::lost).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Globex", 1, 1), org.assertj.core.groups.Tuple.tuple("Initech", 1, 2));
        assertThat(rates.get(0).winRate()).isCloseTo(0.5, within(1e-9));
        assertThat(rates.get(1).winRate()).isCloseTo(1.0 / 3, within(1e-9));
    }

    /** Each account's position as of NOW, as scoring keeps them. */
    private static List<CompetitiveGaps.Position> positions(List<AccountFacts> accounts) {
        return accounts.stream().map(a -> CompetitiveGaps.positionOf(a, CompetitiveGaps.of(a, NOW, MODEL), MODEL))
                .toList();
    }
}
