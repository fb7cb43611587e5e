package com.accounthealth.opportunity.application;

import com.accounthealth.contract.opportunity.OpportunityEvent;
import com.accounthealth.eventstore.CommandMetadata;
import com.accounthealth.eventstore.ConcurrencyConflict;
import com.accounthealth.eventstore.StoredEvent;
import com.accounthealth.kernel.RuleViolation;
import com.accounthealth.opportunity.domain.Opportunity;
import com.accounthealth.opportunity.infrastructure.OpportunityRepository;
import com.accounthealth.webapi.ExternalReference;
import com.accounthealth.webapi.ReferenceIndex;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;
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

    /** The kind of reference opportunity-service keeps in the shared index. */
    public static final String OPPORTUNITY = "opportunity";

    private final OpportunityRepository opportunities;
    private final ReferenceIndex references;

    public OpportunityChanges(OpportunityRepository opportunities, ReferenceIndex references) {
        this.opportunities = opportunities;
        this.references = references;
    }

    /**
     * Create-or-get by another system's id: opens the deal and links the reference in one transaction, unless the
     * reference already names a deal.
     *
     * @throws ReferenceIndex.ReferenceTaken naming the deal the reference already names (also when another request
     *                                       linked it meanwhile: this one then rolls back whole)
     */
    @Transactional
    public Change openByReference(UUID opportunityId, ExternalReference reference, Instant occurredAt,
                                  CommandMetadata metadata, Function<Opportunity, OpportunityEvent> open) {
        Optional<ReferenceIndex.Target> existing = references.find(OPPORTUNITY, reference);
        if (existing.isPresent()) {
            throw new ReferenceIndex.ReferenceTaken(existing.get());
        }
        Opportunity opportunity = opportunities.loadForChange(opportunityId);
        commit(opportunity, open, occurredAt, metadata);
        references.link(OPPORTUNITY, reference, new ReferenceIndex.Target(opportunityId, opportunity.accountId()));
        return commit(opportunity, o -> o.linkReference(reference.system(), reference.externalId()).orElseThrow(),
                occurredAt, metadata);
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
