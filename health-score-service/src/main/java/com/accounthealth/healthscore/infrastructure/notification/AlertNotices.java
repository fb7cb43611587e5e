package com.accounthealth.healthscore.infrastructure.notification;

import com.accounthealth.healthscore.domain.AlertType;
import com.accounthealth.healthscore.domain.notification.AlertNotice;
import com.accounthealth.healthscore.domain.notification.AlertedAccount;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads an alert's recorded payload (as {@code ScoringAccounts} writes it) as the notice a leader is sent. */
public final class AlertNotices {

    private AlertNotices() {
    }

    public static AlertNotice from(UUID alertId, AlertType alertType, Instant raisedAt, JsonNode p) {
        AlertedAccount account = new AlertedAccount(UUID.fromString(p.path("accountId").asText()), text(p, "accountName"),
                text(p, "teamId"), text(p, "tier"), p.hasNonNull("arr") ? p.get("arr").decimalValue() : null,
                text(p, "currency"));
        List<AlertNotice.Reason> reasons = new ArrayList<>();
        p.path("topReasons").forEach(r -> reasons.add(new AlertNotice.Reason(r.path("sentence").asText(),
                r.hasNonNull("points") ? r.get("points").asInt() : null)));
        List<String> lacking = new ArrayList<>();
        p.path("capabilitiesWeLack").forEach(c -> lacking.add(c.asText()));
        return new AlertNotice(alertId, alertType, raisedAt, account, text(p, "ownerId"), text(p, "status"),
                text(p, "previousStatus"), integer(p, "score"), integer(p, "previousScore"), List.copyOf(reasons),
                text(p, "competitor"), List.copyOf(lacking), p.path("unmetClientTeams").size(), text(p, "sentence"));
    }

    private static String text(JsonNode p, String field) {
        return p.hasNonNull(field) ? p.get(field).asText() : null;
    }

    private static Integer integer(JsonNode p, String field) {
        return p.hasNonNull(field) ? p.get(field).asInt() : null;
    }
}
