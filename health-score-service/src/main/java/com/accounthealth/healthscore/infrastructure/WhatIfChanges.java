package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.healthscore.domain.Health;
import com.accounthealth.healthscore.domain.WhatIf;
import com.accounthealth.webapi.PagedQuery;
import com.accounthealth.webapi.Paging;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** What a what-if found (what_if_change, V16): per account, the change a draft model would make. */
@ApplicationScoped
public class WhatIfChanges {

    /** An account the draft would change. */
    @Schema(name = "WhatIfChange")
    public record Change(UUID accountId, String name, String teamId, Health.HealthStatus statusBefore,
                         Health.HealthStatus statusAfter, Integer scoreBefore, Integer scoreAfter,
                         List<WhatIf.ReasonChange> reasons) {
    }

    private static final TypeReference<List<WhatIf.ReasonChange>> REASONS = new TypeReference<>() {
    };

    private final DataSource dataSource;
    private final ObjectMapper json;

    public WhatIfChanges(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Records a chunk's changes in the transaction that completes it (a retried chunk writes them once). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(UUID jobId, List<WhatIf.OfAccount> previews) {
        if (previews.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO what_if_change (job_id, account_id, name, team_id, status_before, status_after,
                                                 score_before, score_after, reasons)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            for (WhatIf.OfAccount p : previews) {
                WhatIf w = p.change();
                ps.setObject(1, jobId);
                ps.setObject(2, p.facts().accountId());
                ps.setString(3, p.facts().name());
                ps.setString(4, p.facts().teamId());
                ps.setString(5, w.statusBefore() == null ? null : w.statusBefore().name());
                ps.setString(6, w.statusAfter().name());
                setInteger(ps, 7, w.scoreBefore());
                setInteger(ps, 8, w.scoreAfter());
                ps.setString(9, json.writeValueAsString(w.reasons()));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException | JsonProcessingException e) {
            throw new EventStoreFailure("Could not record the what-if changes of job " + jobId, e);
        }
    }

    /** A page of the job's changes, status changes first, then by the largest move of score. */
    public Paging.Page<Change> of(UUID jobId, boolean statusChangesOnly, Paging paging) {
        try {
            return PagedQuery.run(dataSource, """
                            account_id, name, team_id, status_before, status_after, score_before, score_after, reasons""",
                    """
                            FROM what_if_change WHERE job_id = ?
                             AND (NOT ? OR status_before IS DISTINCT FROM status_after)""",
                    """
                            ORDER BY (status_before IS DISTINCT FROM status_after) DESC,
                                     abs(coalesce(score_after, 0) - coalesce(score_before, 0)) DESC, account_id""",
                    Arrays.asList(jobId, statusChangesOnly), paging, this::row);
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not read the what-if changes of job " + jobId, e);
        }
    }

    private Change row(ResultSet rs) throws SQLException {
        try {
            String before = rs.getString(4);
            return new Change(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                    before == null ? null : Health.HealthStatus.valueOf(before),
                    Health.HealthStatus.valueOf(rs.getString(5)), (Integer) rs.getObject(6), (Integer) rs.getObject(7),
                    json.readValue(rs.getString(8), REASONS));
        } catch (JsonProcessingException e) {
            throw new SQLException("Unreadable what-if reasons", e);
        }
    }

    private static void setInteger(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }
}
