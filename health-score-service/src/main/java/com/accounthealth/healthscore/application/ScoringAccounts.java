package com.accounthealth.healthscore.application;

import com.accounthealth.healthscore.domain.AccountFacts;
import com.accounthealth.healthscore.domain.AlertType;
import com.accounthealth.healthscore.domain.Cause;
import com.accounthealth.healthscore.domain.CompetitiveGaps;
import com.accounthealth.healthscore.domain.GrowthSignals;
import com.accounthealth.healthscore.domain.Health;
import com.accounthealth.healthscore.domain.Health.HealthStatus;
import com.accounthealth.healthscore.domain.HealthModel;
import com.accounthealth.healthscore.domain.HealthScorer;
import com.accounthealth.healthscore.domain.WhatIf;
import com.accounthealth.healthscore.domain.notification.AlertNotice;
import com.accounthealth.healthscore.infrastructure.Alerts;
import com.accounthealth.healthscore.infrastructure.BatchScoring;
import com.accounthealth.healthscore.infrastructure.FactsFromEvents;
import com.accounthealth.healthscore.infrastructure.HealthChanges;
import com.accounthealth.healthscore.infrastructure.HealthRecords;
import com.accounthealth.healthscore.infrastructure.Inbox;
import com.accounthealth.healthscore.infrastructure.PortfolioPositions;
import com.accounthealth.healthscore.infrastructure.model.HealthModels;
import com.accounthealth.healthscore.infrastructure.notification.AlertNotices;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Scores accounts from their inbox events and keeps what follows from a change: the history row that explains it
 * and the alert a transition raises. Runs in the caller's transaction (the ingest batch or the time round).
 */
@ApplicationScoped
public class ScoringAccounts implements BatchScoring {

    private static final Logger LOG = Logger.getLogger(ScoringAccounts.class);

    private final Inbox inbox;
    private final HealthRecords records;
    private final Alerts alerts;
    private final HealthModels models;
    private final ObjectMapper json;
    private final NotifyingLeaders notifying;
    private final PortfolioPositions positions;
    private final HealthChanges healthChanges;

    public ScoringAccounts(Inbox inbox, HealthRecords records, Alerts alerts, HealthModels models, ObjectMapper json,
                           NotifyingLeaders notifying, PortfolioPositions positions, HealthChanges healthChanges) {
        this.healthChanges = healthChanges;
        this.notifying = notifying;
        this.positions = positions;
        this.inbox = inbox;
        this.records = records;
        this.alerts = alerts;
        this.models = models;
        this.json = json;
    }

    /**
     * @param causes per account, the ids of the events that triggered the evaluation (empty: time passed)
     * @return how many accounts changed score or status
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int rescore(Map<UUID, List<UUID>> causes, Instant now) {
        return rescore(causes, now, this::facts, account -> true);
    }

    /**
     * As {@link #rescore(Map, Instant)}, with each account's facts from {@code factsOf} (ingest keeps them); an
     * account for which {@code news} is false is history (facts recorded long after they happened, or a rebuild
     * replaying what was published before): its changes are recorded with cause {@code BACKFILL}, and its alerts are
     * recorded but neither published nor notified.
     */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public int rescore(Map<UUID, List<UUID>> causes, Instant now, Function<UUID, AccountFacts> factsOf,
                       Predicate<UUID> news) {
        records.lockForEvaluation(causes.keySet());
        // Read under the accounts' locks: an activation's re-score of them has committed or waits for this one.
        HealthModel model = models.active();
        // One read of the accounts' current health, one batch of history rows and one of saves, not a round trip of
        // each per account.
        Map<UUID, Health> current = records.currentOf(causes.keySet());
        List<Evaluation> evaluations = new ArrayList<>(causes.size());
        for (Map.Entry<UUID, List<UUID>> entry : causes.entrySet()) {
            List<UUID> events = entry.getValue();
            Map<String, Object> factsCause = events.isEmpty() ? Cause.elapsedTime()
                    : news.test(entry.getKey()) ? Cause.news(events) : Cause.backfill(events);
            Health previous = current.get(entry.getKey());
            Map<String, Object> cause = previous == null ? Cause.initialLoad(factsCause) : factsCause;
            evaluations.add(evaluate(factsOf.apply(entry.getKey()), previous, now, model, cause));
        }
        record(evaluations, now, model);
        return (int) evaluations.stream().filter(e -> e.outcome() != Outcome.UNCHANGED).count();
    }

