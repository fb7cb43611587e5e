package com.accounthealth.healthscore.application;

import com.accounthealth.healthscore.domain.AccountFacts;
import com.accounthealth.healthscore.domain.AccountOutcome;
import com.accounthealth.healthscore.domain.Health;
import com.accounthealth.healthscore.domain.HealthModel;
import com.accounthealth.healthscore.domain.HealthScorer;
import com.accounthealth.healthscore.domain.backtest.AccountRun;
import com.accounthealth.healthscore.domain.backtest.BacktestMetrics;
import com.accounthealth.healthscore.infrastructure.BacktestResults;
import com.accounthealth.healthscore.infrastructure.FactsFromEvents;
import com.accounthealth.healthscore.infrastructure.Inbox;
import com.accounthealth.healthscore.infrastructure.Outcomes;
import com.accounthealth.healthscore.infrastructure.RescoreJobs;
import com.accounthealth.healthscore.infrastructure.model.HealthModels;
import com.accounthealth.kernel.RuleViolation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Backtests: each account with an outcome in a period is scored, under each model, as known at each step of the
 * horizon before its outcome (only the facts that had happened and been recorded by then, the status carried from the
 * step before), and the models' reports are set side by side (docs/health-model.md, section 7). A backtest is a job of
 * stored chunks, like a re-score: it survives a restart, every replica sees and shares it, and it can be cancelled.
 */
@ApplicationScoped
public class Backtesting {

    private static final Logger LOG = Logger.getLogger(Backtesting.class);
    /** Accounts per chunk: each is scored at every step under every model. */
    static final int ACCOUNTS_PER_CHUNK = 50;
    static final int MAX_MODELS = 5;
    static final int MAX_STEPS = 400;

    /**
     * A backtest as asked for. {@code leadDays}: how long before its outcome a warning must come to count;
     * {@code asRecorded}: only the facts recorded by each step (false: every fact that had happened by then, for a
     * history loaded after the fact, whose facts were all recorded since).
     */
    public record Request(List<String> models, Instant from, Instant to, int horizonDays, int stepDays, int leadDays,
                          boolean asRecorded) {
    }

    /** The report: each model's, side by side. */
    public record Report(Request request, List<BacktestMetrics.ModelReport> models) {

        /** The same report without each account's steps (large for a big portfolio). */
        public Report withoutSteps() {
            return new Report(request, models.stream().map(BacktestMetrics.ModelReport::withoutSteps).toList());
        }
    }

    private final RescoreJobs jobs;
    private final Outcomes outcomes;
    private final Inbox inbox;
    private final HealthModels models;
    private final BacktestResults results;
    private final ObjectMapper json;

    public Backtesting(RescoreJobs jobs, Outcomes outcomes, Inbox inbox, HealthModels models, BacktestResults results,
                       ObjectMapper json) {
        this.jobs = jobs;
        this.outcomes = outcomes;
        this.inbox = inbox;
        this.models = models;
        this.results = results;
        this.json = json;
    }

    /** Checks the request and records the job over the accounts with an outcome in the period. */
    public RescoreJobs.Job start(Request request, String by) {
        check(request);
        return QuarkusTransaction.requiringNew().call(() -> {
            HealthModel first = model(request.models().getFirst());
            request.models().forEach(this::model);
            List<UUID> accounts = List.copyOf(outcomes.firstBetween(request.from(), request.to(), null).keySet());
            RescoreJobs.Job job = jobs.createBacktest(first, write(request), accounts, ACCOUNTS_PER_CHUNK,
                    "backtest by " + by, Instant.now());
            LOG.infof("Backtest %s by %s: %d accounts with an outcome from %s to %s, models %s", job.jobId(), by,
                    accounts.size(), request.from(), request.to(), request.models());
            return job;
        });
    }

