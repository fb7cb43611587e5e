package com.accounthealth.healthscore.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Why an account's health was evaluated, as its history entries and alerts carry it ({@code cause}, a JSON object
 * whose {@code kind} is one of these). A change caused by {@link Kind#BACKFILL} tells no one.
 */
public final class Cause {

    public enum Kind {
        /** Facts recorded as they happened: {@code eventIds} names them. */
        NEWS,
        /** No new fact: time alone moved the score (silence grew, a renewal came closer). */
        ELAPSED_TIME,
        /** History being loaded: facts recorded long after they happened ({@code eventIds}). */
        BACKFILL,
        /**
         * A model's activation applied to live health ({@code rescore}: the job, {@code modelVersion} and
         * {@code previousModelVersion}): recorded, with its alerts, but told to no one account by account.
         */
        MODEL_CHANGE,
        /** A re-score of the portfolio under the model in force, e.g. to build a projection ({@code rescore}: the job). */
        RESCORE
    }

    private Cause() {
    }

    public static Map<String, Object> news(List<UUID> eventIds) {
        return Map.of("kind", Kind.NEWS.name(), "eventIds", List.copyOf(eventIds));
    }

    public static Map<String, Object> elapsedTime() {
        // elapsedTime / backfill: true are kept beside kind for the readers of history written before kind existed.
        return Map.of("kind", Kind.ELAPSED_TIME.name(), "elapsedTime", true);
    }

    public static Map<String, Object> backfill(List<UUID> eventIds) {
        return Map.of("kind", Kind.BACKFILL.name(), "eventIds", List.copyOf(eventIds), "backfill", true);
    }

    /**
     * The first evaluation of an account, its initial load ({@code initialLoad: true} beside the facts' cause): it has
     * no status before it, so the new-account grace and the news window decide whether it tells anyone, not the order
     * in which its first facts happened to be batched.
     */
    public static Map<String, Object> initialLoad(Map<String, Object> factsCause) {
        Map<String, Object> cause = new LinkedHashMap<>(factsCause);
        cause.put("initialLoad", true);
        return Map.copyOf(cause);
    }

    public static Map<String, Object> rescore(UUID jobId, String modelVersion) {
        return Map.of("kind", Kind.RESCORE.name(), "rescore", jobId.toString(), "modelVersion", modelVersion);
    }

    public static Map<String, Object> modelChange(UUID jobId, String modelVersion, String previousModelVersion) {
        Map<String, Object> cause = new LinkedHashMap<>();
        cause.put("kind", Kind.MODEL_CHANGE.name());
        cause.put("rescore", jobId.toString());
        cause.put("modelVersion", modelVersion);
        if (previousModelVersion != null) {
            cause.put("previousModelVersion", previousModelVersion);
        }
        return Map.copyOf(cause);
    }

    /**
     * Whether the alerts of a change with this cause are published and notified: not a backfill's (history, not news)
     * nor a model change's (the model moved, not the account).
     */
    public static boolean tells(Map<String, Object> cause) {
        return !Kind.BACKFILL.name().equals(cause.get("kind")) && !Kind.MODEL_CHANGE.name().equals(cause.get("kind"));
    }
}