    /** What scoring one account did. */
    public enum Outcome { UNCHANGED, SCORE_CHANGED, STATUS_CHANGED }

    /**
     * Scores {@code accounts} under {@code model} from their inbox (one read of their events, one of their health)
     * and records the changes, with {@code cause} as their explanation; returns each account's outcome.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, Outcome> scoreAll(Collection<UUID> accounts, Instant now, HealthModel model,
                                       Map<String, Object> cause) {
        records.lockForEvaluation(accounts);
        Map<UUID, AccountFacts> folded = foldedFromInbox(accounts);
        Map<UUID, Health> current = records.currentOf(accounts);
        List<Evaluation> evaluations = new ArrayList<>(accounts.size());
        for (UUID account : accounts) {
            evaluations.add(evaluate(folded.get(account), current.get(account), now, model, cause));
        }
        record(evaluations, now, model);
        Map<UUID, Outcome> outcomes = new LinkedHashMap<>();
        evaluations.forEach(e -> outcomes.put(e.facts().accountId(), e.outcome()));
        return outcomes;
    }

    /**
     * Scores {@code accounts} under {@code model} and under the model in force, from their inbox, and answers what would
     * change, recording nothing: the accounts whose score or status would move, with the reasons that differ.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<WhatIf.OfAccount> preview(Collection<UUID> accounts, Instant now, HealthModel model) {
        Map<UUID, AccountFacts> folded = foldedFromInbox(accounts);
        Map<UUID, Health> current = records.currentOf(accounts);
        HealthModel inForce = models.active();
        List<WhatIf.OfAccount> previews = new ArrayList<>();
        for (UUID account : accounts) {
            AccountFacts facts = folded.get(account);
            HealthStatus reported = current.containsKey(account) ? current.get(account).status() : null;
            // Both now, from the same status: only what the model changes shows, not the time since the last score.
            Health underModelInForce = HealthScorer.score(facts, now, inForce, reported);
            Health draft = HealthScorer.score(facts, now, model, reported);
            WhatIf.between(underModelInForce, draft).ifPresent(change -> previews.add(new WhatIf.OfAccount(facts, change)));
        }
        return previews;
    }

    /** Each account's facts folded from its inbox (one read for all; an account with no event has empty facts). */
    private Map<UUID, AccountFacts> foldedFromInbox(Collection<UUID> accounts) {
        Map<UUID, AccountFacts> folded = new HashMap<>();
        inbox.eventsOf(accounts, (account, events) -> folded.put(account, FactsFromEvents.fold(account, events)));
        accounts.forEach(account -> folded.computeIfAbsent(account, a -> FactsFromEvents.fold(a, List.of())));
        return folded;
    }

    /** An account scored: its health before and after, and why it was evaluated. */
    private record Evaluation(AccountFacts facts, Health previous, Health next, Outcome outcome,
                              Map<String, Object> cause) {
    }

    private static Evaluation evaluate(AccountFacts facts, Health previous, Instant now, HealthModel model,
                                       Map<String, Object> cause) {
        Health next = HealthScorer.score(facts, now, model, previous == null ? null : previous.status());
        Outcome outcome = Outcome.UNCHANGED;
        if (previous == null || previous.status() != next.status()) {
            outcome = Outcome.STATUS_CHANGED;
        } else if (!Objects.equals(previous.score(), next.score())) {
            outcome = Outcome.SCORE_CHANGED;
        }
        return new Evaluation(facts, previous, next, outcome, cause);
    }

    /**
     * Keeps what follows from the evaluations: the history rows of changes, the alerts they raise, the new health and
     * each account's position in the portfolio view.
     */
    private void record(List<Evaluation> evaluations, Instant now, HealthModel model) {
        List<Evaluation> changed = evaluations.stream().filter(e -> e.outcome() != Outcome.UNCHANGED).toList();
        List<HealthRecords.NewChange> changes = changed.stream()
                .map(e -> new HealthRecords.NewChange(e.previous(), e.next(), componentDeltas(e.previous(), e.next()),
                        e.cause()))
                .toList();
        records.recordChanges(changes);
        Map<UUID, String> teams = new HashMap<>();
        changed.forEach(e -> teams.put(e.facts().accountId(), e.facts().teamId()));
        healthChanges.publish(changes, teams);
        List<Alerts.Candidate> candidates = new ArrayList<>();
        for (Evaluation e : changed) {
            transitionAlert(e).ifPresent(candidates::add);
        }
        List<CompetitiveGaps.Position> positioned = new ArrayList<>(evaluations.size());
        for (Evaluation e : evaluations) {
            // The account's gaps, worked out once: they raise its gap alerts and make its portfolio position.
            CompetitiveGaps.AccountGaps gaps = CompetitiveGaps.of(e.facts(), now, model);
            if (e.facts().profileKnown() && !e.facts().churned()) {
                candidates.addAll(gapAndGrowthAlerts(e.facts(), gaps, now, model, e.next().evaluatedAt(),
                        e.cause()));
            }
            positioned.add(CompetitiveGaps.positionOf(e.facts(), gaps, model));
        }
        raise(candidates);
        records.saveAll(evaluations.stream().map(e -> new HealthRecords.Scored(e.next(), e.facts())).toList());
        positions.replace(positioned);
    }

