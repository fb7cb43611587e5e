package com.accounthealth.eventstore;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** Gives each writer's repository the {@link AggregateCache} of its stream type. */
@ApplicationScoped
public class AggregateCaches {

    @ConfigMapping(prefix = "event-store")
    public interface Settings {
        /**
         * Streams whose aggregate each instance keeps between commands, per stream type (see {@link WeighedCache}).
         * An aggregate holds its stream's facts, so its size grows with its history: a few KB to some 100 KB.
         */
        @WithDefault("2000")
        int aggregatesKept();

        /**
         * Events the kept aggregates of a stream type may hold between them (a few hundred bytes of heap each): the
         * bound that matters when streams have long histories, which the bound on streams alone let fill the heap.
         */
        @WithDefault("600000")
        long eventsKept();
    }

    private final EventStore store;
    private final TransactionSynchronizationRegistry transactions;
    private final MeterRegistry meters;
    private final Settings settings;

    public AggregateCaches(EventStore store, TransactionSynchronizationRegistry transactions, MeterRegistry meters,
                           Settings settings) {
        this.store = store;
        this.transactions = transactions;
        this.meters = meters;
        this.settings = settings;
    }

    public <A> AggregateCache<A> of(String streamType, AggregateCache.Fold<A> fold) {
        return new AggregateCache<>(store, transactions, meters, streamType, settings.aggregatesKept(),
                settings.eventsKept(), fold);
    }
}
