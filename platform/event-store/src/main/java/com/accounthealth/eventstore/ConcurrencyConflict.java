package com.accounthealth.eventstore;

import java.util.UUID;

/**
 * The stream moved on since the caller read it: its append was refused and nothing was written. The current version
 * is read after the refused transaction ended ({@link EventStore#currentVersion}).
 */
public class ConcurrencyConflict extends RuntimeException {

    private final UUID streamId;
    private final int expectedVersion;

    public ConcurrencyConflict(UUID streamId, int expectedVersion) {
        super("Stream " + streamId + " is no longer at version " + expectedVersion);
        this.streamId = streamId;
        this.expectedVersion = expectedVersion;
    }

    public UUID streamId() {
        return streamId;
    }

    public int expectedVersion() {
        return expectedVersion;
    }
}
