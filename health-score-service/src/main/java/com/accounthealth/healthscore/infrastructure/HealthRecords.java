package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.healthscore.config.IngestConfig;
import com.accounthealth.healthscore.domain.AccountFacts;
import com.accounthealth.healthscore.domain.Health;
import com.accounthealth.webapi.PagedQuery;
import com.accounthealth.webapi.Paging;
import com.accounthealth.webapi.security.TeamScope;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The current health of each account and the history of its changes. */
@ApplicationScoped
public class HealthRecords {

    /** A list row: who the account is and how it stands. */
    public record Summary(UUID accountId, String name, String teamId, String ownerId, String tier, BigDecimal arr,
                          String currency, Integer score, String status, Instant evaluatedAt, LocalDate renewalDate) {
    }

    /** A history row: the change and what caused it. */
    public record Change(long id, Instant evaluatedAt, String modelVersion, Integer score, Integer previousScore,
                         String status, String previousStatus, JsonNode componentDeltas, JsonNode cause) {
    }

    public enum Sort { SCORE, ARR_AT_RISK, RENEWAL_DATE }

    /** An account's health as last read or saved, with the revision it had then. */
    private record Kept(Health health, long revision) {
    }

    private final DataSource dataSource;
    private final ObjectMapper json;
    /**
     * Writes health documents with non-ASCII characters (the dashes of reasons) escaped: the document is then one byte
     * per character in memory and in the driver's encoding, where a single em dash made it two.
     */
    private final ObjectWriter documents;
    private final Map<UUID, Kept> kept;

