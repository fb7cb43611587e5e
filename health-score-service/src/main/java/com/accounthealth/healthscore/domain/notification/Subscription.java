package com.accounthealth.healthscore.domain.notification;

import com.accounthealth.healthscore.domain.AlertType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A sales leader's wish to hear about some accounts' alerts on one channel.
 *
 * @param teamIds    the sales teams whose accounts it covers (at least one)
 * @param tiers      the tiers it covers; empty: every tier
 * @param minArr     only accounts with at least this ARR, in {@code minArrCurrency} (accounts in another currency are
 *                   not comparable without exchange rates, so they do not match); null: any ARR
 * @param alertTypes the alert types it covers; empty: every type
 */
public record Subscription(UUID subscriptionId, String leaderId, String leaderName, Set<String> teamIds,
                           Set<String> tiers, BigDecimal minArr, String minArrCurrency, Set<AlertType> alertTypes,
                           Channel channel, String target, DigestFrequency digest, Instant lastDigestAt, int version) {

    /** Whether this subscription covers the account, whatever the alert type. */
    public boolean covers(AlertedAccount account) {
        if (!teamIds.contains(account.teamId())) {
            return false;
        }
        if (!tiers.isEmpty() && (account.tier() == null || !tiers.contains(account.tier()))) {
            return false;
        }
        if (minArr != null) {
            return account.arr() != null && minArrCurrency.equals(account.currency())
                    && account.arr().compareTo(minArr) >= 0;
        }
        return true;
    }

    /** Whether an alert of {@code alertType} on {@code account} is for this subscription. */
    public boolean wants(AlertType alertType, AlertedAccount account) {
        return (alertTypes.isEmpty() || alertTypes.contains(alertType)) && covers(account);
    }
}
