package com.accounthealth.eventstore;

/**
 * Who asked for a change and under which correlation id; recorded with every event it appends.
 *
 * @param backfill whether the change loads history (a bulk import) rather than reporting news: consumers then announce
 *                 nothing about it, whatever its business time
 */
public record CommandMetadata(String actor, String correlationId, boolean backfill) {

    public CommandMetadata(String actor, String correlationId) {
        this(actor, correlationId, false);
    }

    public CommandMetadata asBackfill() {
        return new CommandMetadata(actor, correlationId, true);
    }
}
