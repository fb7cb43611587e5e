package com.accounthealth.healthscore.domain;

import com.accounthealth.contract.account.AccountEvent;
import com.accounthealth.healthscore.domain.AccountOutcome.Kind;
import com.accounthealth.kernel.Money;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Which outcome an account event records: a renewal's kind is its new ARR against the one it replaces. */
class AccountOutcomeTest {

    private static final UUID EVENT = UUID.randomUUID();
    private static final UUID ACCOUNT = UUID.randomUUID();
    private static final Instant AT = Instant.parse("2026-03-31T12:00:00Z");

    private static Money eur(long amount) {
        return new Money(BigDecimal.valueOf(amount), "EUR");
    }

    private static Kind kindOf(AccountEvent event) {
        return AccountOutcome.of(event, EVENT, ACCOUNT, AT).orElseThrow().kind();
    }

    @Test
    void aRenewalIsFlatWithExpansionOrWithContractionByItsArrAgainstThePreviousOne() {
        assertThat(kindOf(new AccountEvent.AccountRenewed(new Money(new BigDecimal("100000.00"), "EUR"), null,
                eur(100_000)))).as("100000.00 is 100000").isEqualTo(Kind.RENEWED_FLAT);
        assertThat(kindOf(new AccountEvent.AccountRenewed(eur(100_001), null, eur(100_000))))
                .isEqualTo(Kind.RENEWED_WITH_EXPANSION);
        assertThat(kindOf(new AccountEvent.AccountRenewed(eur(99_999), null, eur(100_000))))
                .isEqualTo(Kind.RENEWED_WITH_CONTRACTION);
    }

    @Test
    void aRenewalInAnotherCurrencyOrWithoutThePreviousArrIsNotCompared() {
        AccountOutcome otherCurrency = AccountOutcome.of(new AccountEvent.AccountRenewed(
                new Money(BigDecimal.valueOf(90_000), "USD"), null, eur(100_000)), EVENT, ACCOUNT, AT).orElseThrow();
        assertThat(otherCurrency.kind()).isEqualTo(Kind.RENEWED);
        assertThat(otherCurrency.arrBefore()).isNull();
        assertThat(otherCurrency.currency()).isEqualTo("USD");
        assertThat(kindOf(new AccountEvent.AccountRenewed(eur(1), null, null))).isEqualTo(Kind.RENEWED);
    }

    @Test
    void downgradesLostRenewalsAndChurnsAreOutcomesWithTheirAmounts() {
        AccountOutcome downgraded = AccountOutcome.of(new AccountEvent.AccountDowngraded(eur(80_000), eur(100_000),
                "Fewer seats"), EVENT, ACCOUNT, AT).orElseThrow();
        assertThat(downgraded).isEqualTo(new AccountOutcome(EVENT, ACCOUNT, Kind.DOWNGRADED, AT,
                BigDecimal.valueOf(100_000), BigDecimal.valueOf(80_000), "EUR", "Fewer seats", null));

        AccountOutcome lost = AccountOutcome.of(new AccountEvent.RenewalLost(eur(80_000), "Cheaper tool", "Initech"),
                EVENT, ACCOUNT, AT).orElseThrow();
        assertThat(lost.kind()).isEqualTo(Kind.LOST_AT_RENEWAL);
        assertThat(lost.arrBefore()).isEqualTo(BigDecimal.valueOf(80_000));
        assertThat(lost.arrAfter()).isZero();
        assertThat(lost.competitor()).isEqualTo("Initech");

        assertThat(kindOf(new AccountEvent.AccountChurned("Budget cut"))).isEqualTo(Kind.CHURNED);
    }

    @Test
    void everyOtherFactIsNoOutcome() {
        assertThat(AccountOutcome.of(new AccountEvent.ContactDeparted(UUID.randomUUID()), EVENT, ACCOUNT, AT)).isEmpty();
    }
}
