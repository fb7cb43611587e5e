package com.accounthealth.healthscore.api;

import com.accounthealth.healthscore.application.Backtesting;
import com.accounthealth.healthscore.application.RescoringThePortfolio;
import com.accounthealth.healthscore.domain.backtest.BacktestMetrics;
import com.accounthealth.healthscore.infrastructure.RescoreJobs;
import com.accounthealth.kernel.RuleViolation;
import com.accounthealth.webapi.DateBounds;
import com.accounthealth.webapi.IdempotentRequests;
import com.accounthealth.webapi.ProblemException;
import com.accounthealth.webapi.RequestValues;
import com.accounthealth.webapi.SingleLine;
import com.accounthealth.webapi.security.Caller;
import com.accounthealth.webapi.security.Roles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Backtests of models against what happened: start one ({@code health:admin}), read its report side by side as JSON
 * or CSV ({@code health:read}), cancel it. Each covers every team's accounts, so each needs a token for every team.
 */
@Path("/api/v1/backtests")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Backtests", description = "Models scored against the outcomes that followed")
public class BacktestResource {

    /** @param from first day of the outcomes' period; {@code to}: the day after its last (excluded) */
    public record BacktestRequest(@NotEmpty @Size(max = 5) List<@NotNull @Size(max = 40) @SingleLine String> models,
                                  @NotNull @DateBounds @Schema(example = "2026-01-01") LocalDate from,
                                  @NotNull @DateBounds @Schema(example = "2027-01-01") LocalDate to,
                                  @Min(1) @Max(730) @Schema(example = "180") int horizonDays,
                                  @Min(1) @Max(90) @Schema(example = "7") int stepDays,
                                  @Min(0) @Max(730) @Schema(example = "30", description = "Default 30") Integer leadDays,
                                  @Schema(description = "Only facts recorded by each step (default true); false for "
                                          + "a history loaded after the fact") Boolean asRecorded) {
    }

    /** A backtest's progress and, from what it has scored so far, each model's report. */
    public record BacktestReport(RescoringThePortfolio.Progress progress, Backtesting.Report report) {
    }

    private final Backtesting backtesting;
    private final RescoringThePortfolio rescoring;
    private final RescoreJobs jobs;
    private final Caller caller;
    private final ObjectMapper json;
    private final IdempotentRequests idempotent;

