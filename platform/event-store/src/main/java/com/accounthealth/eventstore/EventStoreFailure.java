package com.accounthealth.eventstore;

/** The database could not do what the event store asked of it; nothing was appended. */
public class EventStoreFailure extends RuntimeException {
    public EventStoreFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
