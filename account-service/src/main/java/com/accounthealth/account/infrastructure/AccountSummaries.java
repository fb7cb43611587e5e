package com.accounthealth.account.infrastructure;

import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.webapi.PagedQuery;
import com.accounthealth.webapi.Paging;
import com.accounthealth.webapi.security.TeamScope;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.UUID;

/** Pages through accounts by owner and team (the account_summary read model). */
@ApplicationScoped
public class AccountSummaries {

    public record Summary(UUID accountId, String name, String ownerId, String teamId, String tier, String status,
                          int version) {
    }

    private final DataSource dataSource;

    public AccountSummaries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @param visible the teams the caller may see; accounts of other teams are not counted or listed */
    public Paging.Page<Summary> find(String ownerId, String teamId, TeamScope visible, Paging paging) {
        String[] teams = visible.asSqlArray();
        try {
            return PagedQuery.run(dataSource, "account_id, name, owner_id, team_id, tier, status, version",
                    "FROM account_summary WHERE (?::text IS NULL OR owner_id = ?) AND (?::text IS NULL OR team_id = ?)"
                            + " AND (?::text[] IS NULL OR team_id = ANY(?))",
                    "ORDER BY name, account_id", Arrays.asList(ownerId, ownerId, teamId, teamId, teams, teams), paging,
                    rs -> new Summary(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getInt(7)));
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not list accounts", e);
        }
    }
}
