package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.contract.ContractJson;
import com.accounthealth.contract.account.AccountEvent;
import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.healthscore.domain.AccountOutcome;
import com.accounthealth.webapi.PagedQuery;
import com.accounthealth.webapi.Paging;
import com.accounthealth.webapi.security.TeamScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The outcomes of accounts ({@code account_outcome}, V14): kept by ingest in the transaction that stores their events,
 * read by the outcome endpoints and backtests, never by scoring.
 */
@ApplicationScoped
public class Outcomes {

    private static final String PREFIX = "com.accounthealth.account.";
    /** The CloudEvent types that carry an outcome, by event name: every other event is passed over unread. */
    private static final Map<String, String> OUTCOME_TYPES = Map.of(
            PREFIX + "AccountRenewed.v1", "AccountRenewed",
            PREFIX + "AccountDowngraded.v1", "AccountDowngraded",
            PREFIX + "RenewalLost.v1", "RenewalLost",
            PREFIX + "AccountChurned.v1", "AccountChurned");

    /** An outcome as the API shows it, with the account's name and team as health knows them now. */
    public record Outcome(UUID eventId, UUID accountId, String accountName, String teamId, AccountOutcome.Kind kind,
                          Instant at, BigDecimal arrBefore, BigDecimal arrAfter, String currency, String reason,
                          String competitor) {
    }

    private final DataSource dataSource;

    public Outcomes(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Keeps the outcomes among each account's newly stored {@code events}; a redelivered one is kept once. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void keep(Map<UUID, ? extends Collection<Inbox.Event>> events) {
        events.forEach((account, stored) -> stored.forEach(e -> {
            String name = OUTCOME_TYPES.get(e.type());
            if (name != null) {
                ContractJson.read(AccountEvent.class, name, e.data())
                        .flatMap(event -> AccountOutcome.of(event, e.id(), account, FactsFromEvents.instant(e.time())))
                        .ifPresent(this::insert);
            }
        }));
    }

    private void insert(AccountOutcome o) {
        Sql.update(dataSource, """
                INSERT INTO account_outcome (event_id, account_id, kind, occurred_at, arr_before, arr_after, currency,
                                             reason, competitor)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""",
                "keep the outcome " + o.kind() + " of account " + o.accountId(), ps -> {
                    ps.setObject(1, o.eventId());
                    ps.setObject(2, o.accountId());
                    ps.setString(3, o.kind().name());
                    ps.setTimestamp(4, Timestamp.from(o.at()));
                    ps.setBigDecimal(5, o.arrBefore());
                    ps.setBigDecimal(6, o.arrAfter());
                    ps.setString(7, o.currency());
                    ps.setString(8, o.reason());
                    ps.setString(9, o.competitor());
                });
    }

    private static final String COLUMNS = """
            o.event_id, o.account_id, h.name, h.team_id, o.kind, o.occurred_at, o.arr_before, o.arr_after, o.currency,
            o.reason, o.competitor""";

    /** The account's outcomes, oldest first. */
    public List<Outcome> ofAccount(UUID accountId) {
        return Sql.query(dataSource, "SELECT " + COLUMNS + """
                         FROM account_outcome o LEFT JOIN account_health h USING (account_id)
                        WHERE o.account_id = ? ORDER BY o.occurred_at, o.event_id""",
                "read the outcomes of account " + accountId, ps -> ps.setObject(1, accountId), Outcomes::row);
    }

    /** The outcomes that happened from {@code from} (included) to {@code to} (excluded) in the caller's teams. */
    public Paging.Page<Outcome> between(Instant from, Instant to, AccountOutcome.Kind kind, TeamScope visible,
                                        Paging paging) {
        String[] teams = visible.asSqlArray();
        String kindName = kind == null ? null : kind.name();
        try {
            return PagedQuery.run(dataSource, COLUMNS, """
                            FROM account_outcome o LEFT JOIN account_health h USING (account_id)
                            WHERE o.occurred_at >= ? AND o.occurred_at < ? AND (?::text IS NULL OR o.kind = ?)
                              AND (?::text[] IS NULL OR h.team_id = ANY(?))""",
                    "ORDER BY o.occurred_at, o.event_id", Arrays.asList(Timestamp.from(from), Timestamp.from(to),
                            kindName, kindName, teams, teams), paging, Outcomes::row);
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not list the outcomes", e);
        }
    }

    /**
     * For a backtest: each account's first outcome in [{@code from}, {@code to}) that is a renewal, a lost renewal or a
     * churn (a downgrade is neither a warning's target nor a renewal), in account order; only those of {@code accounts}
     * (null: every account).
     */
    public Map<UUID, AccountOutcome> firstBetween(Instant from, Instant to, Collection<UUID> accounts) {
        Map<UUID, AccountOutcome> first = new java.util.LinkedHashMap<>();
        UUID[] only = accounts == null ? null : accounts.toArray(UUID[]::new);
        Sql.query(dataSource, """
                        SELECT DISTINCT ON (account_id) event_id, account_id, kind, occurred_at FROM account_outcome
                        WHERE occurred_at >= ? AND occurred_at < ? AND kind <> 'DOWNGRADED'
                          AND (?::uuid[] IS NULL OR account_id = ANY(?))
                        ORDER BY account_id, occurred_at, event_id""", "read the outcomes of a period", ps -> {
                    ps.setTimestamp(1, Timestamp.from(from));
                    ps.setTimestamp(2, Timestamp.from(to));
                    java.sql.Array array = only == null ? null : ps.getConnection().createArrayOf("uuid", only);
                    ps.setArray(3, array);
                    ps.setArray(4, array);
                }, rs -> new AccountOutcome(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        AccountOutcome.Kind.valueOf(rs.getString(3)), rs.getTimestamp(4).toInstant(), null, null, null,
                        null, null))
                .forEach(o -> first.put(o.accountId(), o));
        return first;
    }

    private static Outcome row(ResultSet rs) throws SQLException {
        return new Outcome(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                AccountOutcome.Kind.valueOf(rs.getString(5)), rs.getTimestamp(6).toInstant(), rs.getBigDecimal(7),
                rs.getBigDecimal(8), rs.getString(9), rs.getString(10), rs.getString(11));
    }
}
