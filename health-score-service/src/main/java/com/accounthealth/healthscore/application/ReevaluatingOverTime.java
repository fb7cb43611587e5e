package com.accounthealth.healthscore.application;

import com.accounthealth.eventstore.EventStoreFailure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Time alone changes health ("no business review for 120 days" must fire with no new event): every round re-scores
 * the accounts not evaluated for a round's length. Accounts are claimed with FOR UPDATE SKIP LOCKED, a batch per
 * transaction, so replicas running rounds at once share the accounts and evaluate each once per round.
 */
@ApplicationScoped
public class ReevaluatingOverTime {

    private static final Logger LOG = Logger.getLogger(ReevaluatingOverTime.class);

    private final DataSource dataSource;
    private final ScoringAccounts scoring;
    private final Duration every;
    private final int batchSize;

    public ReevaluatingOverTime(DataSource dataSource, ScoringAccounts scoring,
                                @ConfigProperty(name = "health.reevaluation.every") Duration every,
                                @ConfigProperty(name = "health.reevaluation.batch-size") int batchSize) {
        this.dataSource = dataSource;
        this.scoring = scoring;
        this.every = every;
        this.batchSize = batchSize;
    }

    @Scheduled(every = "${health.reevaluation.every}", delayed = "${health.reevaluation.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRound() {
        round();
    }

    /** One round; returns how many accounts this instance evaluated. */
    public int round() {
        Instant started = Instant.now();
        int evaluated = 0;
        int changed = 0;
        while (true) {
            Instant now = Instant.now();
            int[] result = QuarkusTransaction.requiringNew().call(() -> {
                List<UUID> due = claim(now.minus(every));
                Map<UUID, List<UUID>> causes = new LinkedHashMap<>();
                due.forEach(id -> causes.put(id, List.of()));
                return new int[] {due.size(), scoring.rescore(causes, now)};
            });
            evaluated += result[0];
            changed += result[1];
            if (result[0] < batchSize) {
                break;
            }
        }
        if (evaluated > 0) {
            LOG.infof("Re-evaluated %d accounts for elapsed time in %d ms; %d changed score or status", evaluated,
                    Duration.between(started, Instant.now()).toMillis(), changed);
        }
        return evaluated;
    }

    private List<UUID> claim(Instant evaluatedBefore) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT account_id FROM account_health
                     WHERE evaluated_at < ? AND status <> 'CHURNED'
                     ORDER BY evaluated_at LIMIT ? FOR UPDATE SKIP LOCKED""")) {
            ps.setTimestamp(1, Timestamp.from(evaluatedBefore));
            ps.setInt(2, batchSize);
            List<UUID> ids = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not claim accounts for re-evaluation", e);
        }
    }
}
