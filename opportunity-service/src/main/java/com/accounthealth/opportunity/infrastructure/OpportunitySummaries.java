package com.accounthealth.opportunity.infrastructure;

import com.accounthealth.contract.opportunity.Stage;
import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.kernel.Money;
import com.accounthealth.opportunity.domain.Opportunity;
import com.accounthealth.opportunity.domain.Pipeline;
import com.accounthealth.webapi.EntityFilter;
import com.accounthealth.webapi.PagedQuery;
import com.accounthealth.webapi.Paging;
import com.accounthealth.webapi.security.TeamScope;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Finds opportunities by account, status, owner and team, and what the pipeline reads of them (opportunity_summary). */
@ApplicationScoped
public class OpportunitySummaries {

    public record Summary(UUID opportunityId, UUID accountId, String name, String ownerId, String teamId, String type,
                          String stage, String status, int version) {
    }

    private static final TypeReference<List<Opportunity.StageStay>> STAYS = new TypeReference<>() {
    };

    private final ObjectMapper json;
    private final OpportunityRepository opportunities;

    public OpportunitySummaries(ObjectMapper json, OpportunityRepository opportunities) {
        this.json = json;
        this.opportunities = opportunities;
    }

    static String status(Stage stage) {
        return switch (stage) {
            case CLOSED_WON -> "WON";
            case CLOSED_LOST -> "LOST";
            default -> "OPEN";
        };
    }

    /** @param visible the teams the caller may see; deals of other teams are not counted or listed */
    public Paging.Page<Summary> byAccount(UUID accountId, String status, TeamScope visible, Paging paging) {
        EntityFilter filter = new EntityFilter().equal("accountId", accountId).equal("status", status)
                .teamIn("teamId", visible);
        return PagedQuery.of(OpportunitySummaryRow.<OpportunitySummaryRow>find(filter.query(), Sort.by("name").and("opportunityId"),
                filter.parameters()), paging, row -> new Summary(row.opportunityId, row.accountId, row.name,
                row.ownerId, row.teamId, row.type, row.stage, row.status, row.version));
    }

    /**
     * What the pipeline reads of every opportunity (open or closed) of an owner and/or a team the caller may see, from
     * their rows, in one query.
     */
    public List<Pipeline.Deal> pipelineDealsOf(String ownerId, String teamId, TeamScope visible) {
        EntityFilter filter = new EntityFilter().equal("ownerId", ownerId).equal("teamId", teamId)
                .teamIn("teamId", visible);
        List<OpportunitySummaryRow> rows = OpportunitySummaryRow.list(filter.query(), filter.parameters());
        List<Pipeline.Deal> deals = new ArrayList<>(rows.size());
        for (OpportunitySummaryRow row : rows) {
            if (row.stays == null) {
                // Written by an older version and not completed yet (CompletingPipelineRows): from the stream.
                deals.add(Pipeline.Deal.of(opportunities.load(row.opportunityId)));
                continue;
            }
            try {
                deals.add(new Pipeline.Deal(row.opportunityId, row.name, Stage.valueOf(row.stage),
                        new Money(row.amount, row.currency), row.slipCount, row.expectedCloseDate, row.closedAt,
                        json.readValue(row.stays, STAYS)));
            } catch (JsonProcessingException e) {
                throw new EventStoreFailure("Could not read the stage stays of opportunity " + row.opportunityId, e);
            }
        }
        return deals;
    }

    /** Rows written before they held what the pipeline reads (see V2 in db/migration), at most {@code limit}. */
    @Transactional
    public List<UUID> withoutPipelineFigures(int limit) {
        return OpportunitySummaryRow.<OpportunitySummaryRow>find("stays is null").page(0, limit).stream()
                .map(row -> row.opportunityId).toList();
    }
}
