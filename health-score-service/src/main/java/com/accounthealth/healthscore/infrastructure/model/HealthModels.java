package com.accounthealth.healthscore.infrastructure.model;

import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.healthscore.domain.HealthModel;
import com.accounthealth.webapi.PagedQuery;
import com.accounthealth.webapi.Paging;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The stored health models and their activations. The model in force is read from the database each time it is asked
 * for (one indexed row), so every replica scores with a model from the moment its activation commits; the models
 * themselves never change once stored, so each is parsed once and kept (Caffeine, by version).
 */
@ApplicationScoped
public class HealthModels {

    /** A stored model's description, and whether and since when it is in force. */
    public record ModelSummary(String version, String description, String derivedFrom, String author, Instant createdAt,
                          boolean active, Instant activatedAt) {
    }

    /** A stored model with every number. */
    public record Stored(ModelSummary summary, HealthModel model) {
    }

    private final ObjectMapper json;
    private final EntityManager entities;
    private final HealthModel seed;
    private final Cache<String, HealthModel> parsed = Caffeine.newBuilder().maximumSize(100).build();

    public HealthModels(ObjectMapper json, EntityManager entities, HealthModel configured) {
        this.json = json;
        this.entities = entities;
        this.seed = configured;
    }

    /**
     * The model in force now: the newest activation's. Before the configured model is stored as the first version
     * (at start), the configured model itself.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public HealthModel active() {
        return latestActivation().map(a -> model(a.version)).orElse(seed);
    }

    /** The model in force at {@code moment}, if any was activated by then. */
    @Transactional(Transactional.TxType.REQUIRED)
    public Optional<HealthModel> activeAt(Instant moment) {
        return ActivationRow.<ActivationRow>find("activatedAt <= ?1", Sort.descending("activatedAt", "activationId"),
                moment).firstResultOptional().map(a -> model(a.version));
    }

    /**
     * The model in force at {@code moment}: the last activated by then, or, for a moment before any activation, the
     * first model activated (before it, the service scored with the configuration it was seeded from).
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public HealthModel inForceAt(Instant moment) {
        return activeAt(moment).or(() -> ActivationRow.<ActivationRow>findAll(Sort.ascending("activationId"))
                .firstResultOptional().map(a -> model(a.version))).orElse(seed);
    }

    /** A stored model with its description and activation. */
    @Transactional(Transactional.TxType.REQUIRED)
    public Optional<Stored> find(String version) {
        Optional<ActivationRow> latest = latestActivation();
        Map<String, Instant> activated = lastActivations();
        return ModelRow.<ModelRow>findByIdOptional(version)
                .map(row -> new Stored(summary(row, latest, activated), model(row.version)));
    }

    /** A stored model's numbers, if it is stored: parsed once (a model never changes), no description read. */
    @Transactional(Transactional.TxType.REQUIRED)
    public Optional<HealthModel> modelOf(String version) {
        return Optional.ofNullable(parsed.get(version, v -> ModelRow.<ModelRow>findByIdOptional(v)
                .map(row -> read(row.model)).orElse(null)));
    }

    @Transactional(Transactional.TxType.REQUIRED)
    public Paging.Page<ModelSummary> list(Paging paging) {
        Optional<ActivationRow> latest = latestActivation();
        Map<String, Instant> activated = lastActivations();
        return PagedQuery.of(ModelRow.findAll(Sort.ascending("createdAt", "version")), paging,
                (ModelRow row) -> summary(row, latest, activated));
    }

    /** Stores a new model; false when its version exists already. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean store(HealthModel model, String description, String derivedFrom, String author, Instant now) {
        if (ModelRow.findByIdOptional(model.version()).isPresent()) {
            return false;
        }
        ModelRow row = new ModelRow();
        row.version = model.version();
        row.description = description;
        row.derivedFrom = derivedFrom;
        row.author = author;
        row.createdAt = now;
        row.model = write(model);
        row.persist();
        return true;
    }

    /**
     * Takes the lock that makes activations one at a time (across replicas, until the caller's transaction ends) and
     * answers the version in force, if any.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<String> lockActivations() {
        entities.createNativeQuery("LOCK TABLE health_model_activation IN SHARE ROW EXCLUSIVE MODE").executeUpdate();
        return latestActivation().map(a -> a.version);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void activate(String version, String by, UUID jobId, Instant now) {
        ActivationRow row = new ActivationRow();
        row.version = version;
        row.activatedAt = now;
        row.activatedBy = by;
        row.jobId = jobId;
        row.persist();
    }

    /** The configured model, which seeds the first version. */
    public HealthModel seed() {
        return seed;
    }

    private Optional<ActivationRow> latestActivation() {
        return ActivationRow.<ActivationRow>findAll(Sort.descending("activationId")).firstResultOptional();
    }

    private HealthModel model(String version) {
        return modelOf(version)
                .orElseThrow(() -> new IllegalStateException("Model " + version + " is activated but not stored"));
    }

    /** The last time each version was activated, in one query (not one per model listed). */
    private Map<String, Instant> lastActivations() {
        Map<String, Instant> last = new HashMap<>();
        entities.createQuery("SELECT a.version, max(a.activatedAt) FROM ActivationRow a GROUP BY a.version",
                Object[].class).getResultList().forEach(r -> last.put((String) r[0], (Instant) r[1]));
        return last;
    }

    private static ModelSummary summary(ModelRow row, Optional<ActivationRow> latest, Map<String, Instant> activated) {
        boolean active = latest.isPresent() && latest.get().version.equals(row.version);
        return new ModelSummary(row.version, row.description, row.derivedFrom, row.author, row.createdAt, active,
                activated.get(row.version));
    }

    private String write(HealthModel model) {
        try {
            return json.writeValueAsString(model);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A model is always JSON", e);
        }
    }

    private HealthModel read(String text) {
        try {
            return json.readValue(text, HealthModel.class);
        } catch (JsonProcessingException e) {
            throw new EventStoreFailure("A stored model cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