    public HealthRecords(DataSource dataSource, ObjectMapper json, IngestConfig config) {
        this.dataSource = dataSource;
        this.json = json;
        this.documents = json.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);
        int capacity = config.factsKept();
        this.kept = Caffeine.newBuilder().maximumSize(capacity).<UUID, Kept>build().asMap();
    }

    public Optional<Health> current(UUID accountId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT health::text FROM account_health WHERE account_id = ?")) {
            ps.setObject(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(json.readValue(rs.getString(1), Health.class)) : Optional.empty();
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new EventStoreFailure("Could not read the health of account " + accountId, e);
        }
    }

    /** The sales team the account belongs to now, if it was ever scored (the team decides who may see it). */
    public Optional<String> teamOf(UUID accountId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT team_id FROM account_health WHERE account_id = ?")) {
            ps.setObject(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not read the team of account " + accountId, e);
        }
    }

    /** An account's new health and the facts it was scored from (name, team, ARR... of the list view). */
    public record Scored(Health health, AccountFacts facts) {
    }

    /**
     * The health documents come as one JSON array, matched to the other columns by position: as a text[] the driver
     * escaped them character by character, which cost three times their serialization. The array is json, not jsonb:
     * its elements are stored as written (see V5).
     */
    private static final String SAVE = """
            INSERT INTO account_health (account_id, name, team_id, owner_id, tier, arr, currency, score, status,
                                        model_version, evaluated_at, renewal_date, health, revision)
            SELECT id, n, t, o, ti, a, cu, sc, st, m, e::timestamptz, r::date, h, nextval('account_health_revision')
            FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::numeric[], ?::text[], ?::int[],
                        ?::text[], ?::text[], ?::text[], ?::text[])
                 WITH ORDINALITY AS x(id, n, t, o, ti, a, cu, sc, st, m, e, r, i)
                 JOIN json_array_elements(?::json) WITH ORDINALITY AS d(h, i) USING (i)
            ORDER BY i
            ON CONFLICT (account_id) DO UPDATE SET name = excluded.name, team_id = excluded.team_id,
                owner_id = excluded.owner_id, tier = excluded.tier, arr = excluded.arr,
                currency = excluded.currency, score = excluded.score, status = excluded.status,
                model_version = excluded.model_version, evaluated_at = excluded.evaluated_at,
                renewal_date = excluded.renewal_date, health = excluded.health, revision = excluded.revision
            RETURNING account_id, revision""";

    /** Advisory lock space of account evaluations (the two-key form, apart from the outbox relay's one-key lock). */
    private static final int EVALUATION_LOCKS = 0x48454c54;

    /**
     * Serialises evaluations of each of {@code accounts} until the transaction ends: ingest, the time round and a
     * re-score each read an account's previous health and decide its transition from it, so two at once could both
     * see the same previous status and raise contradicting alerts. Locks are taken in one order, so two sets never
     * deadlock; two accounts sharing a hash only wait for each other.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockForEvaluation(Collection<UUID> accounts) {
        int[] keys = accounts.stream().mapToInt(UUID::hashCode).sorted().distinct().toArray();
        if (keys.length == 0) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT pg_advisory_xact_lock(?, k) FROM unnest(?::int[]) AS k")) {
            ps.setInt(1, EVALUATION_LOCKS);
            ps.setArray(2, c.createArrayOf("int4", Arrays.stream(keys).boxed().toArray()));
            ps.executeQuery().close();
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not lock " + accounts.size() + " accounts for evaluation", e);
        }
    }

    /**
     * The current health of each of {@code accounts} that was ever scored, in one query. A health kept from an
     * earlier read or save is used when its revision is still the stored one; only the others' documents are
     * read and parsed (that parse was a sixth of ingest's CPU).
     */
    public Map<UUID, Health> currentOf(Collection<UUID> accounts) {
        Map<UUID, Health> current = new HashMap<>();
        if (accounts.isEmpty()) {
            return current;
        }
        Object[] ids = accounts.toArray();
        Object[] keptRevisions = new Object[ids.length];
        for (int i = 0; i < ids.length; i++) {
            Kept k = kept.get((UUID) ids[i]);
            keptRevisions[i] = k == null ? -1L : k.revision();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT h.account_id, h.revision, CASE WHEN h.revision = k.revision THEN NULL ELSE h.health::text END
                     FROM account_health h JOIN unnest(?::uuid[], ?::bigint[]) AS k(account_id, revision)
                          ON h.account_id = k.account_id""")) {
            ps.setArray(1, c.createArrayOf("uuid", ids));
            ps.setArray(2, c.createArrayOf("int8", keptRevisions));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID account = rs.getObject(1, UUID.class);
                    long revision = rs.getLong(2);
                    String document = rs.getString(3);
                    Kept k = kept.get(account);
                    if (document == null && k != null && k.revision() == revision) {
                        current.put(account, k.health());
                    } else if (document == null) {
                        // Another thread replaced the kept copy since the query started: read this one again.
                        current(account).ifPresent(health -> current.put(account, health));
                    } else {
                        Health health = json.readValue(document, Health.class);
                        kept.put(account, new Kept(health, revision));
                        current.put(account, health);
                    }
                }
            }
            return current;
        } catch (SQLException | JsonProcessingException e) {
            throw new EventStoreFailure("Could not read the health of " + accounts.size() + " accounts", e);
        }
    }

    /** Saves every account's new health in one statement; each gets a new revision. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void saveAll(List<Scored> scored) {
        if (scored.isEmpty()) {
            return;
        }
        // In account order: concurrent savers (ingest consumers, the time round) then lock rows in the same order.
        scored = scored.stream().sorted(Comparator.comparing((Scored s) -> s.health().accountId())).toList();
        int n = scored.size();
        Object[][] columns = new Object[12][n];
        Map<UUID, Health> saved = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Health health = scored.get(i).health();
            AccountFacts facts = scored.get(i).facts();
            columns[0][i] = health.accountId();
            columns[1][i] = facts.name();
            columns[2][i] = facts.teamId();
            columns[3][i] = facts.ownerId();
            columns[4][i] = facts.tier() == null ? null : facts.tier().name();
            columns[5][i] = facts.arr();
            columns[6][i] = facts.currency();
            columns[7][i] = health.score();
            columns[8][i] = health.status().name();
            columns[9][i] = health.modelVersion();
            columns[10][i] = health.evaluatedAt().toString();
            columns[11][i] = facts.renewalDate() == null ? null : facts.renewalDate().toString();
            saved.put(health.accountId(), health);
        }
        String[] types = {"uuid", "text", "text", "text", "text", "numeric", "text", "int4", "text", "text", "text", "text"};
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SAVE)) {
            for (int i = 0; i < columns.length; i++) {
                ps.setArray(i + 1, c.createArrayOf(types[i], columns[i]));
            }
            ps.setString(columns.length + 1, documents.writeValueAsString(scored.stream().map(Scored::health).toList()));
            try (ResultSet rs = ps.executeQuery()) {
                // Kept before the commit: if the transaction rolls back, the stored revision differs from the kept
                // one (revisions are never reused) and the next read takes the stored document.
                while (rs.next()) {
                    UUID account = rs.getObject(1, UUID.class);
                    kept.put(account, new Kept(saved.get(account), rs.getLong(2)));
                }
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new EventStoreFailure("Could not save the health of " + n + " accounts", e);
        }
    }

    /** A change of score or status to record, with what each component moved by and what caused it. */
    public record NewChange(Health previous, Health next, Map<String, Integer> componentDeltas,
                            Map<String, Object> cause) {
    }

    /** Records the changes in one batch. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordChanges(List<NewChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO health_history (account_id, evaluated_at, model_version, score, previous_score,
                                                 status, previous_status, component_deltas, cause)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)""")) {
            for (NewChange change : changes) {
                Health previous = change.previous();
                Health next = change.next();
                ps.setObject(1, next.accountId());
                ps.setTimestamp(2, Timestamp.from(next.evaluatedAt()));
                ps.setString(3, next.modelVersion());
                ps.setObject(4, next.score());
                ps.setObject(5, previous == null ? null : previous.score());
                ps.setString(6, next.status().name());
                ps.setString(7, previous == null ? null : previous.status().name());
                ps.setString(8, json.writeValueAsString(change.componentDeltas()));
                ps.setString(9, json.writeValueAsString(change.cause()));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException | JsonProcessingException e) {
            throw new EventStoreFailure("Could not record " + changes.size() + " health changes", e);
        }
    }

    /** The status reported for the account at {@code moment}: that of its last change at or before it, if any. */
    public Optional<Health.HealthStatus> statusReportedAt(UUID accountId, Instant moment) {
        return Sql.query(dataSource, """
                        SELECT status FROM health_history WHERE account_id = ? AND evaluated_at <= ?
                        ORDER BY evaluated_at DESC, id DESC LIMIT 1""", "read the status reported for " + accountId,
                ps -> {
                    ps.setObject(1, accountId);
                    ps.setTimestamp(2, Timestamp.from(moment));
                }, rs -> Health.HealthStatus.valueOf(rs.getString(1))).stream().findFirst();
    }

    public List<Change> history(UUID accountId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT id, evaluated_at, model_version, score, previous_score, status, previous_status,
                            component_deltas::text, cause::text
                     FROM health_history WHERE account_id = ? ORDER BY id""")) {
            ps.setObject(1, accountId);
            List<Change> changes = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changes.add(new Change(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                            (Integer) rs.getObject(4), (Integer) rs.getObject(5), rs.getString(6), rs.getString(7),
                            json.readTree(rs.getString(8)), json.readTree(rs.getString(9))));
                }
            }
            return changes;
        } catch (SQLException | JsonProcessingException e) {
            throw new EventStoreFailure("Could not read the health history of account " + accountId, e);
        }
    }

    /** @param visible the teams the caller may see; accounts of other teams are not counted or listed */
    /**
     * @param renewalBy only accounts renewing from today up to this day (churned ones left out); null: any
     */
    public record ListFilter(String status, String teamId, String ownerId, String tier, LocalDate renewalBy) {
    }

    public Paging.Page<Summary> list(ListFilter filter, TeamScope visible, Sort sort, Paging paging) {
        String[] teams = visible.asSqlArray();
        String order = switch (sort) {
            // The largest ARR among accounts not healthy first ("what is at stake").
            case ARR_AT_RISK -> "ORDER BY (status IN ('AT_RISK', 'WATCH')) DESC, arr DESC NULLS LAST, account_id";
            case RENEWAL_DATE -> "ORDER BY renewal_date ASC NULLS LAST, account_id";
            case SCORE -> "ORDER BY score ASC NULLS LAST, account_id";
        };
        java.sql.Date today = java.sql.Date.valueOf(LocalDate.now(java.time.ZoneOffset.UTC));
        java.sql.Date by = filter.renewalBy() == null ? null : java.sql.Date.valueOf(filter.renewalBy());
        try {
            return PagedQuery.run(dataSource,
                    "account_id, name, team_id, owner_id, tier, arr, currency, score, status, evaluated_at, renewal_date",
                    "FROM account_health WHERE (?::text IS NULL OR status = ?) AND (?::text IS NULL OR team_id = ?)"
                            + " AND (?::text IS NULL OR owner_id = ?) AND (?::text IS NULL OR tier = ?)"
                            // A churned account has no renewal left to make, whatever date it kept.
                            + " AND (?::date IS NULL OR (renewal_date BETWEEN ? AND ? AND status <> 'CHURNED'))"
                            + " AND (?::text[] IS NULL OR team_id = ANY(?))",
                    order, Arrays.asList(filter.status(), filter.status(), filter.teamId(), filter.teamId(),
                            filter.ownerId(), filter.ownerId(), filter.tier(), filter.tier(), by, today, by, teams,
                            teams), paging,
                    rs -> new Summary(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getBigDecimal(6), rs.getString(7), (Integer) rs.getObject(8),
                            rs.getString(9), rs.getTimestamp(10).toInstant(),
                            rs.getDate(11) == null ? null : rs.getDate(11).toLocalDate()));
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not list account health", e);
        }
    }
}
