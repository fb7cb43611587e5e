package com.accounthealth.contract.opportunity;

import com.accounthealth.kernel.Money;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Every fact of a deal's stream. The record's simple name is the event type; when it happened travels in the
 * envelope ({@code occurredAt}). Each carries the account id, the partition key of every topic.
 */
public sealed interface OpportunityEvent {

    int SCHEMA_VERSION = 1;

    UUID accountId();

    default String type() {
        return getClass().getSimpleName();
    }

    record OpportunityOpened(UUID opportunityId, UUID accountId, String name, OpportunityType opportunityType,
                             Money amount, Stage stage, LocalDate expectedCloseDate, String ownerId, String teamId,
                             List<String> capabilitiesNeeded) implements OpportunityEvent {
    }

    /** Forward or backward; {@code daysInPreviousStage} is how long the deal sat in {@code from}. */
    record StageChanged(UUID opportunityId, UUID accountId, Stage from, Stage to, long daysInPreviousStage)
            implements OpportunityEvent {
    }

    record AmountChanged(UUID opportunityId, UUID accountId, Money from, Money to) implements OpportunityEvent {
    }

    /** A later date than before is a slip; {@code slipCount} counts them over the deal's life. */
    record CloseDateChanged(UUID opportunityId, UUID accountId, LocalDate from, LocalDate to, boolean slipped,
                            int slipCount) implements OpportunityEvent {
    }

    record CompetitorEngaged(UUID opportunityId, UUID accountId, String competitor) implements OpportunityEvent {
    }

    record CompetitorDisengaged(UUID opportunityId, UUID accountId, String competitor) implements OpportunityEvent {
    }

    /** The deal is known in another system by this id (a CRM's opportunity id): unique per system across deals. */
    record ExternalReferenceLinked(UUID opportunityId, UUID accountId, String system, String externalId)
            implements OpportunityEvent {
    }

    record OpportunityWon(UUID opportunityId, UUID accountId, Stage from, long daysInPreviousStage, Money amount)
            implements OpportunityEvent {
    }

    record OpportunityLost(UUID opportunityId, UUID accountId, Stage from, long daysInPreviousStage, Money amount,
                           LossReason reason, String competitor, List<String> missingCapabilities, String comment)
            implements OpportunityEvent {
    }

    static List<Class<? extends OpportunityEvent>> types() {
        return List.of(OpportunityOpened.class, StageChanged.class, AmountChanged.class, CloseDateChanged.class,
                CompetitorEngaged.class, CompetitorDisengaged.class, ExternalReferenceLinked.class, OpportunityWon.class,
                OpportunityLost.class);
    }
}
