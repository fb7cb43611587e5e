package com.accounthealth.eventstore;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "outbox.relay")
public interface OutboxRelayConfig {

    /** Whether this instance runs a relay at all (one of the replicas publishes; the others stand by). */
    @WithDefault("true")
    boolean enabled();

    /** Records published per round trip to the broker. */
    @WithDefault("500")
    int batchSize();

    /** A safety net for a missed notification; new records normally wake the relay at once. */
    @WithDefault("5s")
    Duration fallbackPollInterval();

    /** How long the producer keeps retrying a record (a broker outage shorter than this loses and repeats nothing). */
    @WithDefault("5m")
    Duration deliveryTimeout();

    /**
     * How long a leader may fall silent (frozen, cut off from the database, its host gone) before PostgreSQL ends its
     * session and a standby takes over (within this plus the standby's 2 s look). A live leader makes a round trip
     * at least every third of it.
     */
    @WithDefault("15s")
    Duration leaderTimeout();

    /** How long published records stay in the outbox table, for inspection, before they are deleted. */
    @WithDefault("1d")
    Duration retention();
}
