package com.accounthealth.opportunity.application;

import com.accounthealth.webapi.security.TeamScope;
import com.accounthealth.opportunity.config.PipelineConfig;
import com.accounthealth.opportunity.domain.Opportunity;
import com.accounthealth.opportunity.domain.Pipeline;
import com.accounthealth.opportunity.infrastructure.OpportunityRepository;
import com.accounthealth.opportunity.infrastructure.OpportunitySummaries;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.List;

/**
 * The pipeline of an owner and/or team: the deals are selected through the list model and rebuilt from their event
 * streams, so every figure derives from the events themselves.
 */
@ApplicationScoped
public class ReadingThePipeline {

    private final OpportunitySummaries summaries;
    private final OpportunityRepository opportunities;
    private final PipelineConfig config;
    private final Clock clock = Clock.systemUTC();

    public ReadingThePipeline(OpportunitySummaries summaries, OpportunityRepository opportunities, PipelineConfig config) {
        this.summaries = summaries;
        this.opportunities = opportunities;
        this.config = config;
    }

    public Pipeline of(String ownerId, String teamId, TeamScope visible) {
        List<Opportunity> deals = summaries.idsOf(ownerId, teamId, visible).stream().map(opportunities::load).toList();
        return Pipeline.of(deals, clock.instant(), config.stageProbability(), config.winRateWindow());
    }
}
