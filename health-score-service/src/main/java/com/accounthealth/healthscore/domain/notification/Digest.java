package com.accounthealth.healthscore.domain.notification;

import com.accounthealth.healthscore.domain.AlertType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A subscription's periodic report: the accounts at risk now and the ARR at stake (per currency: no exchange rates
 * are assumed), how accounts changed status in the period, and the competitive gaps and growth signals raised in it.
 * Everything is limited to the accounts the subscription covers.
 */
public record Digest(DigestFrequency frequency, Instant from, Instant to, List<Standing> atRisk,
                     Map<String, BigDecimal> arrAtStake, List<StatusChange> changes, List<AlertNotice> competitiveGaps,
                     List<AlertNotice> growthSignals) {

    /** An account as it stands now. */
    public record Standing(AlertedAccount account, String status, Integer score) {
        public String name() {
            return account.name();
        }

        public BigDecimal arr() {
            return account.arr();
        }

        public String currency() {
            return account.currency();
        }
    }

    /** A change of status in the period. */
    public record StatusChange(AlertedAccount account, Instant at, String previousStatus, String status,
                               Integer score) {
        public String name() {
            return account.name();
        }
    }

    /**
     * @param standings every scored account now (those the subscription does not cover are left out here)
     * @param changes   status changes evaluated in [from, to)
     * @param alerts    alerts raised in [from, to)
     */
    public static Digest compose(Subscription subscription, Instant from, Instant to, List<Standing> standings,
                                 List<StatusChange> changes, List<AlertNotice> alerts) {
        List<Standing> atRisk = standings.stream()
                .filter(s -> "AT_RISK".equals(s.status()) && subscription.covers(s.account()))
                .sorted(Comparator.comparing((Standing s) -> s.arr() == null ? BigDecimal.ZERO : s.arr()).reversed()
                        .thenComparing(s -> String.valueOf(s.name())))
                .toList();
        Map<String, BigDecimal> arrAtStake = new TreeMap<>();
        atRisk.stream().filter(s -> s.arr() != null)
                .forEach(s -> arrAtStake.merge(s.currency(), s.arr(), BigDecimal::add));
        List<StatusChange> inPeriod = changes.stream()
                .filter(c -> !c.at().isBefore(from) && c.at().isBefore(to) && subscription.covers(c.account())
                        && !Objects.equals(c.previousStatus(), c.status()))
                .sorted(Comparator.comparing(StatusChange::at)).toList();
        List<AlertNotice> raised = alerts.stream()
                .filter(a -> !a.raisedAt().isBefore(from) && a.raisedAt().isBefore(to)
                        && subscription.covers(a.account()))
                .sorted(Comparator.comparing(AlertNotice::raisedAt)).toList();
        return new Digest(subscription.digest(), from, to, atRisk, arrAtStake, inPeriod,
                raised.stream().filter(a -> a.alertType() == AlertType.COMPETITIVE_GAP).toList(),
                raised.stream().filter(a -> a.alertType() == AlertType.GROWTH_SIGNAL).toList());
    }
}
