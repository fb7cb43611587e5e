package com.accounthealth.opportunity.domain;

import java.math.BigDecimal;
import java.util.Currency;

/** A deal amount in an ISO 4217 currency; never negative. */
public record Money(BigDecimal amount, String currency) {

    public Money {
        if (amount == null || amount.signum() < 0) {
            throw new OpportunityRuleViolation(OpportunityRuleViolation.Kind.INVALID, "amount", "must be zero or more");
        }
        if (currency == null || Currency.getAvailableCurrencies().stream().noneMatch(c -> c.getCurrencyCode().equals(currency))) {
            throw new OpportunityRuleViolation(OpportunityRuleViolation.Kind.INVALID, "currency",
                    "'" + currency + "' is not an ISO 4217 currency code");
        }
    }
}
