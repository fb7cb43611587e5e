package com.accounthealth.healthscore.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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

    /** Records applied per database transaction at most. */
    @WithDefault("500")
    int maxBatch();

    /**
     * Accounts whose folded facts ingest keeps between batches (least recently used leave first); a few KB each. An
     * account not kept is folded from its whole inbox when an event arrives.
     */
    @WithDefault("20000")
    int factsKept();

    /** Where records that cannot be decoded go, with the reason in their headers. */
    @WithDefault("health-score-dead-letters")
    String deadLetterTopic();
}
