package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.ClientEventType;
import com.accounthealth.healthscore.domain.AccountFacts.DealType;
import com.accounthealth.healthscore.domain.AccountFacts.Tier;
import com.accounthealth.healthscore.domain.GrowthSignals.GrowthSignal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.UUID;

import static com.accounthealth.healthscore.domain.AccountFacts.ClientEventType.FUNDING_ROUND;
import static com.accounthealth.healthscore.domain.TestFacts.MODEL;
import static com.accounthealth.healthscore.domain.TestFacts.NOW;
import static com.accounthealth.healthscore.domain.TestFacts.account;
import static com.accounthealth.healthscore.domain.TestFacts.daysAgo;
import static com.accounthealth.healthscore.domain.TestFacts.deal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Growth signals, model v1: a funding round, acquisition, new executive or expansion with no upsell or cross-sell
 * opened within 30 days after it; raised at once, lapsing 90 days after the event.
 */
class GrowthSignalsTest {

    private static List<GrowthSignal> signals(TestFacts.Builder facts) {
        return GrowthSignals.of(facts.build(), NOW, MODEL);
    }

    @Test
    void aFundingRoundWithoutAnExpansionDealIsASignalAtOnce() {
        TestFacts.Builder facts = account(Tier.SMB).clientEvent(FUNDING_ROUND, 10);
        UUID event = facts.lastEvent();

        assertThat(signals(facts)).containsExactly(new GrowthSignal(event, FUNDING_ROUND, daysAgo(10),
                "Funding round (FUNDING_ROUND news) 10 days ago: no upsell or cross-sell opportunity opened yet,"
                        + " 20 days left of the 30-day window"));
    }

    @ParameterizedTest
    @EnumSource(value = ClientEventType.class, names = {"FUNDING_ROUND", "ACQUISITION", "NEW_EXECUTIVE", "EXPANSION"})
    void everyGrowthEventTypeCounts(ClientEventType type) {
        assertThat(signals(account(Tier.SMB).clientEvent(type, 5))).extracting(GrowthSignal::type)
                .containsExactly(type);
    }

    @ParameterizedTest
    @EnumSource(value = ClientEventType.class, names = {"LEADERSHIP_DEPARTURE", "LAYOFFS"})
    void otherEventsAreNoGrowthSignal(ClientEventType type) {
        assertThat(signals(account(Tier.SMB).clientEvent(type, 5))).isEmpty();
    }

    @ParameterizedTest(name = "a {0} opened 5 days after: {1} signal(s)")
    @CsvSource({"UPSELL, 0", "CROSS_SELL, 0", "NEW_BUSINESS, 1", "RENEWAL, 1"})
    void onlyAnUpsellOrCrossSellAnswersIt(DealType type, int expected) {
        assertThat(signals(account(Tier.SMB).clientEvent(FUNDING_ROUND, 20).deal(deal(type, 1).openedDaysAgo(15))))
                .hasSize(expected);
    }

    @Test
    void aDealOpened30DaysAfterAnswersItButNot31() {
        assertThat(signals(account(Tier.SMB).clientEvent(FUNDING_ROUND, 60)
                .deal(deal(DealType.UPSELL, 1).openedDaysAgo(30)))).isEmpty();

        List<GrowthSignal> late = signals(account(Tier.SMB).clientEvent(FUNDING_ROUND, 60)
                .deal(deal(DealType.UPSELL, 1).openedDaysAgo(29)));
        assertThat(late).hasSize(1);
        assertThat(late.getFirst().sentence())
                .endsWith("60 days ago: no upsell or cross-sell opportunity opened within 30 days after it");
    }

    @Test
    void aDealOpenedBeforeTheEventDoesNotAnswerIt() {
        assertThat(signals(account(Tier.SMB).clientEvent(FUNDING_ROUND, 20)
                .deal(deal(DealType.UPSELL, 1).openedDaysAgo(21)))).hasSize(1);
    }

    @Test
    void aSignalLastsUntilTheEventIs90DaysOld() {
        assertThat(signals(account(Tier.SMB).clientEvent(FUNDING_ROUND, 90))).hasSize(1);
        assertThat(signals(account(Tier.SMB).clientEvent(FUNDING_ROUND, 91))).isEmpty();
    }

    @Test
    void churnedAccountsHaveNoGrowthSignals() {
        assertThat(signals(account(Tier.SMB).clientEvent(FUNDING_ROUND, 5).churned())).isEmpty();
    }
}
