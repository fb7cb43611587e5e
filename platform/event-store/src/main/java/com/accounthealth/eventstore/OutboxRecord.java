package com.accounthealth.eventstore;

/** A record to publish once the transaction that writes it commits. */
public record OutboxRecord(String topic, String key, String payload) {
}
