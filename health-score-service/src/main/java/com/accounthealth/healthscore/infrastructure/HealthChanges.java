package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.eventstore.CloudEvents;
import com.accounthealth.eventstore.Outbox;
import com.accounthealth.eventstore.OutboxRecord;
import com.accounthealth.healthscore.domain.Health;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every change of an account's score or status, published on {@value #TOPIC} as a CloudEvent keyed by account,
 * through the outbox in the transaction that records it in the history: for the systems that read health (CRM
 * write-back, BI) without polling. The history row and the record say the same. The CloudEvent id is derived from the
 * account, model, cause (its events) and result, so a change caused by events and recorded again (a rebuild) carries
 * the same id and consumers deduplicate by it; one caused by time alone is named by its moment.
 */
@ApplicationScoped
public class HealthChanges {

    public static final String TOPIC = "account-health-changes";
    static final String TYPE = CloudEvents.type("com.accounthealth.health", "HealthChanged", 1);

    private final Outbox outbox;
    private final ObjectMapper json;

    public HealthChanges(Outbox outbox, ObjectMapper json) {
        this.outbox = outbox;
        this.json = json;
    }

    /**
     * What made the change, stably: the events that caused it (the same when a rebuild applies them again), or, for
     * time alone or a re-score, the moment or the job.
     */
    private static String causeKey(Map<String, Object> cause, Health next) {
        Object events = cause.get("eventIds");
        if (events instanceof List<?> ids && !ids.isEmpty()) {
            return cause.get("kind") + ids.toString();
        }
        Object job = cause.get("rescore");
        return cause.get("kind") + ":" + (job != null ? job : next.evaluatedAt());
    }

    /** @param teams each changed account's sales team, as its facts have it */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(List<HealthRecords.NewChange> changes, Map<UUID, String> teams) {
        outbox.enqueue(changes.stream().map(change -> {
            Health next = change.next();
            Health previous = change.previous();
            ObjectNode data = json.createObjectNode()
                    .put("accountId", next.accountId().toString())
                    .put("teamId", teams.get(next.accountId()))
                    .put("evaluatedAt", next.evaluatedAt().toString())
                    .put("modelVersion", next.modelVersion())
                    .put("status", next.status().name())
                    .put("previousStatus", previous == null ? null : previous.status().name());
            data.putPOJO("score", next.score());
            data.putPOJO("previousScore", previous == null ? null : previous.score());
            data.putPOJO("componentDeltas", change.componentDeltas());
            data.putPOJO("cause", change.cause());
            String id = UUID.nameUUIDFromBytes(("health-change:" + next.accountId() + ":" + next.modelVersion() + ":"
                    + causeKey(change.cause(), next) + ":" + next.status() + ":" + next.score())
                    .getBytes(StandardCharsets.UTF_8)).toString();
            return new OutboxRecord(TOPIC, next.accountId().toString(), CloudEvents.toJson(id,
                    "/health-score-service", TYPE, next.accountId().toString(), next.evaluatedAt(), data));
        }).toList());
    }
}
