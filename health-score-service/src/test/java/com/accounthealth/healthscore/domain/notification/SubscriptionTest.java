package com.accounthealth.healthscore.domain.notification;

import com.accounthealth.healthscore.domain.AlertType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionTest {

    private static Subscription subscription(Set<String> tiers, BigDecimal minArr, String currency, Set<AlertType> types) {
        return new Subscription(UUID.randomUUID(), "l", "L", Set.of("emea", "dach"), tiers, minArr, currency, types,
                Channel.SLACK, "https://hooks.example.com/x", DigestFrequency.NONE, Instant.EPOCH, 1);
    }

    @Test
    void coversItsTeamsTiersAndArrFloorOnly() {
        Subscription bigStrategic = subscription(Set.of("STRATEGIC"), new BigDecimal("100000"), "EUR", Set.of());
        assertThat(bigStrategic.covers(Notices.account("emea", "STRATEGIC", 100_000, "EUR"))).isTrue();
        assertThat(bigStrategic.covers(Notices.account("amer", "STRATEGIC", 500_000, "EUR"))).as("other team").isFalse();
        assertThat(bigStrategic.covers(Notices.account("dach", "SMB", 500_000, "EUR"))).as("other tier").isFalse();
        assertThat(bigStrategic.covers(Notices.account("dach", "STRATEGIC", 99_999, "EUR"))).as("below floor").isFalse();
        assertThat(bigStrategic.covers(Notices.account("dach", "STRATEGIC", 900_000, "USD")))
                .as("another currency is not comparable").isFalse();
        assertThat(subscription(Set.of(), null, null, Set.of()).covers(Notices.account("dach", "SMB", 1, "JPY"))).isTrue();
    }

    @Test
    void wantsItsAlertTypesOnly() {
        Subscription risks = subscription(Set.of(), null, null, Set.of(AlertType.ACCOUNT_AT_RISK, AlertType.ACCOUNT_RECOVERED));
        AlertedAccount account = Notices.account("emea", "SMB", 1, "EUR");
        assertThat(risks.wants(AlertType.ACCOUNT_AT_RISK, account)).isTrue();
        assertThat(risks.wants(AlertType.GROWTH_SIGNAL, account)).isFalse();
        assertThat(subscription(Set.of(), null, null, Set.of()).wants(AlertType.GROWTH_SIGNAL, account)).isTrue();
    }

    @Test
    void digestsFallDueADayAWeekOrAMonthAfterTheLast() {
        Instant last = Instant.parse("2026-01-31T08:00:00Z");
        assertThat(DigestFrequency.DAILY.nextAfter(last)).isEqualTo("2026-02-01T08:00:00Z");
        assertThat(DigestFrequency.WEEKLY.nextAfter(last)).isEqualTo("2026-02-07T08:00:00Z");
        assertThat(DigestFrequency.MONTHLY.nextAfter(last)).isEqualTo("2026-02-28T08:00:00Z");
        assertThat(DigestFrequency.NONE.nextAfter(last)).isNull();
    }
}
