package com.accounthealth.healthscore.domain.notification;

import com.accounthealth.healthscore.domain.AlertType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Alerts and accounts for the notification rules' tests. */
final class Notices {

    static final UUID ACCOUNT = UUID.fromString("6f1c2a4e-0b7d-4c1e-9a52-3f8e2d1b7c90");

    private Notices() {
    }

    static AlertedAccount account(String team, String tier, long arr, String currency) {
        return new AlertedAccount(UUID.randomUUID(), "Acct " + arr, team, tier, BigDecimal.valueOf(arr), currency);
    }

    static AlertNotice atRisk(Instant at, int score) {
        return new AlertNotice(UUID.randomUUID(), AlertType.ACCOUNT_AT_RISK, at,
                new AlertedAccount(ACCOUNT, "Globex", "emea", "STRATEGIC", BigDecimal.valueOf(250_000), "EUR"),
                "ae-1", "AT_RISK", "WATCH", score, 62,
                List.of(new AlertNotice.Reason("No business review for 120 days", -30),
                        new AlertNotice.Reason("Latest feedback is a C (really an F)", null)),
                null, List.of(), 0, null);
    }

    static AlertNotice recovered(Instant at) {
        return new AlertNotice(UUID.randomUUID(), AlertType.ACCOUNT_RECOVERED, at,
                new AlertedAccount(ACCOUNT, "Globex", "emea", "STRATEGIC", BigDecimal.valueOf(250_000), "EUR"),
                "ae-1", "HEALTHY", "AT_RISK", 75, 40, List.of(), null, List.of(), 0, null);
    }

    static AlertNotice gap(AlertedAccount account, Instant at, String competitor, List<String> lacking, int unmetTeams) {
        return new AlertNotice(UUID.randomUUID(), AlertType.COMPETITIVE_GAP, at, account, "ae-1", null, null, null, null,
                List.of(), competitor, lacking, unmetTeams, null);
    }

    static AlertNotice growth(AlertedAccount account, Instant at, String sentence) {
        return new AlertNotice(UUID.randomUUID(), AlertType.GROWTH_SIGNAL, at, account, "ae-1", null, null, null, null,
                List.of(), null, List.of(), 0, sentence);
    }
}
