package com.accounthealth.opportunity.api;

import com.accounthealth.contract.opportunity.LossReason;
import com.accounthealth.contract.opportunity.OpportunityType;
import com.accounthealth.contract.opportunity.Stage;
import com.accounthealth.eventstore.StoredEvent;
import com.accounthealth.kernel.Money;
import com.accounthealth.opportunity.application.OpportunityChanges;
import com.accounthealth.opportunity.domain.Opportunity;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** What the opportunity API answers. */
public final class OpportunityViews {

    private OpportunityViews() {
    }

    public record LossView(LossReason reason, String competitor, List<String> missingCapabilities, String comment) {
    }

    public record OpportunityView(UUID opportunityId, UUID accountId, int version, String name, OpportunityType type,
                                  Money amount, Stage stage, Instant stageEnteredAt, LocalDate expectedCloseDate,
                                  int slipCount, String ownerId, String teamId, List<String> capabilitiesNeeded,
                                  List<String> competitors, Instant openedAt, Instant closedAt, LossView loss,
                                  List<Opportunity.StageStay> stageHistory) {
        static OpportunityView of(Opportunity o) {
            LossView loss = o.loss() == null ? null : new LossView(o.loss().reason(), o.loss().competitor(),
                    o.loss().missingCapabilities(), o.loss().comment());
            return new OpportunityView(o.id(), o.accountId(), o.version(), o.name(), o.type(), o.amount(), o.stage(),
                    o.stageEnteredAt(), o.expectedCloseDate(), o.slipCount(), o.ownerId(), o.teamId(),
                    o.capabilitiesNeeded(), o.competitors(), o.openedAt(), o.closedAt(), loss, o.stays());
        }
    }

    public record CommandResult(UUID opportunityId, UUID accountId, int version, UUID eventId, String eventType) {
        static CommandResult of(OpportunityChanges.Change change) {
            return new CommandResult(change.opportunityId(), change.accountId(), change.version(),
                    change.event().eventId(), change.event().type());
        }
    }

    public record EventView(int version, UUID eventId, String type, int schemaVersion, Instant occurredAt,
                            Instant recordedAt, String actor, String correlationId, JsonNode data) {
        static EventView of(StoredEvent e, JsonNode data) {
            return new EventView(e.version(), e.eventId(), e.type(), e.schemaVersion(), e.occurredAt(), e.recordedAt(),
                    e.actor(), e.correlationId(), data);
        }
    }
}
