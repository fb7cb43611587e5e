package com.accounthealth.healthscore.domain.notification;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A digest of a hand-built portfolio: what is at risk and at stake, what changed, what was raised in the period. */
class DigestTest {

    private static final Instant FROM = Instant.parse("2026-11-16T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-23T00:00:00Z");

    private static final AlertedAccount GLOBEX = new AlertedAccount(UUID.randomUUID(), "Globex", "emea", "STRATEGIC",
            new BigDecimal("300000"), "EUR");
    private static final AlertedAccount INITECH = new AlertedAccount(UUID.randomUUID(), "Initech", "emea", "SMB",
            new BigDecimal("40000"), "EUR");
    private static final AlertedAccount HOOLI = new AlertedAccount(UUID.randomUUID(), "Hooli", "emea", "ENTERPRISE",
            new BigDecimal("120000"), "USD");
    private static final AlertedAccount UMBRELLA = new AlertedAccount(UUID.randomUUID(), "Umbrella", "emea", "ENTERPRISE",
            new BigDecimal("500000"), "USD");
    private static final AlertedAccount OTHER_TEAM = new AlertedAccount(UUID.randomUUID(), "Stark", "amer", "STRATEGIC",
            new BigDecimal("900000"), "USD");

    private static Subscription weekly(Set<String> tiers) {
        return new Subscription(UUID.randomUUID(), "leader-emea", "Dana", Set.of("emea"), tiers, null, null, Set.of(),
                Channel.EMAIL, "dana@example.com", DigestFrequency.WEEKLY, FROM, 1);
    }

    private final List<Digest.Standing> standings = List.of(
            new Digest.Standing(INITECH, "AT_RISK", 41),
            new Digest.Standing(GLOBEX, "AT_RISK", 38),
            new Digest.Standing(HOOLI, "AT_RISK", 45),
            new Digest.Standing(UMBRELLA, "HEALTHY", 88),
            new Digest.Standing(OTHER_TEAM, "AT_RISK", 20));
    private final List<Digest.StatusChange> changes = List.of(
            new Digest.StatusChange(GLOBEX, Instant.parse("2026-11-18T09:00:00Z"), "WATCH", "AT_RISK", 38),
            new Digest.StatusChange(UMBRELLA, Instant.parse("2026-11-17T09:00:00Z"), "AT_RISK", "HEALTHY", 88),
            new Digest.StatusChange(HOOLI, Instant.parse("2026-11-10T09:00:00Z"), "WATCH", "AT_RISK", 45),
            new Digest.StatusChange(OTHER_TEAM, Instant.parse("2026-11-18T09:00:00Z"), "WATCH", "AT_RISK", 20));
    private final List<AlertNotice> alerts = List.of(
            Notices.gap(UMBRELLA, Instant.parse("2026-11-19T09:00:00Z"), "Initrode", List.of("sso"), 1),
            Notices.growth(INITECH, Instant.parse("2026-11-20T09:00:00Z"), "Initech raised a Series C"),
            Notices.growth(GLOBEX, Instant.parse("2026-11-23T00:00:00Z"), "Globex acquired Soylent (after the period)"),
            Notices.gap(OTHER_TEAM, Instant.parse("2026-11-19T09:00:00Z"), "Initrode", List.of("sso"), 0));

    @Test
    void listsTheTeamsAccountsAtRiskLargestFirstWithTheArrAtStakePerCurrency() {
        Digest digest = Digest.compose(weekly(Set.of()), FROM, TO, standings, changes, alerts);

        assertThat(digest.atRisk()).extracting(Digest.Standing::name).containsExactly("Globex", "Hooli", "Initech");
        // 300,000 + 40,000 EUR; 120,000 USD: no exchange rate is assumed.
        assertThat(digest.arrAtStake()).isEqualTo(Map.of("EUR", new BigDecimal("340000"), "USD", new BigDecimal("120000")));
    }

    @Test
    void changesAndAlertsAreThoseOfThePeriodAndTheSubscriptionsAccounts() {
        Digest digest = Digest.compose(weekly(Set.of()), FROM, TO, standings, changes, alerts);

        // Hooli went at risk before the period; Stark is another team's.
        assertThat(digest.changes()).extracting(Digest.StatusChange::name).containsExactly("Umbrella", "Globex");
        assertThat(digest.competitiveGaps()).extracting(AlertNotice::competitor).containsExactly("Initrode");
        assertThat(digest.competitiveGaps().getFirst().account()).isEqualTo(UMBRELLA);
        assertThat(digest.growthSignals()).extracting(AlertNotice::sentence).containsExactly("Initech raised a Series C");
    }

    @Test
    void aTierFilterNarrowsEverySection() {
        Digest strategic = Digest.compose(weekly(Set.of("STRATEGIC")), FROM, TO, standings, changes, alerts);
        assertThat(strategic.atRisk()).extracting(Digest.Standing::name).containsExactly("Globex");
        assertThat(strategic.arrAtStake()).isEqualTo(Map.of("EUR", new BigDecimal("300000")));
        assertThat(strategic.changes()).extracting(Digest.StatusChange::name).containsExactly("Globex");
        assertThat(strategic.competitiveGaps()).isEmpty();
        assertThat(strategic.growthSignals()).isEmpty();
    }

    @Test
    void itsMessageSaysWhatIsAtStakeAndWhatHappened() {
        Message message = Message.of(Digest.compose(weekly(Set.of()), FROM, TO, standings, changes, alerts),
                "https://health.example.com/at-risk");
        assertThat(message.subject()).isEqualTo("[Account Health] Your weekly account health digest: 3 at risk");
        assertThat(message.lines()).containsExactly(
                "3 account(s) at risk, ARR at stake: 340,000 EUR + 120,000 USD",
                "At risk: Globex, score 38, 300,000 EUR",
                "At risk: Hooli, score 45, 120,000 USD",
                "At risk: Initech, score 41, 40,000 EUR",
                "Changed: Umbrella AT_RISK → HEALTHY (score 88)",
                "Changed: Globex WATCH → AT_RISK (score 38)",
                "Competitive gap: Initrode at Umbrella, offering sso",
                "Growth signal: Initech raised a Series C");
    }
}
