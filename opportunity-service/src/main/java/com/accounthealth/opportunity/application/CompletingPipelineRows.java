package com.accounthealth.opportunity.application;

import com.accounthealth.opportunity.infrastructure.OpportunityRepository;
import com.accounthealth.opportunity.infrastructure.OpportunitySummaries;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.UUID;

/**
 * At start, before serving: list rows an older version wrote without what the pipeline reads (see V2 in
 * db/migration) are written again from their deals' streams, a few hundred per transaction. Once done, no row is
 * left without it, so later starts find nothing to do.
 */
@ApplicationScoped
public class CompletingPipelineRows {

    private static final Logger LOG = Logger.getLogger(CompletingPipelineRows.class);
    private static final int PER_TRANSACTION = 500;

    private final OpportunitySummaries summaries;
    private final OpportunityRepository opportunities;

    public CompletingPipelineRows(OpportunitySummaries summaries, OpportunityRepository opportunities) {
        this.summaries = summaries;
        this.opportunities = opportunities;
    }

    void onStart(@Observes StartupEvent ignored) {
        completeAll();
    }

    /** Completes every row without the pipeline's figures; returns how many there were. */
    public long completeAll() {
        long completed = 0;
        List<UUID> rows;
        while (!(rows = summaries.withoutPipelineFigures(PER_TRANSACTION)).isEmpty()) {
            List<UUID> batch = rows;
            QuarkusTransaction.requiringNew().run(() -> batch.forEach(opportunities::rewriteRow));
            completed += batch.size();
        }
        if (completed > 0) {
            LOG.infof("Completed the pipeline figures of %d opportunities written by an older version", completed);
        }
        return completed;
    }
}
