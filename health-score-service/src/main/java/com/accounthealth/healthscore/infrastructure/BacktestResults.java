package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.healthscore.domain.backtest.BacktestMetrics;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/** Each account's result of a backtest under each model (backtest_result, V18), what its report is computed from. */
@ApplicationScoped
public class BacktestResults {

    private final DataSource dataSource;
    private final ObjectMapper json;

    public BacktestResults(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Keeps a chunk's results in the transaction that completes it (a retried chunk writes them once). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void keep(UUID jobId, String modelVersion, List<BacktestMetrics.AccountResult> results) {
        if (results.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO backtest_result (job_id, model_version, account_id, result) VALUES (?, ?, ?, ?)
                     ON CONFLICT DO NOTHING""")) {
            for (BacktestMetrics.AccountResult r : results) {
                ps.setObject(1, jobId);
                ps.setString(2, modelVersion);
                ps.setObject(3, r.accountId());
                ps.setString(4, json.writeValueAsString(r));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException | JsonProcessingException e) {
            throw new EventStoreFailure("Could not keep the results of backtest " + jobId, e);
        }
    }

    /** The results of a backtest under one model, in account order. */
    public List<BacktestMetrics.AccountResult> of(UUID jobId, String modelVersion) {
        return Sql.query(dataSource, """
                        SELECT result FROM backtest_result WHERE job_id = ? AND model_version = ? ORDER BY account_id""",
                "read the results of backtest " + jobId, ps -> {
                    ps.setObject(1, jobId);
                    ps.setString(2, modelVersion);
                }, rs -> {
                    try {
                        return json.readValue(rs.getString(1), BacktestMetrics.AccountResult.class);
                    } catch (JsonProcessingException e) {
                        throw new SQLException("An unreadable backtest result", e);
                    }
                });
    }
}
