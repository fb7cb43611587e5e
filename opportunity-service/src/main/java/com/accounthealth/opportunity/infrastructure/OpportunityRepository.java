package com.accounthealth.opportunity.infrastructure;

import com.accounthealth.contract.opportunity.OpportunityEvent;
import com.accounthealth.eventstore.AggregateCaches;
import com.accounthealth.eventstore.EventPublisher;
import com.accounthealth.eventstore.EventSourcedRepository;
import com.accounthealth.eventstore.EventStore;
import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.opportunity.domain.Opportunity;
import com.accounthealth.opportunity.domain.Pipeline;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Opportunities in the event store; each save also keeps the deal's list row (opportunity_summary), which holds
 * what the pipeline reads of it. Its CloudEvent
 * is keyed and subjected by the ACCOUNT id, so an account's deals and facts share a partition number.
 */
@Singleton
public class OpportunityRepository extends EventSourcedRepository<Opportunity, OpportunityEvent> {

    public static final String STREAM_TYPE = "Opportunity";
    public static final String TOPIC = "opportunity-events";
    static final String SOURCE = "/opportunity-service";
    static final String TYPE_PREFIX = "com.accounthealth.opportunity";

    private final ObjectMapper json;
    private final DataSource dataSource;

    public OpportunityRepository(EventStore store, EventPublisher publisher, ObjectMapper json, AggregateCaches caches,
                                 DataSource dataSource) {
        super(new Stream<>(STREAM_TYPE, OpportunityEvent.types(), OpportunityEvent.SCHEMA_VERSION, Opportunity::none,
                (deal, event, at) -> deal.apply(new Opportunity.Recorded(event, at)), Opportunity::version),
                store, publisher, json, caches);
        this.json = json;
        this.dataSource = dataSource;
    }

    @Override
    protected EventPublisher.Announcement announcement(OpportunityEvent event, Opportunity after) {
        return new EventPublisher.Announcement(TOPIC, SOURCE, TYPE_PREFIX, event.accountId().toString());
    }

    /** Writes the deal's list row again from its stream (for rows an older version wrote with less in them). */
    public void rewriteRow(UUID opportunityId) {
        project(List.of(load(opportunityId)));
    }

    /**
     * One batch of upserts of the deals' list rows. Written with plain JDBC: through Hibernate, each write was an HQL
     * update translated anew plus an entity kept in the session, which cost a deal import about 40 % of its CPU (a
     * chunk writes a hundred rows). Name, owner, team, type and account are set when the deal opens and never change.
     */
    @Override
    protected void project(List<Opportunity> opportunities) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO opportunity_summary (opportunity_id, account_id, name, owner_id, team_id, type, stage,
                                                      status, version, amount, currency, slip_count,
                                                      expected_close_date, closed_at, stays, updated_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, now())
                     ON CONFLICT (opportunity_id) DO UPDATE SET stage = EXCLUDED.stage, status = EXCLUDED.status,
                         version = EXCLUDED.version, amount = EXCLUDED.amount, currency = EXCLUDED.currency,
                         slip_count = EXCLUDED.slip_count, expected_close_date = EXCLUDED.expected_close_date,
                         closed_at = EXCLUDED.closed_at, stays = EXCLUDED.stays, updated_at = EXCLUDED.updated_at""")) {
            for (Opportunity o : opportunities) {
                Pipeline.Deal deal = Pipeline.Deal.of(o);
                ps.setObject(1, o.id());
                ps.setObject(2, o.accountId());
                ps.setString(3, o.name());
                ps.setString(4, o.ownerId());
                ps.setString(5, o.teamId());
                ps.setString(6, o.type().name());
                ps.setString(7, o.stage().name());
                ps.setString(8, OpportunitySummaries.status(o.stage()));
                ps.setInt(9, o.version());
                ps.setBigDecimal(10, deal.amount().amount());
                ps.setString(11, deal.amount().currency());
                ps.setInt(12, deal.slipCount());
                ps.setObject(13, deal.expectedCloseDate());
                ps.setObject(14, deal.closedAt() == null ? null : deal.closedAt().atOffset(ZoneOffset.UTC));
                ps.setString(15, json.writeValueAsString(deal.stays()));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException | JsonProcessingException e) {
            throw new EventStoreFailure("Could not write the list rows of " + opportunities.size() + " deals", e);
        }
    }
}
