package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.Tier;
import com.accounthealth.healthscore.domain.CompetitiveGaps.CapabilityAtStake;
import com.accounthealth.healthscore.domain.CompetitiveGaps.Position;
import com.accounthealth.healthscore.domain.CompetitiveGaps.StakeInPortfolio;
import com.accounthealth.healthscore.domain.CompetitiveGaps.WinRate;
import com.accounthealth.healthscore.infrastructure.PortfolioPositions;
import com.accounthealth.webapi.Paging;
import com.accounthealth.webapi.security.TeamScope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static com.accounthealth.healthscore.domain.AccountFacts.DealType.NEW_BUSINESS;
import static com.accounthealth.healthscore.domain.AccountFacts.DealType.UPSELL;
import static com.accounthealth.healthscore.domain.TestFacts.MODEL;
import static com.accounthealth.healthscore.domain.TestFacts.NOW;
import static com.accounthealth.healthscore.domain.TestFacts.account;
import static com.accounthealth.healthscore.domain.TestFacts.deal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

/**
 * The portfolio's competitive view is added up in PostgreSQL from the positions scoring keeps: each account counted
 * once per capability, each lost deal once, capabilities compared trimmed and case-insensitively, scoped to teams.
 */
@QuarkusTest
class PortfolioGapsAddUpTest {

    @Inject
    PortfolioPositions positions;

    @Test
    void capabilitiesAreRankedByArrAtStakePlusDealsLostForLackingThem() {
        String team = "gaps-" + UUID.randomUUID();
        AccountFacts big = account(Tier.STRATEGIC).arr(300_000).team("IT")
                .sighting("Initech", "IT", 5, "ai-assistant")
                .deal(deal(UPSELL, 500_000).lostDaysAgo(30, "MISSING_CAPABILITY", null, "sso"))  // we offer sso
                .build();
        AccountFacts small = account(Tier.SMB).arr(100_000).team("Ops")
                .sighting("Initech", "Ops", 5, "AI-Assistant ").sighting("Globex", "Ops", 5, "ai-assistant", "offline-mode")
                .deal(deal(NEW_BUSINESS, 50_000).lostDaysAgo(400, "MISSING_CAPABILITY", null, "offline-mode"))
                .build();
        AccountFacts churned = account(Tier.ENTERPRISE).arr(1_000_000).team("IT")
                .sighting("Initech", "IT", 5, "ai-assistant").churned().build();
        AccountFacts elsewhere = account(Tier.ENTERPRISE).arr(9_000_000).team("IT")
                .sighting("Initech", "IT", 5, "ai-assistant").build();
        keep(team, small, churned, big);
        keep("another-" + team, elsewhere);

        List<CapabilityAtStake> ranked = positions.portfolio(TeamScope.only(Set.of(team))).capabilities();

        // ai-assistant: 300,000 + 100,000 (counted once, though two competitors offer it there, written two ways);
        // churned ARR is gone; another team's account is not the caller's. offline-mode: 100,000 ARR + 50,000 lost.
        // Named as the account of the lowest id wrote it: either spelling of ai-assistant.
        assertThat(ranked).extracting(c -> c.capability().toLowerCase().trim(), CapabilityAtStake::accounts,
                CapabilityAtStake::lostDeals).containsExactly(tuple("ai-assistant", 2, 0), tuple("offline-mode", 1, 1));
        assertThat(ranked.getFirst().revenueAtStake()).isEqualByComparingTo("400000");
        assertThat(ranked.get(1)).extracting(CapabilityAtStake::revenueAtStake, CapabilityAtStake::arrAtStake,
                        CapabilityAtStake::lostDealValue)
                .usingComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .containsExactly(new BigDecimal("150000"), new BigDecimal("100000"), new BigDecimal("50000"));

        // Behind a line, its stakes, largest first, a page at a time; the capability compared as scoring does.
        Paging.Page<StakeInPortfolio> stakes = positions.stakes(" Offline-MODE", TeamScope.only(Set.of(team)),
                Paging.of(0, 1));
        assertThat(stakes.total()).isEqualTo(2);
        assertThat(stakes.items()).singleElement().satisfies(s -> {
            assertThat(s.accountId()).isEqualTo(small.accountId());
            assertThat(s.opportunityId()).isNull();
            assertThat(s.amount()).isEqualByComparingTo("100000");
        });
        assertThat(positions.stakes("offline-mode", TeamScope.only(Set.of(team)), Paging.of(1, 1)).items())
                .extracting(StakeInPortfolio::opportunityId).containsExactly(small.deals().getFirst().opportunityId());
    }

    @Test
    void lostDealsAloneCanPutACapabilityOnTop() {
        String team = "gaps-" + UUID.randomUUID();
        AccountFacts facts = account(Tier.SMB).arr(100_000).team("IT").sighting("Initech", "IT", 5, "ai-assistant")
                .deal(deal(UPSELL, 80_000).lostDaysAgo(10, "MISSING_CAPABILITY", null, "data-residency"))
                .deal(deal(UPSELL, 70_000).lostDaysAgo(20, "COMPETITOR", "Globex", "data-residency"))
                .build();
        keep(team, facts);

        assertThat(positions.portfolio(TeamScope.only(Set.of(team))).capabilities())
                .extracting(CapabilityAtStake::capability, c -> c.revenueAtStake().intValueExact())
                .containsExactly(tuple("data-residency", 150_000), tuple("ai-assistant", 100_000));
    }

    @Test
    void winRatePerCompetitorOverClosedDeals() {
        String team = "gaps-" + UUID.randomUUID();
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
        keep(team, one, two);

        List<WinRate> rates = positions.portfolio(TeamScope.only(Set.of(team))).winRates();

        assertThat(rates).extracting(WinRate::competitor, WinRate::won, WinRate::lost)
                .containsExactly(tuple("Globex", 1, 1), tuple("Initech", 1, 2));
        assertThat(rates.get(0).winRate()).isCloseTo(0.5, within(1e-9));
        assertThat(rates.get(1).winRate()).isCloseTo(1.0 / 3, within(1e-9));
    }

    /** Each account's position as of NOW, kept for {@code team} as scoring keeps them. */
    private void keep(String team, AccountFacts... accounts) {
        List<Position> kept = java.util.Arrays.stream(accounts).map(a -> {
            Position p = CompetitiveGaps.positionOf(a, CompetitiveGaps.of(a, NOW, MODEL), MODEL);
            return new Position(p.accountId(), team, p.stakes(), p.against(), p.closed());
        }).toList();
        QuarkusTransaction.requiringNew().run(() -> positions.replace(kept));
    }
}
