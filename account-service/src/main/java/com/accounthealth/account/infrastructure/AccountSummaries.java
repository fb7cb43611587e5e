package com.accounthealth.account.infrastructure;

import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.webapi.PagedQuery;
import com.accounthealth.webapi.Paging;
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

    public Paging.Page<Summary> find(String ownerId, String teamId, Paging paging) {
        try {
            return PagedQuery.run(dataSource, "account_id, name, owner_id, team_id, tier, status, version",
                    "FROM account_summary WHERE (?::text IS NULL OR owner_id = ?) AND (?::text IS NULL OR team_id = ?)",
                    "ORDER BY name, account_id", Arrays.asList(ownerId, ownerId, teamId, teamId), paging,
                    rs -> new Summary(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getInt(7)));
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not list accounts", e);
        }
    }
}
