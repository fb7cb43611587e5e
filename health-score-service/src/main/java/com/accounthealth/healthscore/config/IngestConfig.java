package com.accounthealth.healthscore.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

@ConfigMapping(prefix = "health.ingest")
public interface IngestConfig {

    /** Whether this instance consumes (every replica does; Kafka shares the partitions among them). */
    @WithDefault("true")
    boolean enabled();

    @WithDefault("account-events,feedback-events,opportunity-events")
    List<String> topics();

    @WithDefault("health-score-service")
    String groupId();

    /**
     * Consumers of the group in this instance, each on a thread of its own with its own partitions (more than the
     * partitions stand idle): one applies a batch while another waits for the database.
     */
    @WithDefault("3")
    int consumers();

    /** Records applied per database transaction at most. */
    @WithDefault("2000")
    int maxBatch();

    /**
     * Accounts whose folded facts and current health ingest keeps between batches (Caffeine picks what leaves);
     * about 15 KB each. An account not kept is resumed from its stored fold and its health read and parsed again when
     * an event arrives. With a 512 MB heap, 20,000 left G1 a quarter of the time in pauses (40 full collections
     * over the million-event benchmark); 10,000 ingested a fifth faster.
     */
    @WithDefault("10000")
    int factsKept();

    /**
     * Events the kept folds may hold between them (about 235 bytes of heap each): the bound that matters when
     * accounts have long histories. With only the account bound, 640 accounts of 650 events each on top of the
     * million-event benchmark's portfolio filled the 512 MB heap (37 full collections in 25 s).
     */
    @WithDefault("600000")
    long eventsKept();

    /**
     * An account's fold is written to the database (account_fold) in the batch that makes it this many events longer
     * than its stored row: an account not in memory is then resumed from the row and at most about this many events
     * after it. Writing it more often costs ingest time (benchmarks/README.md has the figures).
     */
    @WithDefault("32")
    int foldWrittenEvery();

    /**
     * A fact recorded more than this after it happened is history, not news (see {@code Backfill}): the change it
     * causes is recorded with cause backfill, and its alerts are kept but neither published nor notified.
     */
    @WithDefault("P7D")
    Duration newsWindow();

    /** Where records that cannot be decoded go, with the reason in their headers. */
    @WithDefault("health-score-dead-letters")
    String deadLetterTopic();
}
