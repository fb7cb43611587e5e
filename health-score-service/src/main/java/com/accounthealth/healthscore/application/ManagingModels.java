package com.accounthealth.healthscore.application;

import com.accounthealth.healthscore.domain.HealthModel;
import com.accounthealth.healthscore.domain.ModelCheck;
import com.accounthealth.healthscore.infrastructure.RescoreJobs;
import com.accounthealth.healthscore.infrastructure.model.HealthModels;
import com.accounthealth.kernel.RuleViolation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Models as data: the configured model seeds the first version; a draft is derived from a stored model with changes;
 * activating a version puts it in force on every replica at once and re-scores the portfolio under it in the
 * background, each change recorded with cause {@code MODEL_CHANGE} and no alert per account.
 */
@ApplicationScoped
public class ManagingModels {

    private static final Logger LOG = Logger.getLogger(ManagingModels.class);

    /** A draft that is not a usable model: each field and what is wrong with it. */
    public static final class ModelRejected extends RuntimeException {
        private final transient List<ModelCheck.Violation> violations;

        ModelRejected(List<ModelCheck.Violation> violations) {
            super(violations.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; ")));
            this.violations = List.copyOf(violations);
        }

        public List<ModelCheck.Violation> violations() {
            return violations;
        }
    }

    /** An activation: the version now in force, the one it replaced and the re-score that applies it. */
    public record Activation(String version, String previousVersion, UUID jobId, Instant activatedAt) {
    }

    private final HealthModels models;
    private final RescoreJobs jobs;
    private final RescoringThePortfolio rescoring;
    private final ObjectMapper strict;

    public ManagingModels(HealthModels models, RescoreJobs jobs, RescoringThePortfolio rescoring, ObjectMapper json) {
        this.models = models;
        this.jobs = jobs;
        this.rescoring = rescoring;
        // A change naming a field no model has is a mistake to report, not something to ignore.
        this.strict = json.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);
    }

    /** Stores the configured model as the first version and puts it in force, once, whichever replica starts first. */
    void seed(@Observes StartupEvent ignored) {
        HealthModel seed = models.seed();
        QuarkusTransaction.requiringNew().run(() -> {
            boolean anyActive = models.lockActivations().isPresent();
            if (models.store(seed, "The model configured in health.model.* (docs/health-model.md)", null,
                    "configuration", Instant.now())) {
                LOG.infof("Model %s stored from configuration", seed.version());
            } else if (!models.modelOf(seed.version()).orElseThrow().equals(seed)) {
                LOG.warnf("health.model.* differs from the stored model %s; the stored one stands (configuration only"
                        + " seeds the first version: derive a new version to change the model)", seed.version());
            }
            if (!anyActive) {
                models.activate(seed.version(), "configuration", null, Instant.now());
            }
        });
    }

    /**
     * Stores a draft: the model {@code derivedFrom} (default: the one in force) with {@code changes} merged in (objects
     * field by field, anything else replaced), under {@code version}.
     */
    public HealthModels.Stored draft(String version, String description, String derivedFrom, JsonNode changes,
                                     String author) {
        if (!ModelCheck.isVersion(version)) {
            throw new RuleViolation(RuleViolation.Kind.INVALID, "version",
                    "1-40 of a-z, 0-9, '.', '_', '-', starting with a letter or digit");
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            HealthModel base = derivedFrom == null ? models.active() : models.modelOf(derivedFrom)
                    .orElseThrow(() -> new RuleViolation(RuleViolation.Kind.INVALID, "derivedFrom",
                            "No model " + derivedFrom));
            String baseVersion = derivedFrom == null ? base.version() : derivedFrom;
            HealthModel model = merged(base, changes, version);
            List<ModelCheck.Violation> violations = ModelCheck.violations(model);
            if (!violations.isEmpty()) {
                throw new ModelRejected(violations);
            }
            if (!models.store(model, description, baseVersion, author, Instant.now())) {
                throw RuleViolation.conflict("Model " + version + " exists already; a model never changes once "
                        + "stored: derive another version");
            }
            LOG.infof("Model %s drafted by %s from %s", version, author, baseVersion);
            return models.find(version).orElseThrow();
        });
    }

    /** Puts {@code version} in force and starts the re-score that applies it to every account. */
    public Activation activate(String version, String by) {
        Activation activation = QuarkusTransaction.requiringNew().call(() -> {
            HealthModel model = stored(version);
            String previous = models.lockActivations().orElse(null);
            if (version.equals(previous)) {
                throw RuleViolation.conflict("Model " + version + " is in force already");
            }
            Instant now = Instant.now();
            RescoreJobs.Job job = jobs.create(model, RescoringThePortfolio.ACCOUNTS_PER_TRANSACTION,
                    "activation of " + version + " by " + by, now, RescoreJobs.Purpose.MODEL_CHANGE, previous);
            models.activate(version, by, job.jobId(), now);
            return new Activation(version, previous, job.jobId(), now);
        });
        LOG.infof("Model %s activated by %s (was %s): re-score %s applies it to every account", version, by,
                activation.previousVersion(), activation.jobId());
        rescoring.wake();
        return activation;
    }

    /** Starts a what-if of {@code version} over today's portfolio: a job that changes nothing and records the diffs. */
    public RescoreJobs.Job whatIf(String version, String by) {
        RescoreJobs.Job job = QuarkusTransaction.requiringNew().call(() -> {
            HealthModel model = stored(version);
            return jobs.create(model, RescoringThePortfolio.ACCOUNTS_PER_TRANSACTION, "what-if of " + version
                    + " by " + by, Instant.now(), RescoreJobs.Purpose.WHAT_IF, null);
        });
        LOG.infof("What-if %s of model %s started by %s over %d accounts", job.jobId(), version, by, job.total());
        rescoring.wake();
        return job;
    }

    private HealthModel stored(String version) {
        return models.modelOf(version).orElseThrow(() -> RuleViolation.notFound("No model " + version));
    }

    private HealthModel merged(HealthModel base, JsonNode changes, String version) {
        ObjectNode tree = strict.valueToTree(base);
        if (changes != null && !changes.isNull()) {
            if (!changes.isObject()) {
                throw new RuleViolation(RuleViolation.Kind.INVALID, "changes", "must be an object");
            }
            if (changes.has("version")) {
                throw new RuleViolation(RuleViolation.Kind.INVALID, "changes.version",
                        "the version is the draft's own (the version field of the request)");
            }
            merge(tree, (ObjectNode) changes, "changes");
        }
        tree.put("version", version);
        try {
            return strict.treeToValue(tree, HealthModel.class);
        } catch (JsonMappingException e) {
            String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                    : String.valueOf(r.getIndex())).collect(Collectors.joining("."));
            throw new RuleViolation(RuleViolation.Kind.INVALID, "changes" + (path.isEmpty() ? "" : "." + path),
                    e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new RuleViolation(RuleViolation.Kind.INVALID, "changes", e.getOriginalMessage());
        }
    }

    private static void merge(ObjectNode target, ObjectNode changes, String path) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = changes.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> change = fields.next();
            String field = path + "." + change.getKey();
            if (change.getValue().isNull()) {
                throw new RuleViolation(RuleViolation.Kind.INVALID, field, "must not be null");
            }
            JsonNode current = target.get(change.getKey());
            if (current != null && current.isObject() && change.getValue().isObject()) {
                merge((ObjectNode) current, (ObjectNode) change.getValue(), field);
            } else {
                target.set(change.getKey(), change.getValue());
            }
        }
    }
}
