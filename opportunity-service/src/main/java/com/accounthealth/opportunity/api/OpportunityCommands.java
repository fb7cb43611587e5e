package com.accounthealth.opportunity.api;

import com.accounthealth.contract.opportunity.OpportunityEvent;
import com.accounthealth.contract.opportunity.Stage;
import com.accounthealth.opportunity.api.OpportunityRequests.ChangeAmount;
import com.accounthealth.opportunity.api.OpportunityRequests.ChangeCloseDate;
import com.accounthealth.opportunity.api.OpportunityRequests.ChangeCompetitor;
import com.accounthealth.opportunity.api.OpportunityRequests.ChangeStage;
import com.accounthealth.opportunity.api.OpportunityRequests.Loss;
import com.accounthealth.opportunity.api.OpportunityRequests.OpenOpportunity;
import com.accounthealth.opportunity.api.OpportunityRequests.Timed;
import com.accounthealth.opportunity.api.OpportunityRequests.Win;
import com.accounthealth.opportunity.domain.Opportunity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * What each deal command asks the deal to decide, in one place for the single requests and the lines of a bulk import
 * that name them.
 */
final class OpportunityCommands {

    private OpportunityCommands() {
    }

    /**
     * A command a bulk import line may name.
     *
     * @param path   the single request's path under the deal, for the line's idempotency scope
     * @param status the single request's success status
     */
    record Command<B extends Timed>(Class<B> body, String path, int status, Decision<B> decision) {
    }

    @FunctionalInterface
    interface Decision<B> {
        /** @param id the deal's id; {@code at} the command's business time */
        Function<Opportunity, OpportunityEvent> of(B body, UUID id, Instant at);
    }

    private static final Map<String, Command<?>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("openOpportunity", new Command<>(OpenOpportunity.class, "", 201,
                (b, id, at) -> open(id, b)));
        COMMANDS.put("changeStage", new Command<>(ChangeStage.class, "/stage", 200,
                (b, id, at) -> changeStage(b, at)));
        COMMANDS.put("changeAmount", new Command<>(ChangeAmount.class, "/amount", 200,
                (b, id, at) -> changeAmount(b)));
        COMMANDS.put("changeCloseDate", new Command<>(ChangeCloseDate.class, "/close-date", 200,
                (b, id, at) -> changeCloseDate(b)));
        COMMANDS.put("changeCompetitor", new Command<>(ChangeCompetitor.class, "/competitors", 200,
                (b, id, at) -> changeCompetitor(b)));
        COMMANDS.put("win", new Command<>(Win.class, "/win", 200, (b, id, at) -> win(at)));
        COMMANDS.put("lose", new Command<>(Loss.class, "/loss", 200, (b, id, at) -> lose(b, at)));
    }

    static Command<?> named(String name) {
        return COMMANDS.get(name);
    }

    static Set<String> names() {
        return COMMANDS.keySet();
    }

    static Function<Opportunity, OpportunityEvent> open(UUID id, OpenOpportunity body) {
        Stage stage = body.stage() != null ? body.stage() : Stage.QUALIFIED;
        return o -> o.open(id, body.accountId(), body.name(), body.type(), OpportunityRequests.money(body.amount()),
                stage, body.expectedCloseDate(), body.ownerId(), body.teamId(),
                body.capabilitiesNeeded() != null ? body.capabilitiesNeeded() : List.of());
    }

    static Function<Opportunity, OpportunityEvent> changeStage(ChangeStage body, Instant at) {
        return o -> o.changeStage(body.stage(), at);
    }

    static Function<Opportunity, OpportunityEvent> changeAmount(ChangeAmount body) {
        return o -> o.changeAmount(OpportunityRequests.money(body.amount()));
    }

    static Function<Opportunity, OpportunityEvent> changeCloseDate(ChangeCloseDate body) {
        return o -> o.changeCloseDate(body.expectedCloseDate());
    }

    /** engaged=false (not the default) records that the competitor is no longer engaged. */
    static Function<Opportunity, OpportunityEvent> changeCompetitor(ChangeCompetitor body) {
        boolean engaged = body.engaged() == null || body.engaged();
        return o -> engaged ? o.engageCompetitor(body.competitor()) : o.disengageCompetitor(body.competitor());
    }

    static Function<Opportunity, OpportunityEvent> win(Instant at) {
        return o -> o.win(at);
    }

    static Function<Opportunity, OpportunityEvent> lose(Loss body, Instant at) {
        return o -> o.lose(body.reason(), body.competitor(),
                body.missingCapabilities() != null ? body.missingCapabilities() : List.of(), body.comment(), at);
    }
}
