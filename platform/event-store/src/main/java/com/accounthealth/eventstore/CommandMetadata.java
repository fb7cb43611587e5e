package com.accounthealth.eventstore;

/** Who asked for a change and under which correlation id; recorded with every event it appends. */
public record CommandMetadata(String actor, String correlationId) {
}
