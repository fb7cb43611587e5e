package com.accounthealth.healthscore.domain.notification;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MessageTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void anAtRiskMessageGivesStatusScoreChangeTopReasonsArrAndLink() {
        Message m = Message.of(Notices.atRisk(NOW, 40), "https://health.example.com/accounts/1");
        assertThat(m.subject()).isEqualTo("[Account Health] Globex is at risk (score 40, −22)");
        assertThat(m.lines()).containsExactly(
                "Status: AT_RISK (was WATCH)",
                "Score: 40, −22",
                "Why: No business review for 120 days (-30 points)",
                "Why: Latest feedback is a C (really an F) (critical)",
                "ARR at stake: 250,000 EUR",
                "Team: emea, owner: ae-1");
        assertThat(m.link()).isEqualTo("https://health.example.com/accounts/1");
    }

    @Test
    void aCompetitiveGapSaysWhoAndWhatWeLack() {
        AlertedAccount account = Notices.account("emea", "SMB", 40_000, "EUR");
        Message m = Message.of(Notices.gap(account, NOW, "Initrode", List.of("sso", "forecasting"), 2), "l");
        assertThat(m.headline()).isEqualTo("Initrode is getting in at Acct 40000");
        assertThat(m.lines()).contains("They offer what we lack: sso, forecasting",
                "Seen at 2 client team(s) where we met nobody in 90 days", "ARR at stake: 40,000 EUR");
    }
}
