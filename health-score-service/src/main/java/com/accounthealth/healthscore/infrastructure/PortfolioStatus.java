package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.healthscore.domain.Health.HealthStatus;
import com.accounthealth.webapi.security.TeamScope;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the portfolio stands, as team-scoped aggregates of rows scoring keeps: accounts and ARR per status now (from
 * account_health), and accounts per status at past moments (from account_status_span, see V11 in db/migration).
 * ARR is added up per currency, never across currencies.
 */
@ApplicationScoped
public class PortfolioStatus {

    public record Amount(String currency, BigDecimal amount) {
    }

    /** The accounts in one status and their ARR per currency (accounts without ARR are counted, not added). */
    public record InStatus(HealthStatus status, long accounts, List<Amount> arr) {
    }

    /**
     * @param arrAtRisk the ARR of the accounts at risk, per currency: what {@link #statuses} says for AT_RISK
     */
    public record Standing(long accounts, List<InStatus> statuses, List<Amount> arrAtRisk) {
    }

    /** The accounts per status at the end of a month (the last point: now). */
    public record Point(Instant at, Map<HealthStatus, Long> accounts) {
    }

    private final DataSource dataSource;

    public PortfolioStatus(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @param teamId only this team's accounts (null: every team the caller may see) */
    public Standing now(TeamScope visible, String teamId) {
        String[] teams = visible.asSqlArray();
        record Row(HealthStatus status, String currency, long accounts, BigDecimal arr) {
        }
        List<Row> rows = Sql.query(dataSource, """
                        SELECT status, currency, count(*), sum(arr) FROM account_health
                        WHERE (?::text IS NULL OR team_id = ?) AND (?::text[] IS NULL OR team_id = ANY(?))
                        GROUP BY status, currency""", "count the accounts per status",
                ps -> {
                    ps.setString(1, teamId);
                    ps.setString(2, teamId);
                    ps.setObject(3, teams);
                    ps.setObject(4, teams);
                },
                rs -> new Row(HealthStatus.valueOf(rs.getString(1)), rs.getString(2), rs.getLong(3),
                        rs.getBigDecimal(4)));
        Map<HealthStatus, Long> accounts = new EnumMap<>(HealthStatus.class);
        Map<HealthStatus, List<Amount>> arr = new EnumMap<>(HealthStatus.class);
        for (HealthStatus status : HealthStatus.values()) {
            accounts.put(status, 0L);
            arr.put(status, new ArrayList<>());
        }
        for (Row row : rows) {
            accounts.merge(row.status(), row.accounts(), Long::sum);
            if (row.currency() != null && row.arr() != null) {
                arr.get(row.status()).add(new Amount(row.currency(), row.arr()));
            }
        }
        List<InStatus> statuses = new ArrayList<>();
        for (HealthStatus status : HealthStatus.values()) {
            arr.get(status).sort((a, b) -> a.currency().compareTo(b.currency()));
            statuses.add(new InStatus(status, accounts.get(status), List.copyOf(arr.get(status))));
        }
        long total = accounts.values().stream().mapToLong(Long::longValue).sum();
        return new Standing(total, statuses, List.copyOf(arr.get(HealthStatus.AT_RISK)));
    }

    /**
     * Accounts per status at the end of each of the last {@code months} months, the current one ending now: counted
     * from the spans the accounts stood in each status, in one query.
     */
    public List<Point> overTime(TeamScope visible, String teamId, int months, Instant at) {
        Instant now = at.truncatedTo(ChronoUnit.MILLIS); // as the database gives it back
        String[] teams = visible.asSqlArray();
        List<Instant> points = new ArrayList<>();
        LocalDate firstOfMonth = LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1);
        for (int back = months - 1; back >= 1; back--) {
            points.add(firstOfMonth.minusMonths(back - 1L).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1));
        }
        points.add(now);
        Map<Instant, Map<HealthStatus, Long>> counts = new LinkedHashMap<>();
        for (Instant point : points) {
            Map<HealthStatus, Long> none = new EnumMap<>(HealthStatus.class);
            for (HealthStatus status : HealthStatus.values()) {
                none.put(status, 0L);
            }
            counts.put(point, none);
        }
        Timestamp[] moments = points.stream().map(Timestamp::from).toArray(Timestamp[]::new);
        Sql.query(dataSource, """
                        SELECT p.at, s.status, count(*)
                        FROM unnest(?::timestamptz[]) AS p(at)
                             JOIN account_status_span s ON s.since <= p.at AND (s.until IS NULL OR s.until > p.at)
                        WHERE (?::text IS NULL OR s.team_id = ?) AND (?::text[] IS NULL OR s.team_id = ANY(?))
                        GROUP BY p.at, s.status""", "count the accounts per status over time",
                ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("timestamptz", moments));
                    ps.setString(2, teamId);
                    ps.setString(3, teamId);
                    ps.setObject(4, teams);
                    ps.setObject(5, teams);
                },
                rs -> counts.get(rs.getTimestamp(1).toInstant()).put(HealthStatus.valueOf(rs.getString(2)), rs.getLong(3)));
        return counts.entrySet().stream().map(e -> new Point(e.getKey(), e.getValue())).toList();
    }
}
