package com.accounthealth.healthscore.api;

import com.accounthealth.contract.account.Tier;
import com.accounthealth.healthscore.application.ScoringAccounts;
import com.accounthealth.healthscore.domain.AccountFacts;
import com.accounthealth.healthscore.domain.AccountOutcome;
import com.accounthealth.healthscore.domain.CompetitiveGaps;
import com.accounthealth.healthscore.domain.GrowthSignals;
import com.accounthealth.healthscore.domain.Health;
import com.accounthealth.healthscore.domain.HealthModel;
import com.accounthealth.healthscore.domain.ModelCheck;
import com.accounthealth.healthscore.infrastructure.Alerts;
import com.accounthealth.healthscore.infrastructure.HealthRecords;
import com.accounthealth.healthscore.infrastructure.Outcomes;
import com.accounthealth.healthscore.infrastructure.PortfolioPositions;
import com.accounthealth.healthscore.infrastructure.PortfolioStatus;
import com.accounthealth.healthscore.infrastructure.model.HealthModels;
import com.accounthealth.webapi.DateBounds;
import com.accounthealth.webapi.Paging;
import com.accounthealth.webapi.ProblemException;
import com.accounthealth.webapi.RequestValues;
import com.accounthealth.webapi.security.Caller;
import com.accounthealth.webapi.security.Roles;
import com.accounthealth.webapi.security.TeamScope;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Account health for internal systems: current, as of any past moment, its history, lists and alerts. A caller whose
 * token is limited to some sales teams sees only their accounts; any other account answers 404.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Health", description = "Explainable account health, its history and the alerts it raised")
public class HealthResource {

    private static final Set<String> STATUSES = Set.of("HEALTHY", "WATCH", "AT_RISK", "CHURNED");

    private final HealthRecords records;
    private final ScoringAccounts scoring;
    private final Alerts alerts;
    private final HealthModels models;
    private final Caller caller;
    private final PortfolioPositions positions;
    private final PortfolioStatus status;
    private final Outcomes outcomes;

    public HealthResource(HealthRecords records, ScoringAccounts scoring, Alerts alerts, HealthModels models,
                          Caller caller, PortfolioPositions positions, PortfolioStatus status, Outcomes outcomes) {
        this.outcomes = outcomes;
        this.positions = positions;
        this.status = status;
        this.records = records;
        this.scoring = scoring;
        this.alerts = alerts;
        this.models = models;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.HEALTH_READ)
    @Path("/health/accounts/{accountId}")
    @Operation(operationId = "getAccountHealth", summary = "An account's health with every component's score and reasons",
            description = "asOf (an ISO date, meaning the end of that day UTC, or an instant) recomputes it from the "
                    + "facts that had happened by then; knownAt (the same forms, default now; alone it sets asOf too) "
                    + "keeps only the facts recorded by then; model names the model version to score with (default: "
                    + "the one in force at asOf). The status reported at the time carries its hysteresis, so a past "
                    + "moment asked with what was known at it gives what was reported.")
    public Health get(@PathParam("accountId") String accountId, @QueryParam("asOf") String asOf,
                      @QueryParam("knownAt") String knownAt, @QueryParam("model") String model) {
        UUID id = visible(accountId);
        if (asOf != null || knownAt != null || model != null) {
            Instant known = knownAt == null ? null : moment(knownAt, "knownAt");
            Instant at = asOf != null ? moment(asOf, "asOf") : known != null ? known : Instant.now();
            HealthModel scoredWith = model == null ? null : Optional.of(model).filter(ModelCheck::isVersion)
                    .flatMap(models::modelOf).orElseThrow(() -> ProblemException.badField("model", "no model " + model));
            Health then = scoring.asOf(id, at, known, scoredWith);
            if (then.components().isEmpty() && then.score() == null && then.status() != Health.HealthStatus.CHURNED) {
                throw ProblemException.notFound("Nothing was known about account " + accountId + " by " + at);
            }
            return then;
        }
        return records.current(id).orElseThrow(() -> ProblemException.notFound("No health for account " + accountId));
    }