    /** The account's facts as its inbox events tell them. */
    public AccountFacts facts(UUID accountId) {
        return FactsFromEvents.fold(accountId, inbox.eventsOf(accountId, null));
    }

    /**
     * A new competitive gap (a competitor, with the capabilities it offers that we lack) and a new growth signal each
     * raise one alert: the transition key names the gap or the client event, so a re-evaluation raises none again.
     */
    private List<Alerts.Candidate> gapAndGrowthAlerts(AccountFacts facts, CompetitiveGaps.AccountGaps gaps, Instant now,
                                                      HealthModel model, Instant at, Map<String, Object> cause) {
        List<Alerts.Candidate> candidates = new ArrayList<>();
        boolean news = Cause.tells(cause);
        for (CompetitiveGaps.Gap gap : gaps.gaps()) {
            if (gap.capabilitiesWeLack().isEmpty() && gap.unmetClientTeams().isEmpty()) {
                continue;
            }
            String key = "gap:" + gap.competitor() + ":" + String.join(",", gap.capabilitiesWeLack().stream().sorted().toList());
            if (alerts.knownRaised(facts.accountId(), AlertType.COMPETITIVE_GAP, key)) {
                continue; // a standing gap: most evaluations of the account see it again
            }
            ObjectNode payload = alertPayload(AlertType.COMPETITIVE_GAP, facts, cause, model.version())
                    .put("competitor", gap.competitor());
            gap.capabilitiesWeLack().forEach(payload.withArray("capabilitiesWeLack")::add);
            gap.unmetClientTeams().forEach(t -> payload.withArray("unmetClientTeams").add(t.toString()));
            candidates.add(new Alerts.Candidate(facts.accountId(), AlertType.COMPETITIVE_GAP, key, facts.teamId(), at, payload,
                    gap.competitor() + " offers " + gap.capabilitiesWeLack(), news));
        }
        for (GrowthSignals.GrowthSignal signal : GrowthSignals.of(facts, now, model)) {
            if (alerts.knownRaised(facts.accountId(), AlertType.GROWTH_SIGNAL, "growth:" + signal.eventId())) {
                continue;
            }
            ObjectNode payload = alertPayload(AlertType.GROWTH_SIGNAL, facts, cause, model.version())
                    .put("clientEvent", signal.type().name())
                    .put("clientEventAt", signal.at().toString())
                    .put("sentence", signal.sentence());
            candidates.add(new Alerts.Candidate(facts.accountId(), AlertType.GROWTH_SIGNAL, "growth:" + signal.eventId(),
                    // The log names the kind of event, not its description: free text may name people.
                    facts.teamId(), at, payload, "growth signal " + signal.type(), news));
        }
        return candidates;
    }

    /** Raises the alerts once per transition (in one statement) and, in the same transaction, plans notifications. */
    private void raise(List<Alerts.Candidate> candidates) {
        if (candidates.isEmpty()) {
            return;
        }
        Map<UUID, String> summaries = new HashMap<>();
        candidates.forEach(c -> summaries.putIfAbsent(c.alertId(), c.summary()));
        List<AlertNotice> notices = new ArrayList<>();
        for (Alerts.Alert alert : alerts.raiseAll(candidates)) {
            if (!alert.announced()) {
                LOG.infof("Alert %s for account %s recorded from replayed history, not announced again: %s",
                        alert.alertType(), alert.accountId(), summaries.get(alert.alertId()));
                continue;
            }
            LOG.infof("Alert %s for account %s: %s", alert.alertType(), alert.accountId(), summaries.get(alert.alertId()));
            notices.add(AlertNotices.from(alert.alertId(), alert.alertType(), alert.raisedAt(), alert.payload()));
        }
        notifying.alertsRaised(notices);
    }

