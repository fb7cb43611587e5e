package com.accounthealth.opportunity.application;

import com.accounthealth.contract.opportunity.OpportunityEvent;
import com.accounthealth.eventstore.CommandMetadata;
import com.accounthealth.eventstore.EventSourcedRepository.Decided;
import com.accounthealth.kernel.RuleViolation;
import com.accounthealth.opportunity.application.OpportunityChanges.Change;
import com.accounthealth.opportunity.domain.Opportunity;
import com.accounthealth.opportunity.infrastructure.OpportunityRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A chunk of a deal import in one transaction: each deal's facts are decided in line order on the deal as it is, and
 * appended in one batch with their outbox records and one write of the deal's list row. A fact the deal refuses (a
 * win after a loss, say) is that line's answer and leaves the others alone. Every event is marked as backfill:
 * history, which health-score applies without alerting anyone.
 */
@ApplicationScoped
public class ImportingDeals {

    private static final Logger LOG = Logger.getLogger(ImportingDeals.class);

    /** One line's command on a deal; {@code opens}: the only command a deal that does not exist yet accepts. */
    public record Fact(UUID opportunityId, Instant occurredAt, boolean opens,
                       Function<Opportunity, OpportunityEvent> decide) {
    }

    /** What a fact came to: the change it made, or why the deal refused it. */
    public record Outcome(Change change, RuntimeException refused) {
    }

    private final OpportunityRepository opportunities;

    public ImportingDeals(OpportunityRepository opportunities) {
        this.opportunities = opportunities;
    }

    /**
     * @param visible      whether the caller may see a deal (its token's teams)
     * @param beforeCommit given the outcomes, in the transaction: keeps their answers for the lines' idempotency keys
     * @return an outcome per fact, in order
     */
    @Transactional
    public List<Outcome> apply(List<Fact> facts, CommandMetadata metadata, Predicate<Opportunity> visible,
                               Consumer<List<Outcome>> beforeCommit) {
        List<Outcome> outcomes = opportunities.appendBatch(facts, Fact::opportunityId, (deal, fact) -> {
                    if (deal.exists() ? !visible.test(deal) : !fact.opens()) {
                        throw new RuleViolation(RuleViolation.Kind.NOT_FOUND, null,
                                "No opportunity " + fact.opportunityId());
                    }
                    return new Decided<>(fact.decide().apply(deal), fact.occurredAt());
                }, metadata.asBackfill()).stream()
                .map(o -> o.refused() != null ? new Outcome(null, o.refused()) : new Outcome(new Change(
                        o.stored().streamId(), o.after().accountId(), o.stored().version(), o.stored()), null))
                .toList();
        beforeCommit.accept(outcomes);
        LOG.debugf("Imported %d of %d deal facts by %s", outcomes.stream().filter(o -> o.change() != null).count(),
                facts.size(), metadata.actor());
        return outcomes;
    }
}
