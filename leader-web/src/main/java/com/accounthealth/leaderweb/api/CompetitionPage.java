package com.accounthealth.leaderweb.api;

import com.accounthealth.leaderweb.infrastructure.HealthScoreApi;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The competitive landscape of the leader's teams: capabilities we lack by revenue at stake, win rate per competitor
 * overall and month by month over the last year, and why deals were lost. Two API calls.
 */
@Path("/competition")
@Produces(MediaType.TEXT_HTML)
public class CompetitionPage {

    private final HealthScoreApi health;
    private final Template competition;
    private final Views views;

    public CompetitionPage(@RestClient HealthScoreApi health, @Location("competition.html") Template competition,
                           Views views) {
        this.health = health;
        this.competition = competition;
        this.views = views;
    }

    @GET
    public TemplateInstance show() {
        JsonNode gaps = health.portfolioGaps();
        JsonNode overTime = health.competitionOverTime(12);
        return views.page(competition, "Competitive landscape")
                .data("lossReasons", views.plain(overTime.path("lossReasons")))
                .data("winRatesOverTime", views.json(views.plain(overTime.path("winRates"))))
                .data("capabilities", views.plain(gaps.path("capabilities")))
                .data("winRates", views.plain(gaps.path("winRates")))
                .data("winRateChart", views.json(views.plain(gaps.path("winRates"))));
    }
}
