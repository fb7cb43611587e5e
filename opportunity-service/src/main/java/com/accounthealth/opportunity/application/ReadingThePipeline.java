package com.accounthealth.opportunity.application;

import com.accounthealth.opportunity.config.PipelineConfig;
import com.accounthealth.opportunity.domain.Pipeline;
import com.accounthealth.opportunity.infrastructure.OpportunitySummaries;
import com.accounthealth.webapi.security.TeamScope;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;

/**
 * The pipeline of an owner and/or team, from the deals' list rows, which the transaction appending each deal's events
 * keeps (so every figure still derives from the events).
 */
@ApplicationScoped
public class ReadingThePipeline {

    private final OpportunitySummaries summaries;
    private final PipelineConfig config;
    private final Clock clock = Clock.systemUTC();

    public ReadingThePipeline(OpportunitySummaries summaries, PipelineConfig config) {
        this.summaries = summaries;
        this.config = config;
    }

    public Pipeline of(String ownerId, String teamId, TeamScope visible) {
        return Pipeline.of(summaries.pipelineDealsOf(ownerId, teamId, visible), clock.instant(), config.stageProbability(), config.winRateWindow());
    }
}
