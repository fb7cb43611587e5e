package com.accounthealth.healthscore.domain;

import com.accounthealth.contract.account.AccountEvent;
import com.accounthealth.kernel.Money;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What actually happened to an account commercially: the facts a health score is checked against. Kept as outcomes,
 * never read by scoring (a churn only ends scoring, as before), so a backtest compares the score with what followed it.
 *
 * @param arrBefore the ARR before (null for a churn, which states none, or a renewal that did not say)
 * @param arrAfter  the ARR after (0 when the account ended)
 */
public record AccountOutcome(UUID eventId, UUID accountId, Kind kind, Instant at, BigDecimal arrBefore,
                             BigDecimal arrAfter, String currency, String reason, String competitor) {

    public enum Kind {
        RENEWED_FLAT,
        RENEWED_WITH_EXPANSION,
        RENEWED_WITH_CONTRACTION,
        /** Renewed, in another currency than before or without the ARR before: no comparison. */
        RENEWED,
        /** A contraction before the renewal. */
        DOWNGRADED,
        LOST_AT_RENEWAL,
        CHURNED
    }

    /** The outcome an account event records, if it records one. */
    public static Optional<AccountOutcome> of(AccountEvent event, UUID eventId, UUID accountId, Instant at) {
        return Optional.ofNullable(switch (event) {
            case AccountEvent.AccountRenewed e -> renewal(e, eventId, accountId, at);
            case AccountEvent.AccountDowngraded e -> new AccountOutcome(eventId, accountId, Kind.DOWNGRADED, at,
                    e.previousArr().amount(), e.newArr().amount(), e.newArr().currency(), e.reason(), null);
            case AccountEvent.RenewalLost e -> new AccountOutcome(eventId, accountId, Kind.LOST_AT_RENEWAL, at,
                    amount(e.lostArr()), BigDecimal.ZERO, e.lostArr() == null ? null : e.lostArr().currency(),
                    e.reason(), e.competitor());
            case AccountEvent.AccountChurned e -> new AccountOutcome(eventId, accountId, Kind.CHURNED, at, null,
                    BigDecimal.ZERO, null, e.reason(), null);
            default -> null;
        });
    }

    private static AccountOutcome renewal(AccountEvent.AccountRenewed e, UUID eventId, UUID accountId, Instant at) {
        Money before = e.previousArr();
        Money after = e.newArr();
        if (before == null || !before.currency().equals(after.currency())) {
            return new AccountOutcome(eventId, accountId, Kind.RENEWED, at, null, after.amount(), after.currency(),
                    null, null);
        }
        int change = after.amount().compareTo(before.amount());
        Kind kind = change == 0 ? Kind.RENEWED_FLAT : change > 0 ? Kind.RENEWED_WITH_EXPANSION
                : Kind.RENEWED_WITH_CONTRACTION;
        return new AccountOutcome(eventId, accountId, kind, at, before.amount(), after.amount(), after.currency(),
                null, null);
    }

    private static BigDecimal amount(Money money) {
        return money == null ? null : money.amount();
    }
}
