package com.accounthealth.eventstore;

import java.time.Instant;
import java.util.UUID;

/**
 * An event as the store keeps it: its place in its stream and in the store, and who recorded it when.
 *
 * @param backfill whether it was loaded as history by a bulk import ({@link CommandMetadata#backfill()})
 */
public record StoredEvent(long globalPosition, UUID streamId, String streamType, int version, UUID eventId,
                          String type, int schemaVersion, Instant occurredAt, Instant recordedAt, String actor,
                          String correlationId, String payload, boolean backfill) {
}
