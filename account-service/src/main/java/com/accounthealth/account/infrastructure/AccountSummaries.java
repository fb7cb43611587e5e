package com.accounthealth.account.infrastructure;

import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.webapi.Paging;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
        String where = " WHERE (?::text IS NULL OR owner_id = ?) AND (?::text IS NULL OR team_id = ?)";
        try (Connection c = dataSource.getConnection();
             PreparedStatement count = c.prepareStatement("SELECT count(*) FROM account_summary" + where);
             PreparedStatement page = c.prepareStatement("SELECT account_id, name, owner_id, team_id, tier, status, version"
                     + " FROM account_summary" + where + " ORDER BY name, account_id LIMIT ? OFFSET ?")) {
            for (PreparedStatement ps : List.of(count, page)) {
                ps.setString(1, ownerId);
                ps.setString(2, ownerId);
                ps.setString(3, teamId);
                ps.setString(4, teamId);
            }
            page.setInt(5, paging.size());
            page.setInt(6, paging.offset());
            long total;
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
            List<Summary> items = new ArrayList<>();
            try (ResultSet rs = page.executeQuery()) {
                while (rs.next()) {
                    items.add(new Summary(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7)));
                }
            }
            return paging.page(items, total);
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not list accounts", e);
        }
    }
}