    public BacktestResource(Backtesting backtesting, RescoringThePortfolio rescoring, RescoreJobs jobs, Caller caller,
                            ObjectMapper json, IdempotentRequests idempotent) {
        this.json = json;
        this.idempotent = idempotent;
        this.backtesting = backtesting;
        this.rescoring = rescoring;
        this.jobs = jobs;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.HEALTH_ADMIN)
    @Operation(summary = "Start a backtest (202): every account with an outcome in [from, to) scored under each model "
            + "as known at each step of the horizon before its outcome; a retry with the same Idempotency-Key answers "
            + "the first job")
    @APIResponse(responseCode = "202", description = "Started (or, for a repeated Idempotency-Key, the first job)", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RescoringThePortfolio.Progress.class)))
    public Response start(@HeaderParam(IdempotentRequests.HEADER) String key, @Valid @NotNull BacktestRequest body) {
        caller.teams().requireEveryTeam("A backtest");
        // A start retried with its Idempotency-Key answers the first job instead of starting a second one.
        Response started = idempotent.once("POST /api/v1/backtests", key, body, () -> {
            RescoreJobs.Job job = backtesting.start(new Backtesting.Request(body.models(), startOf(body.from()),
                    startOf(body.to()), body.horizonDays(), body.stepDays(),
                    body.leadDays() == null ? 30 : body.leadDays(), body.asRecorded() == null || body.asRecorded()),
                    caller.subject());
            return Response.accepted(RescoringThePortfolio.Progress.of(job))
                    .location(URI.create("/api/v1/backtests/" + job.jobId())).build();
        });
        rescoring.wake();
        return started;
    }

    /** A backtest as the list shows it: its progress and the request that started it. */
    public record Started(RescoringThePortfolio.Progress progress, JsonNode request) {
    }

    @GET
    @RolesAllowed(Roles.HEALTH_READ)
    @Operation(operationId = "listBacktests", summary = "The 50 newest backtests, newest first, with their progress and request")
    public List<Started> list() {
        caller.teams().requireEveryTeam("A backtest");
        return jobs.recent(RescoreJobs.Purpose.BACKTEST, 50).stream().map(j -> new Started(
                RescoringThePortfolio.Progress.of(j.job()), request(j.parameters()))).toList();
    }

    private JsonNode request(String parameters) {
        try {
            return parameters == null ? null : json.readTree(parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A backtest's stored request is not JSON", e);
        }
    }

    @GET
    @RolesAllowed(Roles.HEALTH_READ)
    @Path("/{jobId}")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "A backtest's progress and report per model: caught, lead times, false alarms, precision "
            + "and recall, ROC AUC, calibration, warning components and every account (steps=true: with its health "
            + "at each step; format=csv: the accounts)")
    @APIResponse(responseCode = "200", description = "Progress and report (format=csv: the accounts as CSV)", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BacktestReport.class)),
            @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING))})
    public Response report(@PathParam("jobId") String jobId, @QueryParam("format") String format,
                           @QueryParam("steps") String steps) {
        caller.teams().requireEveryTeam("A backtest");
        UUID id = RequestValues.uuid(jobId, "jobId");
        Backtesting.Report report = backtesting.report(id)
                .orElseThrow(() -> ProblemException.notFound("No backtest " + jobId));
        RescoringThePortfolio.Progress progress = rescoring.progress(id).orElseThrow();
        boolean withSteps = RequestValues.flag(steps, "steps");
        if (format == null || format.equals("json")) {
            // Every step of every account is large for a big portfolio: only when asked for.
            return Response.ok(new BacktestReport(progress, withSteps ? report : report.withoutSteps()),
                    MediaType.APPLICATION_JSON).build();
        }
        if (!format.equals("csv")) {
            throw ProblemException.badField("format", "must be json or csv");
        }
        return Response.ok(csv(report), "text/csv").header("Content-Disposition",
                "attachment; filename=\"backtest-" + id + ".csv\"").build();
    }

    @POST
    @RolesAllowed(Roles.HEALTH_ADMIN)
    @Path("/{jobId}/cancel")
    @Operation(summary = "Stop a running backtest (its report keeps what was scored); 409 when it is not running")
    public RescoringThePortfolio.Progress cancel(@PathParam("jobId") String jobId) {
        caller.teams().requireEveryTeam("A backtest");
        UUID id = RequestValues.uuid(jobId, "jobId");
        if (jobs.parametersOf(id).isEmpty()) {
            throw ProblemException.notFound("No backtest " + jobId);
        }
        if (!jobs.cancel(id, Instant.now())) {
            throw RuleViolation.conflict("Backtest " + jobId + " is not running");
        }
        return rescoring.progress(id).orElseThrow();
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** One line per model and account; text fields quoted, so a name with a comma stays one field. */
    static String csv(Backtesting.Report report) {
        StringBuilder out = new StringBuilder("model,accountId,name,teamId,outcome,outcomeAt,positive,flagged,"
                + "firstFlaggedAt,leadDays,caught,worstStatus,lowestScore,warning\n");
        for (BacktestMetrics.ModelReport model : report.models()) {
            for (BacktestMetrics.AccountResult r : model.results()) {
                out.append(List.of(quote(model.modelVersion()), r.accountId(), quote(r.name()), quote(r.teamId()),
                                r.outcome(), r.outcomeAt(), r.positive(), r.flagged(), blank(r.firstFlaggedAt()),
                                blank(r.leadDays()), r.caught(), blank(r.worstStatus()), blank(r.lowestScore()),
                                quote(r.warning())).stream().map(String::valueOf).collect(Collectors.joining(",")))
                        .append('\n');
            }
        }
        return out.toString();
    }

    private static String quote(String text) {
        return text == null ? "" : "\"" + text.replace("\"", "\"\"") + "\"";
    }

    private static Object blank(Object value) {
        return value == null ? "" : value;
    }
}
