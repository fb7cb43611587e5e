package com.accounthealth.kernel;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An amount in an ISO 4217 currency of money; never negative. The codes for precious metals, testing and "no
 * currency" (XAU, XTS, XXX, ...) are not money a deal or a contract is priced in, so they are refused.
 */
public record Money(BigDecimal amount, String currency) {

    public Money {
        if (amount == null || amount.signum() < 0) {
            throw RuleViolation.invalid("amount", "must be zero or more");
        }
        if (currencyOf(currency).isEmpty()) {
            throw RuleViolation.invalid("currency", "'" + currency + "' is not an ISO 4217 currency code");
        }
    }

    /** The currency of money with this code, if it is one: its minor unit is 0 or more (XAU, XXX have none). */
    public static Optional<Currency> currencyOf(String code) {
        return Optional.ofNullable(code == null ? null : MONEY.get(code));
    }

    /** Every currency that is money, by code: looked up for each amount read, so not searched each time. */
    private static final Map<String, Currency> MONEY = Currency.getAvailableCurrencies().stream()
            .filter(c -> c.getDefaultFractionDigits() >= 0)
            .collect(Collectors.toUnmodifiableMap(Currency::getCurrencyCode, c -> c));
}