    @GET
    @RolesAllowed(Roles.HEALTH_READ)
    @Path("/health/accounts")
    @Operation(operationId = "listAccountHealth", summary = "Accounts' health, filtered by status, team, owner, tier and renewal (renewalWithinDays: "
            + "renewing from today up to that many days ahead, at most 730, churned accounts left out); "
            + "sort=score (lowest first), "
            + "sort=arrAtRisk (largest ARR of accounts not healthy first) or sort=renewalDate (soonest first)")
    public Paging.Page<HealthRecords.Summary> list(@QueryParam("status") String status, @QueryParam("teamId") String teamId,
                                                   @QueryParam("ownerId") String ownerId, @QueryParam("tier") String tier,
                                                   @QueryParam("renewalWithinDays") String renewalWithinDays,
                                                   @QueryParam("sort") String sort,
                                                   @BeanParam Paging.Request paging) {
        if (status != null && !STATUSES.contains(status)) {
            throw ProblemException.badField("status", "'" + status + "' is not one of " + new TreeSet<>(STATUSES));
        }
        if (tier != null && Arrays.stream(Tier.values()).noneMatch(t -> t.name().equals(tier))) {
            throw ProblemException.badField("tier", "must be one of " + Arrays.toString(Tier.values()));
        }
        HealthRecords.Sort order = switch (sort == null ? "score" : sort) {
            case "score" -> HealthRecords.Sort.SCORE;
            case "arrAtRisk" -> HealthRecords.Sort.ARR_AT_RISK;
            case "renewalDate" -> HealthRecords.Sort.RENEWAL_DATE;
            default -> throw ProblemException.badField("sort", "must be score, arrAtRisk or renewalDate");
        };
        LocalDate renewalBy = renewalWithinDays == null ? null : LocalDate.now(ZoneOffset.UTC)
                .plusDays(RequestValues.integer(renewalWithinDays, "renewalWithinDays", 0, 730));
        return records.list(new HealthRecords.ListFilter(status, teamId, ownerId, tier, renewalBy), caller.teams(),
                order, paging.paging());
    }

    @GET
    @RolesAllowed(Roles.HEALTH_READ)
    @Path("/health/accounts/{accountId}/history")
    @Operation(summary = "Every change of the account's score or status, with the delta per component and its cause")
    public List<HealthRecords.Change> history(@PathParam("accountId") String accountId) {
        return records.history(visible(accountId));
    }

    @GET
    @RolesAllowed(Roles.HEALTH_READ)
    @Path("/alerts")
    @Operation(summary = "Alerts raised since a moment (an ISO date or instant; default: the last 7 days)")
    public Paging.Page<Alerts.Alert> alerts(@QueryParam("since") String since, @BeanParam Paging.Request paging) {
        Instant from = since == null ? Instant.now().minusSeconds(7 * 86_400) : start(since);
        return alerts.since(from, caller.teams(), paging.paging());
    }

    @GET
    @RolesAllowed(Roles.HEALTH_READ)
    @Path("/health/accounts/{accountId}/outcomes")
    @Operation(summary = "What happened to the account commercially (renewals, downgrades, a lost renewal, churn), "
            + "oldest first: what its score is checked against, never an input to it")
    public List<Outcomes.Outcome> accountOutcomes(@PathParam("accountId") String accountId) {
        return outcomes.ofAccount(visible(accountId));
    }

    @GET
    @RolesAllowed(Roles.HEALTH_READ)
    @Path("/outcomes")
    @Operation(summary = "Outcomes of the caller's accounts that happened in a period (from: an ISO date or instant, "
            + "default a year ago; to: excluded, default now), optionally of one kind")
    public Paging.Page<Outcomes.Outcome> outcomes(@QueryParam("from") String from, @QueryParam("to") String to,
                                                  @QueryParam("kind") String kind, @BeanParam Paging.Request paging) {
        Instant start = from == null ? Instant.now().minusSeconds(365 * 86_400L) : start(from, "from");
        Instant end = to == null ? Instant.now() : start(to, "to");
        AccountOutcome.Kind only = null;
        if (kind != null) {
            try {
                only = AccountOutcome.Kind.valueOf(kind);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badField("kind", "'" + kind + "' is not one of "
                        + Arrays.toString(AccountOutcome.Kind.values()));
            }
        }
        return outcomes.between(start, end, only, caller.teams(), paging.paging());
    }

    @GET
    @RolesAllowed(Roles.HEALTH_READ)
    @Path("/health/accounts/{accountId}/competitive-gaps")
    @Operation(summary = "Competitors present at the account, the capabilities they offer that we lack, and the "
            + "client teams where they were seen and we have no relationship")
    public CompetitiveGaps.AccountGaps accountGaps(@PathParam("accountId") String accountId) {
        AccountFacts facts = known(visible(accountId));
        return CompetitiveGaps.of(facts, Instant.now(), models.active());
    }

    @GET
    @RolesAllowed(Roles.HEALTH_READ)
    @Path("/health/accounts/{accountId}/growth-signals")
    @Operation(summary = "Client events (funding, acquisition, new executive, expansion) with no expansion deal opened after them")
    public List<GrowthSignals.GrowthSignal> growthSignals(@PathParam("accountId") String accountId) {
        return GrowthSignals.of(known(visible(accountId)), Instant.now(), models.active());
    }

