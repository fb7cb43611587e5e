package com.accounthealth.eventstore;

import java.time.Instant;
import java.util.UUID;

/**
 * An event about to be appended to a stream.
 *
 * @param occurredAt business time: when it happened, which may be long before it is recorded (systems backfill)
 * @param payload    the event's data as a JSON object
 */
public record NewEvent(UUID eventId, String type, int schemaVersion, Instant occurredAt, String payload) {
}
