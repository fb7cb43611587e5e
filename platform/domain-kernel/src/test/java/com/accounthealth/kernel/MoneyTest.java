package com.accounthealth.kernel;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MoneyTest {

    @Test
    void anAmountInACurrencyOfMoneyIsMoney() {
        assertThat(new Money(new BigDecimal("250000"), "EUR").currency()).isEqualTo("EUR");
        assertThat(new Money(BigDecimal.ZERO, "JPY").amount()).isZero();
    }

    @Test
    void aNegativeAmountIsRefusedNamingTheAmount() {
        RuleViolation refused = catchThrowableOfType(RuleViolation.class, () -> new Money(new BigDecimal("-1"), "EUR"));
        assertThat(refused.kind()).isEqualTo(RuleViolation.Kind.INVALID);
        assertThat(refused.field()).isEqualTo("amount");
    }

    @Test
    void codesThatNameNoMoneyAreRefusedNamingTheCurrency() {
        for (String code : new String[] {"XXX", "XTS", "XAU", "EURO", "eur", "", null}) {
            RuleViolation refused = catchThrowableOfType(RuleViolation.class, () -> new Money(BigDecimal.ONE, code));
            assertThat(refused).as(code).isNotNull();
            assertThat(refused.field()).isEqualTo("currency");
        }
    }
}
