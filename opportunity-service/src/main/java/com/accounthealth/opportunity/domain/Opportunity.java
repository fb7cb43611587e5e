package com.accounthealth.opportunity.domain;

import com.accounthealth.contract.opportunity.LossReason;
import com.accounthealth.contract.opportunity.OpportunityEvent;
import com.accounthealth.contract.opportunity.OpportunityEvent.AmountChanged;
import com.accounthealth.contract.opportunity.OpportunityEvent.CloseDateChanged;
import com.accounthealth.contract.opportunity.OpportunityEvent.CompetitorDisengaged;
import com.accounthealth.contract.opportunity.OpportunityEvent.CompetitorEngaged;
import com.accounthealth.contract.opportunity.OpportunityEvent.ExternalReferenceLinked;
import com.accounthealth.contract.opportunity.OpportunityEvent.OpportunityLost;
import com.accounthealth.contract.opportunity.OpportunityEvent.OpportunityOpened;
import com.accounthealth.contract.opportunity.OpportunityEvent.OpportunityWon;
import com.accounthealth.contract.opportunity.OpportunityEvent.StageChanged;
import com.accounthealth.contract.opportunity.OpportunityType;
import com.accounthealth.contract.opportunity.Stage;
import com.accounthealth.kernel.Money;
import com.accounthealth.kernel.RuleViolation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static com.accounthealth.kernel.RuleViolation.Kind.CONFLICT;
import static com.accounthealth.kernel.RuleViolation.Kind.INVALID;
import static com.accounthealth.kernel.RuleViolation.Kind.NOT_FOUND;

/**
 * A deal, rebuilt from its events. Decision methods check the deal's rules and return the event to append; only
 * applying events changes state. A closed deal accepts no further change.
 */
public final class Opportunity {

    /** A stay in one stage: entered at, left at (null while the deal is still there). */
    public record StageStay(Stage stage, Instant enteredAt, Instant leftAt) {
        public double days(Instant now) {
            return Duration.between(enteredAt, leftAt != null ? leftAt : now).toSeconds() / 86_400.0;
        }
    }

    public record Recorded(OpportunityEvent event, Instant occurredAt) {
    }

    private UUID id;
    private UUID accountId;
    private String name;
    private OpportunityType type;
    private Money amount;
    private Stage stage;
    private LocalDate expectedCloseDate;
    private String ownerId;
    private String teamId;
    private List<String> capabilitiesNeeded = List.of();
    private final Set<String> competitors = new LinkedHashSet<>();
    /** {@code system:externalId} of each id the deal carries in another system. */
    private final Set<String> externalReferences = new LinkedHashSet<>();
    private int slipCount;
    private Instant openedAt;
    private Instant closedAt;
    private Instant stageEnteredAt;
    private OpportunityLost loss;
    private final List<StageStay> stays = new ArrayList<>();
    private int version;

    private Opportunity() {
    }

    public static Opportunity none() {
        return new Opportunity();
    }

    public static Opportunity rebuild(List<Recorded> history) {
        Opportunity o = new Opportunity();
        history.forEach(o::apply);
        return o;
    }

    public OpportunityOpened open(UUID opportunityId, UUID accountId, String name, OpportunityType type, Money amount,
                                  Stage stage, LocalDate expectedCloseDate, String ownerId, String teamId,
                                  List<String> capabilitiesNeeded) {
        if (exists()) {
            throw new RuleViolation(CONFLICT, null, "Opportunity " + id + " is already open");
        }
        if (stage.isClosed()) {
            throw new RuleViolation(INVALID, "stage", "A deal opens in an open stage; close it with /win or /loss");
        }
        return new OpportunityOpened(opportunityId, accountId, name, type, amount, stage, expectedCloseDate, ownerId,
                teamId, List.copyOf(capabilitiesNeeded));
    }

    public StageChanged changeStage(Stage to, Instant at) {
        requireOpen();
        if (to.isClosed()) {
            throw new RuleViolation(INVALID, "stage", "Close a deal with /win or /loss, not a stage change");
        }
        if (to == stage) {
            throw new RuleViolation(CONFLICT, "stage", "The deal is already at " + to);
        }
        return new StageChanged(id, accountId, stage, to, wholeDaysInStage(at));
    }

    public AmountChanged changeAmount(Money to) {
        requireOpen();
        return new AmountChanged(id, accountId, amount, to);
    }

    public CloseDateChanged changeCloseDate(LocalDate to) {
        requireOpen();
        boolean slipped = expectedCloseDate != null && to.isAfter(expectedCloseDate);
        return new CloseDateChanged(id, accountId, expectedCloseDate, to, slipped, slipCount + (slipped ? 1 : 0));
    }

    public CompetitorEngaged engageCompetitor(String competitor) {
        requireOpen();
        if (competitors.contains(competitor)) {
            throw new RuleViolation(CONFLICT, "competitor", competitor + " is already engaged");
        }
        return new CompetitorEngaged(id, accountId, competitor);
    }

