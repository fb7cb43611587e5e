package com.accounthealth.opportunity.application;

import com.accounthealth.contract.opportunity.OpportunityEvent;
import com.accounthealth.eventstore.CommandMetadata;
import com.accounthealth.eventstore.ConcurrencyConflict;
import com.accounthealth.eventstore.StoredEvent;
import com.accounthealth.kernel.RuleViolation;
import com.accounthealth.opportunity.domain.Opportunity;
import com.accounthealth.opportunity.infrastructure.OpportunityRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Every change to a deal, in one transaction: load it as its stream has it now, check {@code If-Match}, let the deal
 * decide, append the event with its outbox record and list row.
 */
@ApplicationScoped
public class OpportunityChanges {

    private static final Logger LOG = Logger.getLogger(OpportunityChanges.class);

    public record Change(UUID opportunityId, UUID accountId, int version, StoredEvent event) {
    }

    private final OpportunityRepository opportunities;

    public OpportunityChanges(OpportunityRepository opportunities) {
        this.opportunities = opportunities;
    }

    @Transactional
    /** @param visible whether the caller may see a deal that already has this id (if not: 404, not 409) */
    public Change open(UUID opportunityId, Instant occurredAt, CommandMetadata metadata, Predicate<Opportunity> visible,
                       Function<Opportunity, OpportunityEvent> decide) {
        Opportunity opportunity = opportunities.loadForChange(opportunityId);
        if (opportunity.exists() && !visible.test(opportunity)) {
            throw new RuleViolation(RuleViolation.Kind.NOT_FOUND, null,
                    "No opportunity " + opportunityId);
        }
        return commit(opportunity, decide, occurredAt, metadata);
    }

    @Transactional
    public Change change(UUID opportunityId, OptionalInt ifMatch, Instant occurredAt, CommandMetadata metadata,
                         Predicate<Opportunity> visible, Function<Opportunity, OpportunityEvent> decide) {
        Opportunity opportunity = opportunities.loadForChange(opportunityId);
        if (!opportunity.exists() || !visible.test(opportunity)) {
            throw new RuleViolation(RuleViolation.Kind.NOT_FOUND, null,
                    "No opportunity " + opportunityId);
        }
        if (ifMatch.isPresent() && ifMatch.getAsInt() != opportunity.version()) {
            throw new ConcurrencyConflict(opportunityId, ifMatch.getAsInt());
        }
        return commit(opportunity, decide, occurredAt, metadata);
    }

    private Change commit(Opportunity opportunity, Function<Opportunity, OpportunityEvent> decide, Instant occurredAt,
                          CommandMetadata metadata) {
        int expectedVersion = opportunity.version();
        OpportunityEvent event = decide.apply(opportunity);
        opportunity.apply(new Opportunity.Recorded(event, occurredAt));
        StoredEvent stored = opportunities.save(opportunity.id(), expectedVersion, event, occurredAt, metadata,
                opportunity);
        LOG.infof("Opportunity %s (account %s): %s (version %d) by %s", opportunity.id(), opportunity.accountId(),
                event.type(), opportunity.version(), metadata.actor());
        return new Change(opportunity.id(), opportunity.accountId(), opportunity.version(), stored);
    }
}
