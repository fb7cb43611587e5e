package com.accounthealth.healthscore.infrastructure.notification;

import com.accounthealth.healthscore.domain.AlertType;
import com.accounthealth.healthscore.domain.notification.NoiseControl.Snooze;
import com.accounthealth.webapi.EntityFilter;
import com.accounthealth.webapi.security.TeamScope;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Snoozes (Hibernate entities, {@link SnoozeRow}). Ending one early moves its end to now, so the record of it stays. */
@ApplicationScoped
public class SnoozeStore {

    /** The most a list answers: snoozes in force are few (each ends), and a page of them is all a leader reads. */
    private static final int LIST_LIMIT = 1000;

    /** A snooze as the API shows it. */
    public record SnoozeRecord(UUID snoozeId, UUID accountId, AlertType alertType, Instant until, String reason,
                               String teamId, String createdBy, Instant createdAt) {
        public Snooze snooze() {
            return new Snooze(alertType, until, reason);
        }
    }

    public void insert(SnoozeRecord s) {
        SnoozeRow row = new SnoozeRow();
        row.snoozeId = s.snoozeId();
        row.accountId = s.accountId();
        row.alertType = s.alertType() == null ? null : s.alertType().name();
        row.until = s.until();
        row.reason = s.reason();
        row.teamId = s.teamId();
        row.createdBy = s.createdBy();
        row.createdAt = s.createdAt();
        row.persist();
    }

    /** The account's snoozes that have not ended by {@code at}. */
    public List<Snooze> inForce(UUID accountId, Instant at) {
        return SnoozeRow.<SnoozeRow>list("accountId = :accountId and until > :at", Sort.by("createdAt"),
                Parameters.with("accountId", accountId).and("at", at)).stream()
                .map(row -> record(row).snooze()).toList();
    }

    /** Snoozes in force, of one account or of every account the caller may see. */
    public List<SnoozeRecord> list(UUID accountId, TeamScope visible, Instant now) {
        EntityFilter filter = new EntityFilter().where("until > :now", Parameters.with("now", now))
                .equal("accountId", accountId).teamIn("teamId", visible);
        return SnoozeRow.<SnoozeRow>find(filter.query(), Sort.by("until").and("snoozeId"), filter.parameters())
                .page(0, LIST_LIMIT).stream().map(SnoozeStore::record).toList();
    }

    public Optional<SnoozeRecord> find(UUID snoozeId, TeamScope visible) {
        return SnoozeRow.<SnoozeRow>findByIdOptional(snoozeId).filter(row -> visible.includes(row.teamId))
                .map(SnoozeStore::record);
    }

    public void end(UUID snoozeId, Instant at) {
        SnoozeRow.<SnoozeRow>findByIdOptional(snoozeId).filter(row -> row.until.isAfter(at))
                .ifPresent(row -> row.until = at);
    }

    private static SnoozeRecord record(SnoozeRow row) {
        return new SnoozeRecord(row.snoozeId, row.accountId, row.alertType == null ? null : AlertType.valueOf(row.alertType),
                row.until, row.reason, row.teamId, row.createdBy, row.createdAt);
    }
}
