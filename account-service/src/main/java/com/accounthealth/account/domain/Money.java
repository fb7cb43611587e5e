package com.accounthealth.account.domain;

import java.math.BigDecimal;
import java.util.Currency;

/** An amount in an ISO 4217 currency; never negative. */
public record Money(BigDecimal amount, String currency) {

    public Money {
        if (amount == null || amount.signum() < 0) {
            throw new AccountRuleViolation(AccountRuleViolation.Kind.INVALID, "amount", "must be zero or more");
        }
        if (currency == null || !isIsoCurrency(currency)) {
            throw new AccountRuleViolation(AccountRuleViolation.Kind.INVALID, "currency",
                    "'" + currency + "' is not an ISO 4217 currency code");
        }
    }

    public static boolean isIsoCurrency(String code) {
        return Currency.getAvailableCurrencies().stream().anyMatch(c -> c.getCurrencyCode().equals(code));
    }
}
