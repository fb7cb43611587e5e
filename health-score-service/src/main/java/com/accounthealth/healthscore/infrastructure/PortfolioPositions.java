package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.healthscore.domain.CompetitiveGaps.Against;
import com.accounthealth.healthscore.domain.CompetitiveGaps.Position;
import com.accounthealth.healthscore.domain.CompetitiveGaps.Stake;
import com.accounthealth.webapi.security.TeamScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Each account's {@link Position} in the portfolio's competitive view, as rows (see V9 in db/migration): replaced in
 * the transaction that scores the account, read a team-scoped portfolio at a time.
 */
@ApplicationScoped
public class PortfolioPositions {

    private final DataSource dataSource;

    public PortfolioPositions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Replaces the rows of the positions' accounts, in one statement per table and step. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void replace(List<Position> positions) {
        if (positions.isEmpty()) {
            return;
        }
        List<Object> stakeAccounts = new ArrayList<>(), stakeTeams = new ArrayList<>(), capabilities = new ArrayList<>(),
                deals = new ArrayList<>(), amounts = new ArrayList<>();
        List<Object> againstAccounts = new ArrayList<>(), againstTeams = new ArrayList<>(),
                competitors = new ArrayList<>(), won = new ArrayList<>(), lost = new ArrayList<>();
        for (Position p : positions) {
            for (Stake s : p.stakes()) {
                stakeAccounts.add(p.accountId());
                stakeTeams.add(p.teamId());
                capabilities.add(s.capability());
                deals.add(s.opportunityId());
                amounts.add(s.amount());
            }
            for (Against a : p.against()) {
                againstAccounts.add(p.accountId());
                againstTeams.add(p.teamId());
                competitors.add(a.competitor());
                won.add(a.won());
                lost.add(a.lost());
            }
        }
        Object[] accounts = positions.stream().map(Position::accountId).distinct().toArray();
        try (Connection c = dataSource.getConnection()) {
            for (String table : new String[] {"portfolio_stake", "portfolio_competitor"}) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE account_id = ANY(?)")) {
                    ps.setArray(1, c.createArrayOf("uuid", accounts));
                    ps.executeUpdate();
                }
            }
            if (!stakeAccounts.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO portfolio_stake (account_id, team_id, capability, opportunity_id, amount)
                        SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::uuid[], ?::numeric[])""")) {
                    ps.setArray(1, c.createArrayOf("uuid", stakeAccounts.toArray()));
                    ps.setArray(2, c.createArrayOf("text", stakeTeams.toArray()));
                    ps.setArray(3, c.createArrayOf("text", capabilities.toArray()));
                    ps.setArray(4, c.createArrayOf("uuid", deals.toArray()));
                    ps.setArray(5, c.createArrayOf("numeric", amounts.toArray()));
                    ps.executeUpdate();
                }
            }
            if (!againstAccounts.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO portfolio_competitor (account_id, team_id, competitor, won, lost)
                        SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::int[], ?::int[])""")) {
                    ps.setArray(1, c.createArrayOf("uuid", againstAccounts.toArray()));
                    ps.setArray(2, c.createArrayOf("text", againstTeams.toArray()));
                    ps.setArray(3, c.createArrayOf("text", competitors.toArray()));
                    ps.setArray(4, c.createArrayOf("int4", won.toArray()));
                    ps.setArray(5, c.createArrayOf("int4", lost.toArray()));
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not keep the portfolio positions of " + accounts.length + " accounts", e);
        }
    }

    /** The positions of the accounts of the teams the caller may see. */
    public List<Position> of(TeamScope visible) {
        String[] teams = visible.asSqlArray();
        Map<UUID, List<Stake>> stakes = new LinkedHashMap<>();
        Map<UUID, List<Against>> against = new LinkedHashMap<>();
        Map<UUID, String> teamOf = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT account_id, team_id, capability, opportunity_id, amount FROM portfolio_stake
                    WHERE ?::text[] IS NULL OR team_id = ANY(?) ORDER BY account_id, capability, opportunity_id""")) {
                ps.setObject(1, teams);
                ps.setObject(2, teams);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID account = rs.getObject(1, UUID.class);
                        teamOf.putIfAbsent(account, rs.getString(2));
                        stakes.computeIfAbsent(account, k -> new ArrayList<>()).add(new Stake(rs.getString(3),
                                rs.getBigDecimal(5), rs.getObject(4, UUID.class)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT account_id, team_id, competitor, won, lost FROM portfolio_competitor
                    WHERE ?::text[] IS NULL OR team_id = ANY(?) ORDER BY account_id, competitor""")) {
                ps.setObject(1, teams);
                ps.setObject(2, teams);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID account = rs.getObject(1, UUID.class);
                        teamOf.putIfAbsent(account, rs.getString(2));
                        against.computeIfAbsent(account, k -> new ArrayList<>())
                                .add(new Against(rs.getString(3), rs.getInt(4), rs.getInt(5)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not read the portfolio positions", e);
        }
        return teamOf.entrySet().stream().map(e -> new Position(e.getKey(), e.getValue(),
                stakes.getOrDefault(e.getKey(), List.of()), against.getOrDefault(e.getKey(), List.of()))).toList();
    }

    /**
     * Whether the projection must be built (again): never started on this database, or its build job failed. Holds a
     * lock until the caller's transaction ends, so of replicas starting together one decides.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean needsBuild(String projection) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('projection-build'))")) {
                ps.execute();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT j.state FROM projection_build b LEFT JOIN rescore_job j ON j.job_id = b.job_id
                    WHERE b.projection = ?""")) {
                ps.setString(1, projection);
                try (ResultSet rs = ps.executeQuery()) {
                    return !rs.next() || "FAILED".equals(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not read the build of " + projection, e);
        }
    }

    /** Records the job that builds the projection. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void building(String projection, UUID jobId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO projection_build (projection, job_id) VALUES (?, ?)
                     ON CONFLICT (projection) DO UPDATE SET job_id = excluded.job_id, started_at = now()""")) {
            ps.setString(1, projection);
            ps.setObject(2, jobId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not record the build of " + projection, e);
        }
    }
}
