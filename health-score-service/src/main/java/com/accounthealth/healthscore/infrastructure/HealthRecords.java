package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.healthscore.domain.AccountFacts;
import com.accounthealth.healthscore.domain.Health;
import com.accounthealth.webapi.PagedQuery;
import com.accounthealth.webapi.Paging;
import com.accounthealth.webapi.security.TeamScope;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
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
                          String currency, Integer score, String status, Instant evaluatedAt) {
    }

    /** A history row: the change and what caused it. */
    public record Change(long id, Instant evaluatedAt, String modelVersion, Integer score, Integer previousScore,
                         String status, String previousStatus, JsonNode componentDeltas, JsonNode cause) {
    }

    public enum Sort { SCORE, ARR_AT_RISK }

    private final DataSource dataSource;
    private final ObjectMapper json;

    public HealthRecords(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
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

    private static final String SAVE = """
            INSERT INTO account_health (account_id, name, team_id, owner_id, tier, arr, currency, score, status,
                                        model_version, evaluated_at, health)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
            ON CONFLICT (account_id) DO UPDATE SET name = excluded.name, team_id = excluded.team_id,
                owner_id = excluded.owner_id, tier = excluded.tier, arr = excluded.arr,
                currency = excluded.currency, score = excluded.score, status = excluded.status,
                model_version = excluded.model_version, evaluated_at = excluded.evaluated_at,
                health = excluded.health""";

    /** The current health of each of {@code accounts} that was ever scored, in one query. */
    public Map<UUID, Health> currentOf(Collection<UUID> accounts) {
        Map<UUID, Health> current = new HashMap<>();
        if (accounts.isEmpty()) {
            return current;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT account_id, health::text FROM account_health WHERE account_id = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("uuid", accounts.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    current.put(rs.getObject(1, UUID.class), json.readValue(rs.getString(2), Health.class));
                }
            }
            return current;
        } catch (SQLException | JsonProcessingException e) {
            throw new EventStoreFailure("Could not read the health of " + accounts.size() + " accounts", e);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void save(Health health, AccountFacts facts) {
        saveAll(List.of(new Scored(health, facts)));
    }

    /** Saves every account's new health in one JDBC batch. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void saveAll(List<Scored> scored) {
        if (scored.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SAVE)) {
            for (Scored s : scored) {
                Health health = s.health();
                AccountFacts facts = s.facts();
                ps.setObject(1, health.accountId());
                ps.setString(2, facts.name());
                ps.setString(3, facts.teamId());
                ps.setString(4, facts.ownerId());
                ps.setString(5, facts.tier() == null ? null : facts.tier().name());
                ps.setBigDecimal(6, facts.arr());
                ps.setString(7, facts.currency());
                ps.setObject(8, health.score());
                ps.setString(9, health.status().name());
                ps.setString(10, health.modelVersion());
                ps.setTimestamp(11, Timestamp.from(health.evaluatedAt()));
                ps.setString(12, json.writeValueAsString(health));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException | JsonProcessingException e) {
            throw new EventStoreFailure("Could not save the health of " + scored.size() + " accounts", e);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public long recordChange(Health previous, Health next, Map<String, Integer> componentDeltas, Map<String, Object> cause) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO health_history (account_id, evaluated_at, model_version, score, previous_score, status,
                                                 previous_status, component_deltas, cause)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb) RETURNING id""")) {
            ps.setObject(1, next.accountId());
            ps.setTimestamp(2, Timestamp.from(next.evaluatedAt()));
            ps.setString(3, next.modelVersion());
            ps.setObject(4, next.score());
            ps.setObject(5, previous == null ? null : previous.score());
            ps.setString(6, next.status().name());
            ps.setString(7, previous == null ? null : previous.status().name());
            ps.setString(8, json.writeValueAsString(componentDeltas));
            ps.setString(9, json.writeValueAsString(cause));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new EventStoreFailure("Could not record the health change of account " + next.accountId(), e);
        }
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
    public Paging.Page<Summary> list(String status, String teamId, String ownerId, TeamScope visible, Sort sort,
                                     Paging paging) {
        String[] teams = visible.asSqlArray();
        // Lowest score first; or the largest ARR among accounts not healthy first ("what is at stake").
        String order = sort == Sort.ARR_AT_RISK
                ? "ORDER BY (status IN ('AT_RISK', 'WATCH')) DESC, arr DESC NULLS LAST, account_id"
                : "ORDER BY score ASC NULLS LAST, account_id";
        try {
            return PagedQuery.run(dataSource,
                    "account_id, name, team_id, owner_id, tier, arr, currency, score, status, evaluated_at",
                    "FROM account_health WHERE (?::text IS NULL OR status = ?) AND (?::text IS NULL OR team_id = ?)"
                            + " AND (?::text IS NULL OR owner_id = ?) AND (?::text[] IS NULL OR team_id = ANY(?))",
                    order, Arrays.asList(status, status, teamId, teamId, ownerId, ownerId, teams, teams), paging,
                    rs -> new Summary(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getBigDecimal(6), rs.getString(7), (Integer) rs.getObject(8),
                            rs.getString(9), rs.getTimestamp(10).toInstant()));
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not list account health", e);
        }
    }
}