    @GET
    @RolesAllowed(Roles.HEALTH_READ)
    @Path("/competitive-gaps")
    @Operation(summary = "Across the portfolio: capabilities ranked by revenue at stake, and our win rate per competitor")
    public CompetitiveGaps.Portfolio portfolioGaps() {
        return positions.portfolio(caller.teams());
    }

    @GET
    @RolesAllowed(Roles.HEALTH_READ)
    @Path("/competitive-gaps/over-time")
    @Operation(summary = "The caller's teams' closed deals of the last months (1 to 36, default 12): won and lost per "
            + "month and competitor, and the lost deals per reason and competitor with their amounts per currency")
    public CompetitiveGaps.OverTime competitionOverTime(@QueryParam("months") String months) {
        int count = months == null ? 12 : RequestValues.integer(months, "months", 1, 36);
        LocalDate firstMonth = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).minusMonths(count - 1L);
        return positions.overTime(caller.teams(), firstMonth.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    @GET
    @RolesAllowed(Roles.HEALTH_READ)
    @Path("/competitive-gaps/stakes")
    @Operation(summary = "The accounts and lost deals behind one capability of the portfolio view, largest amount first",
            description = "capability is compared trimmed and case-insensitively. A stake without opportunityId is an "
                    + "account where a competitor offers the capability now (amount: its ARR); one with it is a deal "
                    + "lost lacking it (amount: the deal's).")
    public Paging.Page<CompetitiveGaps.StakeInPortfolio> portfolioStakes(@QueryParam("capability") String capability,
                                                                        @BeanParam Paging.Request paging) {
        return positions.stakes(RequestValues.text(capability, "capability", 100), caller.teams(), paging.paging());
    }

    @GET
    @RolesAllowed(Roles.HEALTH_READ)
    @Path("/portfolio/status")
    @Operation(summary = "How the portfolio stands now: accounts and ARR (per currency) in each status, and the ARR at "
            + "risk; the caller's teams, or one of them")
    public PortfolioStatus.Standing standing(@QueryParam("teamId") String teamId) {
        return status.now(caller.teams(), teamId);
    }

    @GET
    @RolesAllowed(Roles.HEALTH_READ)
    @Path("/portfolio/status-over-time")
    @Operation(summary = "Accounts in each status at the end of each of the last months (1 to 24, default 12), the "
            + "last point being now; the caller's teams, or one of them")
    public List<PortfolioStatus.Point> statusOverTime(@QueryParam("teamId") String teamId,
                                                      @QueryParam("months") String months) {
        int count = months == null ? 12 : RequestValues.integer(months, "months", 1, 24);
        return status.overTime(caller.teams(), teamId, count, Instant.now());
    }

    /**
     * The account id, if the caller's teams include the account's; otherwise 404 as if it did not exist. An account
     * never scored has no team yet: only a caller for every team gets past here to learn so.
     */
    private UUID visible(String accountId) {
        UUID id = RequestValues.uuid(accountId, "accountId");
        TeamScope teams = caller.teams();
        if (!teams.everyTeam() && !teams.includes(records.teamOf(id).orElse(null))) {
            throw ProblemException.notFound("No account " + accountId);
        }
        return id;
    }

    private AccountFacts known(UUID accountId) {
        AccountFacts facts = scoring.facts(accountId);
        if (!facts.profileKnown()) {
            throw ProblemException.notFound("No account " + accountId);
        }
        return facts;
    }

    @GET
    @RolesAllowed(Roles.HEALTH_READ)
    @Path("/capabilities")
    @Operation(summary = "The capabilities we offer (the catalogue competitive gaps are measured against)")
    public Set<String> capabilities() {
        return new TreeSet<>(models.active().capabilityCatalogue());
    }

    /** A date is its last moment (UTC); an instant is itself. */
    private static Instant moment(String value, String parameter) {
        Instant moment;
        try {
            moment = value.length() == 10
                    ? LocalDate.parse(value).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1)
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badField(parameter, "'" + value + "' is neither a date (2026-06-30) nor an instant");
        }
        return bounded(moment, parameter);
    }

    private static Instant start(String value) {
        return start(value, "since");
    }

    /** A date is its first moment (UTC); an instant is itself. */
    private static Instant start(String value, String parameter) {
        Instant start;
        try {
            start = value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badField(parameter, "'" + value + "' is neither a date nor an instant");
        }
        return bounded(start, parameter);
    }

    /** A moment no column holds (year 0, year 300000) is the caller's mistake, not a failed query. */
    private static Instant bounded(Instant moment, String parameter) {
        if (!DateBounds.ForInstant.holds(moment)) {
            throw ProblemException.badField(parameter, "must lie between 1900-01-01 and 9999-12-31");
        }
        return moment;
    }
}