    public CompetitorDisengaged disengageCompetitor(String competitor) {
        requireOpen();
        if (!competitors.contains(competitor)) {
            throw new RuleViolation(CONFLICT, "competitor", competitor + " is not engaged in this deal");
        }
        return new CompetitorDisengaged(id, accountId, competitor);
    }

    /** Links the deal to its id in another system; empty if it already carries it (uniqueness: the index). */
    public java.util.Optional<ExternalReferenceLinked> linkReference(String system, String externalId) {
        if (!exists()) {
            throw new RuleViolation(RuleViolation.Kind.NOT_FOUND, null, "No opportunity");
        }
        return externalReferences.contains(system + ":" + externalId) ? java.util.Optional.empty()
                : java.util.Optional.of(new ExternalReferenceLinked(id, accountId, system, externalId));
    }

    public OpportunityWon win(Instant at) {
        requireOpen();
        return new OpportunityWon(id, accountId, stage, wholeDaysInStage(at), amount);
    }

    public OpportunityLost lose(LossReason reason, String competitor, List<String> missingCapabilities, String comment,
                                Instant at) {
        requireOpen();
        if (reason == LossReason.COMPETITOR && (competitor == null || competitor.isBlank())) {
            throw new RuleViolation(INVALID, "competitor", "A loss to a competitor names the competitor");
        }
        if (reason == LossReason.MISSING_CAPABILITY && missingCapabilities.isEmpty()) {
            throw new RuleViolation(INVALID, "missingCapabilities",
                    "A loss for a missing capability names at least one capability");
        }
        return new OpportunityLost(id, accountId, stage, wholeDaysInStage(at), amount, reason, competitor,
                List.copyOf(missingCapabilities), comment);
    }

    private long wholeDaysInStage(Instant at) {
        return Math.max(0, Duration.between(stageEnteredAt, at).toDays());
    }

    private void requireOpen() {
        if (!exists()) {
            throw new RuleViolation(NOT_FOUND, null, "No such opportunity");
        }
        if (stage.isClosed()) {
            throw new RuleViolation(CONFLICT, null, "Opportunity " + id + " is closed (" + stage
                    + ") and accepts no further change");
        }
    }

    public void apply(Recorded recorded) {
        Instant at = recorded.occurredAt();
        switch (recorded.event()) {
            case OpportunityOpened e -> {
                id = e.opportunityId();
                accountId = e.accountId();
                name = e.name();
                type = e.opportunityType();
                amount = e.amount();
                expectedCloseDate = e.expectedCloseDate();
                ownerId = e.ownerId();
                teamId = e.teamId();
                capabilitiesNeeded = e.capabilitiesNeeded();
                openedAt = at;
                enter(e.stage(), at);
            }
            case StageChanged e -> enter(e.to(), at);
            case AmountChanged e -> amount = e.to();
            case CloseDateChanged e -> {
                expectedCloseDate = e.to();
                slipCount = e.slipCount();
            }
            case CompetitorEngaged e -> competitors.add(e.competitor());
            case CompetitorDisengaged e -> competitors.remove(e.competitor());
            case ExternalReferenceLinked e -> externalReferences.add(e.system() + ":" + e.externalId());
            case OpportunityWon e -> {
                enter(Stage.CLOSED_WON, at);
                closedAt = at;
            }
            case OpportunityLost e -> {
                enter(Stage.CLOSED_LOST, at);
                closedAt = at;
                loss = e;
            }
        }
        version++;
    }

    private void enter(Stage next, Instant at) {
        if (!stays.isEmpty()) {
            StageStay current = stays.removeLast();
            stays.add(new StageStay(current.stage(), current.enteredAt(), at));
        }
        if (!next.isClosed()) {
            stays.add(new StageStay(next, at, null));
        }
        stage = next;
        stageEnteredAt = at;
    }

    public boolean exists() {
        return id != null;
    }

    public boolean isOpen() {
        return exists() && !stage.isClosed();
    }

    public UUID id() {
        return id;
    }

    public UUID accountId() {
        return accountId;
    }

    public String name() {
        return name;
    }

    public OpportunityType type() {
        return type;
    }

    public Money amount() {
        return amount;
    }

    public Stage stage() {
        return stage;
    }

    public LocalDate expectedCloseDate() {
        return expectedCloseDate;
    }

    public String ownerId() {
        return ownerId;
    }

    public String teamId() {
        return teamId;
    }

    public List<String> capabilitiesNeeded() {
        return capabilitiesNeeded;
    }

    public List<String> competitors() {
        return List.copyOf(competitors);
    }

    public int slipCount() {
        return slipCount;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public Instant closedAt() {
        return closedAt;
    }

    public Instant stageEnteredAt() {
        return stageEnteredAt;
    }

    public OpportunityLost loss() {
        return loss;
    }

    /** Every stage the deal has been in, in order; the last one is open while the deal is. */
    public List<StageStay> stays() {
        return List.copyOf(stays);
    }

    public int version() {
        return version;
    }
}
