package com.accounthealth.opportunity.infrastructure;

import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.opportunity.domain.Stage;
import com.accounthealth.webapi.PagedQuery;
import com.accounthealth.webapi.Paging;
import com.accounthealth.webapi.security.TeamScope;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Finds opportunities by account, status, owner and team (the opportunity_summary read model). */
@ApplicationScoped
public class OpportunitySummaries {

    public record Summary(UUID opportunityId, UUID accountId, String name, String ownerId, String teamId, String type,
                          String stage, String status, int version) {
    }

    private final DataSource dataSource;

    public OpportunitySummaries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    static String status(Stage stage) {
        return switch (stage) {
            case CLOSED_WON -> "WON";
            case CLOSED_LOST -> "LOST";
            default -> "OPEN";
        };
    }

    /** @param visible the teams the caller may see; deals of other teams are not counted or listed */
    public Paging.Page<Summary> byAccount(UUID accountId, String status, TeamScope visible, Paging paging) {
        String[] teams = visible.asSqlArray();
        try {
            return PagedQuery.run(dataSource,
                    "opportunity_id, account_id, name, owner_id, team_id, type, stage, status, version",
                    "FROM opportunity_summary WHERE account_id = ? AND (?::text IS NULL OR status = ?)"
                            + " AND (?::text[] IS NULL OR team_id = ANY(?))",
                    "ORDER BY name, opportunity_id", Arrays.asList(accountId, status, status, teams, teams), paging,
                    rs -> new Summary(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getInt(9)));
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not list opportunities", e);
        }
    }

    /** The ids of every opportunity (open or closed) of an owner and/or a team the caller may see, for the pipeline. */
    public List<UUID> idsOf(String ownerId, String teamId, TeamScope visible) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT opportunity_id FROM opportunity_summary"
                     + " WHERE (?::text IS NULL OR owner_id = ?) AND (?::text IS NULL OR team_id = ?)"
                     + " AND (?::text[] IS NULL OR team_id = ANY(?))")) {
            ps.setString(1, ownerId);
            ps.setString(2, ownerId);
            ps.setString(3, teamId);
            ps.setString(4, teamId);
            ps.setObject(5, visible.asSqlArray());
            ps.setObject(6, visible.asSqlArray());
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not select the pipeline's opportunities", e);
        }
    }
}
