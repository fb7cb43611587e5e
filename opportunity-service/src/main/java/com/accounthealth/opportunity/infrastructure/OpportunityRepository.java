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
import io.quarkus.panache.common.Parameters;
import jakarta.inject.Singleton;

import java.time.Instant;
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

    public OpportunityRepository(EventStore store, EventPublisher publisher, ObjectMapper json, AggregateCaches caches) {
        super(new Stream<>(STREAM_TYPE, OpportunityEvent.types(), OpportunityEvent.SCHEMA_VERSION, Opportunity::none,
                (deal, event, at) -> deal.apply(new Opportunity.Recorded(event, at)), Opportunity::version),
                store, publisher, json, caches);
        this.json = json;
    }

    @Override
    protected EventPublisher.Announcement announcement(OpportunityEvent event, Opportunity after) {
        return new EventPublisher.Announcement(TOPIC, SOURCE, TYPE_PREFIX, event.accountId().toString());
    }

    /** Writes the deal's list row again from its stream (for rows an older version wrote with less in them). */
    public void rewriteRow(UUID opportunityId) {
        project(load(opportunityId));
    }

    /** One UPDATE for a deal that has its row (every command but the opening), an INSERT for a new one. */
    @Override
    protected void project(Opportunity o) {
        Pipeline.Deal deal = Pipeline.Deal.of(o);
        Instant now = Instant.now();
        String stays;
        try {
            stays = json.writeValueAsString(deal.stays());
        } catch (JsonProcessingException e) {
            throw new EventStoreFailure("Could not write the stage stays of opportunity " + o.id(), e);
        }
        int updated = OpportunitySummaryRow.update("stage = :stage, status = :status, version = :version, "
                + "amount = :amount, currency = :currency, slipCount = :slipCount, "
                + "expectedCloseDate = :expectedCloseDate, closedAt = :closedAt, stays = :stays, updatedAt = :now "
                + "where opportunityId = :id", Parameters.with("stage", o.stage().name())
                .and("status", OpportunitySummaries.status(o.stage())).and("version", o.version())
                .and("amount", deal.amount().amount()).and("currency", deal.amount().currency())
                .and("slipCount", deal.slipCount()).and("expectedCloseDate", deal.expectedCloseDate())
                .and("closedAt", deal.closedAt()).and("stays", stays).and("now", now).and("id", o.id()));
        if (updated == 0) {
            OpportunitySummaryRow row = new OpportunitySummaryRow();
            row.opportunityId = o.id();
            row.accountId = o.accountId();
            row.name = o.name();
            row.ownerId = o.ownerId();
            row.teamId = o.teamId();
            row.type = o.type().name();
            row.stage = o.stage().name();
            row.status = OpportunitySummaries.status(o.stage());
            row.version = o.version();
            row.amount = deal.amount().amount();
            row.currency = deal.amount().currency();
            row.slipCount = deal.slipCount();
            row.expectedCloseDate = deal.expectedCloseDate();
            row.closedAt = deal.closedAt();
            row.stays = stays;
            row.updatedAt = now;
            row.persist();
        }
    }
}
