package com.accounthealth.opportunity.infrastructure;

import com.accounthealth.eventstore.AggregateCache;
import com.accounthealth.eventstore.AggregateCaches;
import com.accounthealth.eventstore.CommandMetadata;
import com.accounthealth.eventstore.EventStore;
import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.eventstore.EventCodec;
import com.accounthealth.eventstore.EventPublisher;
import com.accounthealth.eventstore.StoredEvent;
import com.accounthealth.opportunity.domain.Opportunity;
import com.accounthealth.opportunity.domain.OpportunityEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Opportunities in the event store. Loading for a command starts from the deal kept since its last command, caught
 * up with the events appended since. Saving appends the event, its CloudEvent for {@code opportunity-events} (keyed
 * and subjected by the ACCOUNT id, so an account's deals and facts share a partition number) and the list row, in
 * the caller's transaction.
 */
@ApplicationScoped
public class OpportunityRepository {

    public static final String STREAM_TYPE = "Opportunity";
    public static final String TOPIC = "opportunity-events";
    static final String SOURCE = "/opportunity-service";
    static final String TYPE_PREFIX = "com.accounthealth.opportunity";

    private final EventStore store;
    private final EventPublisher publisher;
    private final EventCodec<OpportunityEvent> codec;
    private final AggregateCache<Opportunity> kept;
    private final DataSource dataSource;

    public OpportunityRepository(EventStore store, EventPublisher publisher, ObjectMapper json, AggregateCaches caches,
                                 DataSource dataSource) {
        this.store = store;
        this.publisher = publisher;
        this.codec = new EventCodec<>(json, OpportunityEvent.types(), OpportunityEvent.SCHEMA_VERSION);
        this.kept = caches.of(STREAM_TYPE, AggregateCache.Fold.of(Opportunity::none,
                (opportunity, e) -> opportunity.apply(recorded(e)), Opportunity::version));
        this.dataSource = dataSource;
    }

    /** The deal as it is now, for reading. */
    public Opportunity load(UUID opportunityId) {
        return Opportunity.rebuild(history(opportunityId).stream().map(this::recorded).toList());
    }

    /** The deal as it is now, for a command in the caller's transaction that then {@link #save}s it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Opportunity loadForChange(UUID opportunityId) {
        return kept.load(opportunityId);
    }

    private Opportunity.Recorded recorded(StoredEvent e) {
        return new Opportunity.Recorded(codec.decode(e), e.occurredAt());
    }

    public List<StoredEvent> history(UUID opportunityId) {
        return store.read(opportunityId);
    }

    /** Appends the decided event; {@code after} (the deal with it applied) is kept for the next command once committed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public StoredEvent save(int expectedVersion, OpportunityEvent event, Instant occurredAt, CommandMetadata metadata,
                            Opportunity after) {
        StoredEvent stored = publisher.append(after.id(), STREAM_TYPE, expectedVersion, codec.toNewEvent(event, occurredAt),
                metadata, new EventPublisher.Announcement(TOPIC, SOURCE, TYPE_PREFIX, event.accountId().toString()));
        updateSummary(after);
        kept.keepAfterCommit(after.id(), after);
        return stored;
    }

    private void updateSummary(Opportunity o) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO opportunity_summary (opportunity_id, account_id, name, owner_id, team_id, type, stage,
                                                      status, version)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                     ON CONFLICT (opportunity_id) DO UPDATE SET stage = excluded.stage, status = excluded.status,
                         version = excluded.version, updated_at = now()""")) {
            ps.setObject(1, o.id());
            ps.setObject(2, o.accountId());
            ps.setString(3, o.name());
            ps.setString(4, o.ownerId());
            ps.setString(5, o.teamId());
            ps.setString(6, o.type().name());
            ps.setString(7, o.stage().name());
            ps.setString(8, OpportunitySummaries.status(o.stage()));
            ps.setInt(9, o.version());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not update the summary of opportunity " + o.id(), e);
        }
    }
}
