package com.accounthealth.opportunity.infrastructure;

import com.accounthealth.contract.opportunity.Stage;
import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.kernel.Money;
import com.accounthealth.opportunity.domain.Opportunity;
import com.accounthealth.opportunity.domain.Pipeline;
import com.accounthealth.webapi.PagedQuery;
import com.accounthealth.webapi.Paging;
import com.accounthealth.webapi.security.TeamScope;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** Finds opportunities by account, status, owner and team, and what the pipeline reads of them (opportunity_summary). */
@ApplicationScoped
public class OpportunitySummaries {

    public record Summary(UUID opportunityId, UUID accountId, String name, String ownerId, String teamId, String type,
                          String stage, String status, int version) {
    }

    private static final TypeReference<List<Opportunity.StageStay>> STAYS = new TypeReference<>() {
    };

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final OpportunityRepository opportunities;

    public OpportunitySummaries(DataSource dataSource, ObjectMapper json, OpportunityRepository opportunities) {
        this.dataSource = dataSource;
        this.json = json;
        this.opportunities = opportunities;
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

    /**
     * What the pipeline reads of every opportunity (open or closed) of an owner and/or a team the caller may see, from
     * their rows, in one query.
     */
    public List<Pipeline.Deal> pipelineDealsOf(String ownerId, String teamId, TeamScope visible) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT opportunity_id, name, stage, amount, currency, slip_count, expected_close_date, closed_at,
                            stays::text
                     FROM opportunity_summary
                     WHERE (?::text IS NULL OR owner_id = ?) AND (?::text IS NULL OR team_id = ?)
                       AND (?::text[] IS NULL OR team_id = ANY(?))""")) {
            ps.setString(1, ownerId);
            ps.setString(2, ownerId);
            ps.setString(3, teamId);
            ps.setString(4, teamId);
            ps.setObject(5, visible.asSqlArray());
            ps.setObject(6, visible.asSqlArray());
            List<Pipeline.Deal> deals = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(9) == null) {
                        // Written by an older version and not completed yet (CompletingPipelineRows): from the stream.
                        deals.add(Pipeline.Deal.of(opportunities.load(rs.getObject(1, UUID.class))));
                        continue;
                    }
                    Timestamp closedAt = rs.getTimestamp(8);
                    deals.add(new Pipeline.Deal(rs.getObject(1, UUID.class), rs.getString(2),
                            Stage.valueOf(rs.getString(3)), new Money(rs.getBigDecimal(4), rs.getString(5)),
                            rs.getInt(6), rs.getObject(7, LocalDate.class),
                            closedAt == null ? null : closedAt.toInstant(), json.readValue(rs.getString(9), STAYS)));
                }
            }
            return deals;
        } catch (SQLException | JsonProcessingException e) {
            throw new EventStoreFailure("Could not read the pipeline's opportunities", e);
        }
    }

    /** Rows written before they held what the pipeline reads (see V2 in db/migration), at most {@code limit}. */
    public List<UUID> withoutPipelineFigures(int limit) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT opportunity_id FROM opportunity_summary WHERE stays IS NULL LIMIT ?")) {
            ps.setInt(1, limit);
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not find the rows to complete", e);
        }
    }
}
