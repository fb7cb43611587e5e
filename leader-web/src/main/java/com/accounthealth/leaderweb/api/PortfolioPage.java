package com.accounthealth.leaderweb.api;

import com.accounthealth.client.healthscore.HealthApi;
import com.accounthealth.leaderweb.infrastructure.ServiceCall;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.context.ManagedExecutor;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The portfolio: how many accounts stand in each status and the ARR at risk per currency, the statuses over the last
 * twelve months, the at-risk and watch lists, and the renewals of the next 180 days. Five API calls, whatever the
 * portfolio's size, made at once.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class PortfolioPage {

    static final int RENEWAL_DAYS = 180;
    private static final int LIST_SIZE = 50;
    private static final Set<String> SORTS = Set.of("score", "arrAtRisk", "renewalDate");

    private final HealthApi health;
    private final ManagedExecutor calls;
    private final Template portfolio;
    private final Views views;

    public PortfolioPage(HealthApi health, ManagedExecutor calls, @Location("portfolio.html") Template portfolio,
                         Views views) {
        this.health = health;
        this.calls = calls;
        this.portfolio = portfolio;
        this.views = views;
    }

    @GET
    public Response home() {
        return Response.seeOther(URI.create("/portfolio")).build();
    }

    @GET
    @Path("/portfolio")
    public TemplateInstance portfolio(@QueryParam("team") String team, @QueryParam("owner") String owner,
                                      @QueryParam("tier") String tier, @QueryParam("sort") String sort) {
        String teamId = Views.given(team);
        String ownerId = Views.given(owner);
        String tierName = Views.given(tier);
        String order = sort == null || !SORTS.contains(sort) ? "score" : sort;
        String months = "12";
        CompletableFuture<?> standing = call(() -> health.standing(teamId));
        CompletableFuture<?> overTime = call(() -> health.statusOverTime(months, teamId));
        CompletableFuture<?> atRisk = call(() -> health.listAccountHealth(ownerId, 0, null, LIST_SIZE, order,
                "AT_RISK", teamId, tierName));
        CompletableFuture<?> watch = call(() -> health.listAccountHealth(ownerId, 0, null, LIST_SIZE, order, "WATCH",
                teamId, tierName));
        CompletableFuture<?> renewals = call(() -> health.listAccountHealth(ownerId, 0, String.valueOf(RENEWAL_DAYS),
                LIST_SIZE, "renewalDate", null, teamId, tierName));
        return views.page(portfolio, "Portfolio")
                .data("team", teamId == null ? "" : teamId)
                .data("owner", ownerId == null ? "" : ownerId)
                .data("tier", tierName == null ? "" : tierName)
                .data("sort", order)
                .data("tiers", List.of("STRATEGIC", "ENTERPRISE", "MID_MARKET", "SMB"))
                .data("standing", views.plain(answer(standing)))
                .data("overTime", views.json(answer(overTime)))
                .data("atRisk", views.plain(answer(atRisk)))
                .data("watch", views.plain(answer(watch)))
                .data("renewals", views.plain(answer(renewals)))
                .data("renewalDays", RENEWAL_DAYS);
    }

    /** A call started now on another thread (with this request's context, so with the leader's token). */
    private <T> CompletableFuture<T> call(ServiceCall.Call<T> call) {
        return calls.supplyAsync(() -> ServiceCall.answer(call));
    }

    /** The API's answer; a refusal or failure is thrown as the call itself would have thrown it. */
    private static Object answer(CompletableFuture<?> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
