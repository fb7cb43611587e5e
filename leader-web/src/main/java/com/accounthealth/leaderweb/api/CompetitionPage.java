package com.accounthealth.leaderweb.api;

import com.accounthealth.client.healthscore.HealthApi;
import com.accounthealth.client.healthscore.model.OverTime;
import com.accounthealth.client.healthscore.model.Portfolio;
import com.accounthealth.leaderweb.infrastructure.ServiceCall;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The competitive landscape of the leader's teams: capabilities we lack by revenue at stake, win rate per competitor
 * overall and month by month over the last year, and why deals were lost. Two API calls.
 */
@Path("/competition")
@Produces(MediaType.TEXT_HTML)
public class CompetitionPage {

    private final HealthApi health;
    private final Template competition;
    private final Views views;

    public CompetitionPage(HealthApi health, @Location("competition.html") Template competition,
                           Views views) {
        this.health = health;
        this.competition = competition;
        this.views = views;
    }

    @GET
    public TemplateInstance show() {
        Portfolio gaps = ServiceCall.answer(health::portfolioGaps);
        OverTime overTime = ServiceCall.answer(() -> health.competitionOverTime("12"));
        return views.page(competition, "Competitive landscape")
                .data("lossReasons", views.plain(overTime.getLossReasons()))
                .data("winRatesOverTime", views.json(overTime.getWinRates()))
                .data("capabilities", views.plain(gaps.getCapabilities()))
                .data("winRates", views.plain(gaps.getWinRates()))
                .data("winRateChart", views.json(gaps.getWinRates()));
    }
}