    private ObjectNode alertPayload(AlertType alertType, AccountFacts facts, Map<String, Object> cause,
                                    String modelVersion) {
        ObjectNode payload = json.createObjectNode()
                .put("alertType", alertType.name())
                .put("modelVersion", modelVersion)
                .put("accountId", facts.accountId().toString())
                .put("accountName", facts.name())
                .put("teamId", facts.teamId())
                .put("ownerId", facts.ownerId())
                .put("tier", facts.tier() == null ? null : facts.tier().name())
                .put("currency", facts.currency());
        payload.putPOJO("arr", facts.arr());
        payload.putPOJO("cause", cause);
        return payload;
    }

    /**
     * Health as it was at {@code asOf} (business time), from the facts that had happened by then and were recorded by
     * {@code knownAt}, under {@code model} (null: the model in force at {@code asOf}), with the hysteresis of the
     * status reported then: so asked about a past moment with what was known at it, it gives what was reported.
     */
    public Health asOf(UUID accountId, Instant asOf, Instant knownAt, HealthModel model) {
        AccountFacts facts = FactsFromEvents.fold(accountId, inbox.eventsOf(accountId, asOf, knownAt));
        Instant reported = knownAt != null && knownAt.isBefore(asOf) ? knownAt : asOf;
        HealthStatus previous = records.statusReportedAt(accountId, reported).orElse(null);
        return HealthScorer.score(facts, asOf, model != null ? model : models.inForceAt(asOf), previous);
    }

    private static Map<String, Integer> componentDeltas(Health previous, Health next) {
        Map<String, Integer> deltas = new LinkedHashMap<>();
        for (Health.ComponentScore c : next.components()) {
            Integer before = previous == null ? null : previous.components().stream()
                    .filter(p -> p.component().equals(c.component())).map(Health.ComponentScore::score)
                    .filter(Objects::nonNull).findFirst().orElse(null);
            if (c.score() != null && !Objects.equals(before, c.score())) {
                deltas.put(c.component(), c.score() - (before == null ? 0 : before));
            }
        }
        return deltas;
    }

    /**
     * The alert a change of status raises (at risk, or recovered from it), if any. Its transition is named by what
     * caused it, the newest event applied or the moment time alone moved it, so that the same transition replayed
     * gets the same alert id and consumers deduplicate it by CloudEvent id.
     */
    private Optional<Alerts.Candidate> transitionAlert(Evaluation e) {
        Health previous = e.previous();
        Health next = e.next();
        HealthStatus before = previous == null ? null : previous.status();
        Optional<AlertType> transition = AlertType.ofStatusChange(before, next.status());
        if (transition.isEmpty()) {
            return Optional.empty();
        }
        AlertType alertType = transition.get();
        AccountFacts facts = e.facts();
        ObjectNode payload = alertPayload(alertType, facts, e.cause(), next.modelVersion())
                .put("status", next.status().name())
                .put("previousStatus", before == null ? null : before.name());
        payload.putPOJO("score", next.score());
        payload.putPOJO("previousScore", previous == null ? null : previous.score());
        ArrayNode reasons = payload.putArray("topReasons");
        next.criticalSignals().forEach(s -> reasons.addObject().put("rule", s.rule()).put("sentence", s.sentence())
                .put("critical", true));
        next.components().stream().flatMap(c -> c.reasons().stream()).filter(r -> r.points() < 0)
                .sorted(Comparator.comparingInt(Health.Reason::points)).limit(3)
                .forEach(r -> reasons.addObject().put("rule", r.rule()).put("sentence", r.sentence())
                        .put("points", r.points()));
        return Optional.of(new Alerts.Candidate(next.accountId(), alertType, transitionKey(e), facts.teamId(),
                next.evaluatedAt(), payload, facts.name() + ", score " + next.score(), Cause.tells(e.cause())));
    }

    /** {@code event:<id>} of the newest event that caused the evaluation, or {@code time:<instant>} for elapsed time. */
    @SuppressWarnings("unchecked")
    private static String transitionKey(Evaluation e) {
        Object ids = e.cause().get("eventIds");
        if (ids instanceof List<?> events && !events.isEmpty()) {
            return "event:" + events.getLast();
        }
        return "time:" + e.next().evaluatedAt();
    }
}
