package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.healthscore.domain.CompetitiveGaps;
import com.accounthealth.healthscore.domain.CompetitiveGaps.Against;
import com.accounthealth.healthscore.domain.CompetitiveGaps.CapabilityAtStake;
import com.accounthealth.healthscore.domain.CompetitiveGaps.ClosedDeal;
import com.accounthealth.healthscore.domain.CompetitiveGaps.Portfolio;
import com.accounthealth.healthscore.domain.CompetitiveGaps.Position;
import com.accounthealth.healthscore.domain.CompetitiveGaps.Stake;
import com.accounthealth.healthscore.domain.CompetitiveGaps.StakeInPortfolio;
import com.accounthealth.healthscore.domain.CompetitiveGaps.WinRate;
import com.accounthealth.webapi.PagedQuery;
import com.accounthealth.webapi.Paging;
import com.accounthealth.webapi.security.TeamScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Each account's {@link Position} in the portfolio's competitive view, as rows (see V9 in db/migration): replaced in
 * the transaction that scores the account, read a team-scoped portfolio at a time.
 */
@ApplicationScoped
public class PortfolioPositions {

    /** A row's capability as compared; see V12 in db/migration for rows without the key. */
    private static final String KEY = "coalesce(capability_key, lower(btrim(capability)))";

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
                keys = new ArrayList<>(), deals = new ArrayList<>(), amounts = new ArrayList<>();
        List<Object> againstAccounts = new ArrayList<>(), againstTeams = new ArrayList<>(),
                competitors = new ArrayList<>(), won = new ArrayList<>(), lost = new ArrayList<>();
        List<Object[]> closed = new ArrayList<>();
        for (Position p : positions) {
            for (Stake s : p.stakes()) {
                stakeAccounts.add(p.accountId());
                stakeTeams.add(p.teamId());
                capabilities.add(s.capability());
                keys.add(s.key());
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
            for (ClosedDeal d : p.closed()) {
                closed.add(new Object[] {p.accountId(), p.teamId(), d.opportunityId(), d.competitor(), d.won(),
                        d.closedAt().toString(), d.lossReason(), d.amount(), d.currency()});
            }
        }
        Object[] accounts = positions.stream().map(Position::accountId).distinct().toArray();
        try (Connection c = dataSource.getConnection()) {
            for (String table : new String[] {"portfolio_stake", "portfolio_competitor", "portfolio_closed_deal"}) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE account_id = ANY(?)")) {
                    ps.setArray(1, c.createArrayOf("uuid", accounts));
                    ps.executeUpdate();
                }
            }
            if (!stakeAccounts.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO portfolio_stake (account_id, team_id, capability, capability_key, opportunity_id, amount)
                        SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::uuid[], ?::numeric[])""")) {
                    ps.setArray(1, c.createArrayOf("uuid", stakeAccounts.toArray()));
                    ps.setArray(2, c.createArrayOf("text", stakeTeams.toArray()));
                    ps.setArray(3, c.createArrayOf("text", capabilities.toArray()));
                    ps.setArray(4, c.createArrayOf("text", keys.toArray()));
                    ps.setArray(5, c.createArrayOf("uuid", deals.toArray()));
                    ps.setArray(6, c.createArrayOf("numeric", amounts.toArray()));
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
            if (!closed.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO portfolio_closed_deal (account_id, team_id, opportunity_id, competitor, won, closed_at,
                                                           loss_reason, amount, currency)
                        SELECT a, t, o, co, w, ca::timestamptz, r, am, cu
                        FROM unnest(?::uuid[], ?::text[], ?::uuid[], ?::text[], ?::boolean[], ?::text[], ?::text[],
                                    ?::numeric[], ?::text[]) AS x(a, t, o, co, w, ca, r, am, cu)""")) {
                    String[] types = {"uuid", "text", "uuid", "text", "bool", "text", "text", "numeric", "text"};
                    for (int column = 0; column < types.length; column++) {
                        Object[] values = new Object[closed.size()];
                        for (int row = 0; row < values.length; row++) {
                            values[row] = closed.get(row)[column];
                        }
                        ps.setArray(column + 1, c.createArrayOf(types[column], values));
                    }
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not keep the portfolio positions of " + accounts.length + " accounts", e);
        }
    }

    /**
     * The portfolio's competitive view over the teams the caller may see, added up here: per capability (as compared,
     * {@link Stake#key}) the ARR of each account where it is at stake, once per account, and the amount of each lost
     * deal that lacked it, once per deal; per competitor our closed deals won and lost.
     */
    public Portfolio portfolio(TeamScope visible) {
        String[] teams = visible.asSqlArray();
        List<CapabilityAtStake> capabilities = Sql.query(dataSource, """
                WITH s AS (SELECT account_id, capability, opportunity_id, amount, """ + KEY + """
                                  AS capability_key FROM portfolio_stake WHERE ?::text[] IS NULL OR team_id = ANY(?)),
                     arr AS (SELECT capability_key, account_id, max(amount) AS amount FROM s
                             WHERE opportunity_id IS NULL GROUP BY capability_key, account_id),
                     lost AS (SELECT capability_key, opportunity_id, max(amount) AS amount FROM s
                              WHERE opportunity_id IS NOT NULL GROUP BY capability_key, opportunity_id)
                SELECT n.name, coalesce(a.arr, 0), coalesce(a.accounts, 0), coalesce(l.lost, 0), coalesce(l.deals, 0)
                FROM (SELECT capability_key,
                             (array_agg(capability ORDER BY account_id, capability, opportunity_id))[1] AS name
                      FROM s GROUP BY capability_key) n
                LEFT JOIN (SELECT capability_key, sum(amount) AS arr, count(*) AS accounts FROM arr
                           GROUP BY capability_key) a USING (capability_key)
                LEFT JOIN (SELECT capability_key, sum(amount) AS lost, count(*) AS deals FROM lost
                           GROUP BY capability_key) l USING (capability_key)""", "add up the capabilities at stake",
                ps -> {
                    ps.setObject(1, teams);
                    ps.setObject(2, teams);
                }, rs -> CompetitiveGaps.atStake(rs.getString(1), rs.getBigDecimal(2), rs.getInt(3),
                        rs.getBigDecimal(4), rs.getInt(5)));
        List<WinRate> winRates = Sql.query(dataSource, """
                SELECT competitor, sum(won), sum(lost) FROM portfolio_competitor
                WHERE ?::text[] IS NULL OR team_id = ANY(?)
                GROUP BY competitor HAVING sum(won) + sum(lost) > 0""", "add up the win rates", ps -> {
                    ps.setObject(1, teams);
                    ps.setObject(2, teams);
                }, rs -> CompetitiveGaps.winRate(rs.getString(1), rs.getInt(2), rs.getInt(3)));
        return CompetitiveGaps.portfolio(capabilities, winRates);
    }

    /**
     * The closed deals of the teams the caller may see, closed since {@code from}: won and lost per month and
     * competitor (a deal without a competitor counts under none), and the lost deals per reason and competitor with
     * their amounts per currency, most deals first.
     */
    public CompetitiveGaps.OverTime overTime(TeamScope visible, Instant from) {
        String[] teams = visible.asSqlArray();
        Timestamp since = Timestamp.from(from);
        List<CompetitiveGaps.WinRateInMonth> months = Sql.query(dataSource, """
                SELECT (date_trunc('month', closed_at AT TIME ZONE 'UTC'))::date, competitor,
                       count(DISTINCT opportunity_id) FILTER (WHERE won), count(DISTINCT opportunity_id) FILTER (WHERE NOT won)
                FROM portfolio_closed_deal
                WHERE competitor IS NOT NULL AND closed_at >= ? AND (?::text[] IS NULL OR team_id = ANY(?))
                GROUP BY 1, 2 ORDER BY 1, 2""", "add up the win rates per month", ps -> {
                    ps.setTimestamp(1, since);
                    ps.setObject(2, teams);
                    ps.setObject(3, teams);
                }, rs -> new CompetitiveGaps.WinRateInMonth(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getInt(3),
                        rs.getInt(4)));
        record ReasonRow(String reason, String competitor, int deals, String currency, BigDecimal amount) {
        }
        List<ReasonRow> rows = Sql.query(dataSource, """
                WITH lost AS (SELECT DISTINCT opportunity_id, coalesce(nullif(trim(loss_reason), ''), 'No reason given')
                                     AS reason, competitor, amount, currency
                              FROM portfolio_closed_deal
                              WHERE NOT won AND closed_at >= ? AND (?::text[] IS NULL OR team_id = ANY(?)))
                SELECT reason, competitor, count(*), currency, sum(amount) FROM lost
                GROUP BY reason, competitor, currency ORDER BY count(*) DESC, reason, competitor, currency""",
                "add up the loss reasons", ps -> {
                    ps.setTimestamp(1, since);
                    ps.setObject(2, teams);
                    ps.setObject(3, teams);
                }, rs -> new ReasonRow(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getBigDecimal(5)));
        Map<List<String>, List<ReasonRow>> byReason = new LinkedHashMap<>();
        rows.forEach(r -> byReason.computeIfAbsent(Arrays.asList(r.reason(), r.competitor()), k -> new ArrayList<>())
                .add(r));
        List<CompetitiveGaps.LossReason> reasons = byReason.values().stream().map(group -> new CompetitiveGaps.LossReason(
                group.getFirst().reason(), group.getFirst().competitor(), group.stream().mapToInt(ReasonRow::deals).sum(),
                group.stream().filter(r -> r.currency() != null && r.amount() != null)
                        .map(r -> new CompetitiveGaps.Money(r.currency(), r.amount())).toList()))
                .sorted(Comparator.comparingInt(CompetitiveGaps.LossReason::deals).reversed()).toList();
        return new CompetitiveGaps.OverTime(months, reasons);
    }

    /**
     * The stakes of one capability (compared trimmed and case-insensitively) over the teams the caller may see,
     * largest amount first: the accounts and lost deals behind its line of {@link #portfolio}.
     */
    public Paging.Page<StakeInPortfolio> stakes(String capability, TeamScope visible, Paging paging) {
        String[] teams = visible.asSqlArray();
        try {
            return PagedQuery.run(dataSource, "account_id, team_id, opportunity_id, amount",
                    "FROM portfolio_stake WHERE " + KEY + " = ? AND (?::text[] IS NULL OR team_id = ANY(?))",
                    "ORDER BY amount DESC NULLS LAST, account_id, opportunity_id NULLS FIRST",
                    Arrays.asList(CompetitiveGaps.capabilityKey(capability), teams, teams), paging,
                    rs -> new StakeInPortfolio(rs.getObject(1, UUID.class), rs.getString(2),
                            rs.getObject(3, UUID.class), rs.getBigDecimal(4)));
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not read the stakes of a capability", e);
        }
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