    /** Scores a chunk's accounts at every step under every model and keeps their results (the caller's transaction). */
    @Transactional(Transactional.TxType.MANDATORY)
    public int run(RescoreJobs.Chunk chunk) {
        Request request = read(chunk.parameters());
        Map<UUID, AccountOutcome> first = outcomes.firstBetween(request.from(), request.to(), chunk.accounts());
        Map<String, List<BacktestMetrics.AccountResult>> byModel = new HashMap<>();
        List<HealthModel> scoredWith = request.models().stream().map(this::model).toList();
        inbox.knownEventsOf(chunk.accounts(), (account, known) -> {
            AccountOutcome outcome = first.get(account);
            if (outcome == null) {
                return; // its outcome was corrected away since the job started
            }
            // Each event's business time read once, not at every step under every model.
            List<Dated> events = known.stream()
                    .map(k -> new Dated(k.event(), FactsFromEvents.happenedAt(k.event()), k.recordedAt())).toList();
            for (HealthModel model : scoredWith) {
                byModel.computeIfAbsent(model.version(), v -> new ArrayList<>())
                        .add(BacktestMetrics.result(run(account, outcome, events, model, request), request.leadDays()));
            }
        });
        byModel.forEach((version, list) -> results.keep(chunk.jobId(), version, list));
        return chunk.accounts().size();
    }

    /** An event with when it happened and when it was recorded. */
    private record Dated(Inbox.Event event, Instant happened, Instant recorded) {
    }

    /** The account's health as known at each step of the horizon before its outcome, under one model. */
    private static AccountRun run(UUID account, AccountOutcome outcome, List<Dated> events, HealthModel model,
                                  Request request) {
        List<AccountRun.Step> steps = new ArrayList<>();
        Health.HealthStatus previous = null;
        AccountFacts facts = null;
        for (Instant at = outcome.at().minus(request.horizonDays(), ChronoUnit.DAYS); at.isBefore(outcome.at());
             at = at.plus(request.stepDays(), ChronoUnit.DAYS)) {
            Instant t = at;
            List<Inbox.Event> known = events.stream()
                    .filter(d -> (!request.asRecorded() || !d.recorded().isAfter(t)) && !d.happened().isAfter(t))
                    .map(Dated::event).toList();
            if (known.isEmpty()) {
                continue; // nothing was known of the account yet
            }
            facts = FactsFromEvents.fold(account, known);
            Health health = HealthScorer.score(facts, t, model, previous);
            previous = health.status();
            steps.add(AccountRun.step(t, health));
        }
        return new AccountRun(account, facts == null ? null : facts.name(), facts == null ? null : facts.teamId(),
                outcome.kind(), outcome.at(), List.copyOf(steps));
    }

    /** The reports of a backtest, one per model, from the results kept so far (complete once the job is DONE). */
    public Optional<Report> report(UUID jobId) {
        return jobs.parametersOf(jobId).map(this::read).map(request -> new Report(request, request.models().stream()
                .map(version -> BacktestMetrics.report(version, results.of(jobId, version))).toList()));
    }

    private static void check(Request r) {
        if (r.models() == null || r.models().isEmpty() || r.models().size() > MAX_MODELS
                || new LinkedHashSet<>(r.models()).size() != r.models().size()) {
            throw RuleViolation.invalid("models", "1 to " + MAX_MODELS + " different model versions");
        }
        if (!r.from().isBefore(r.to()) || Duration.between(r.from(), r.to()).toDays() > 3660) {
            throw RuleViolation.invalid("to", "must be after from, at most 10 years later");
        }
        if (r.horizonDays() < 1 || r.horizonDays() > 730) {
            throw RuleViolation.invalid("horizonDays", "must be 1 to 730");
        }
        if (r.stepDays() < 1 || r.stepDays() > 90 || r.horizonDays() / r.stepDays() > MAX_STEPS) {
            throw RuleViolation.invalid("stepDays", "must be 1 to 90, at most " + MAX_STEPS + " steps a horizon");
        }
        if (r.leadDays() < 0 || r.leadDays() > r.horizonDays()) {
            throw RuleViolation.invalid("leadDays", "must be 0 to horizonDays");
        }
    }

    private HealthModel model(String version) {
        return models.modelOf(version).orElseThrow(() -> RuleViolation.invalid("models", "no model " + version));
    }

    private String write(Request request) {
        try {
            return json.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A backtest request is always JSON", e);
        }
    }

    private Request read(String parameters) {
        try {
            return json.readValue(parameters, Request.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A backtest's stored request cannot be read", e);
        }
    }
}
