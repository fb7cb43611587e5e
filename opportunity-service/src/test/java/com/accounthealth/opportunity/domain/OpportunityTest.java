package com.accounthealth.opportunity.domain;

import com.accounthealth.contract.opportunity.LossReason;
import com.accounthealth.contract.opportunity.OpportunityEvent;
import com.accounthealth.contract.opportunity.OpportunityEvent.AmountChanged;
import com.accounthealth.contract.opportunity.OpportunityEvent.CloseDateChanged;
import com.accounthealth.contract.opportunity.OpportunityEvent.CompetitorDisengaged;
import com.accounthealth.contract.opportunity.OpportunityEvent.CompetitorEngaged;
import com.accounthealth.contract.opportunity.OpportunityEvent.OpportunityLost;
import com.accounthealth.contract.opportunity.OpportunityEvent.OpportunityOpened;
import com.accounthealth.contract.opportunity.OpportunityEvent.OpportunityWon;
import com.accounthealth.contract.opportunity.OpportunityEvent.StageChanged;
import com.accounthealth.contract.opportunity.OpportunityType;
import com.accounthealth.contract.opportunity.Stage;
import com.accounthealth.kernel.Money;
import com.accounthealth.kernel.RuleViolation;
import com.accounthealth.kernel.RuleViolation.Kind;
import com.accounthealth.opportunity.domain.Opportunity.StageStay;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Plain unit tests of the event-sourced {@link Opportunity} aggregate: decide, then apply. */
class OpportunityTest {

    private static final UUID OPPORTUNITY_ID = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID ACCOUNT_ID = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
    private static final Instant OPENED_AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant TEN_DAYS_LATER = Instant.parse("2026-01-11T00:00:00Z");
    private static final Instant LATER = Instant.parse("2026-02-01T00:00:00Z");
    private static final LocalDate CLOSE_DATE = LocalDate.parse("2026-03-31");

    // --- helpers -------------------------------------------------------------------------------------------------

    /** Applies a decided event to the deal at the given business time and returns the event. */
    private static <E extends OpportunityEvent> E accept(Opportunity deal, E event, Instant at) {
        deal.apply(new Opportunity.Recorded(event, at));
        return event;
    }

    private static Money eur(String amount) {
        return new Money(new BigDecimal(amount), "EUR");
    }

    private static OpportunityOpened openEvent(Opportunity deal, Stage stage) {
        return deal.open(OPPORTUNITY_ID, ACCOUNT_ID, "Acme platform deal", OpportunityType.UPSELL, eur("50000.00"),
                stage, CLOSE_DATE, "owner-1", "team-1", List.of("SSO", "Audit log"));
    }

    private static Opportunity openDeal(Stage stage) {
        Opportunity deal = Opportunity.none();
        accept(deal, openEvent(deal, stage), OPENED_AT);
        return deal;
    }

    private static Opportunity wonDeal() {
        Opportunity deal = openDeal(Stage.NEGOTIATION);
        accept(deal, deal.win(LATER), LATER);
        return deal;
    }

    private static Opportunity lostDeal() {
        Opportunity deal = openDeal(Stage.PROPOSAL);
        accept(deal, deal.lose(LossReason.PRICE, null, List.of(), "too expensive", LATER), LATER);
        return deal;
    }

    private static RuleViolation violation(ThrowingCallable call) {
        RuleViolation violation = catchThrowableOfType(RuleViolation.class, call);
        assertThat(violation).as("expected an RuleViolation").isNotNull();
        return violation;
    }

    private static void assertViolation(ThrowingCallable call, Kind kind, String field) {
        RuleViolation violation = violation(call);
        assertThat(violation.kind()).isEqualTo(kind);
        assertThat(violation.field()).isEqualTo(field);
    }

    /** A closed deal refuses the command as a conflict on the whole deal (no particular field). */
    private static void assertClosed(ThrowingCallable call) {
        RuleViolation violation = violation(call);
        assertThat(violation.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(violation.field()).isNull();
        assertThat(violation.getMessage()).contains("closed");
    }

    // --- opening -------------------------------------------------------------------------------------------------

    @Nested
    class Opening {

        @Test
        void openingReturnsTheEventWithoutChangingState() {
            Opportunity deal = Opportunity.none();

            OpportunityOpened opened = openEvent(deal, Stage.QUALIFIED);

            assertThat(opened.opportunityId()).isEqualTo(OPPORTUNITY_ID);
            assertThat(opened.accountId()).isEqualTo(ACCOUNT_ID);
            assertThat(opened.stage()).isEqualTo(Stage.QUALIFIED);
            assertThat(opened.type()).isEqualTo("OpportunityOpened");
            assertThat(deal.exists()).isFalse();
            assertThat(deal.version()).isZero();
        }

        @Test
        void applyingTheOpenEventSetsTheStateAtVersionOne() {
            Opportunity deal = openDeal(Stage.QUALIFIED);

            assertThat(deal.exists()).isTrue();
            assertThat(deal.isOpen()).isTrue();
            assertThat(deal.version()).isEqualTo(1);
            assertThat(deal.id()).isEqualTo(OPPORTUNITY_ID);
            assertThat(deal.accountId()).isEqualTo(ACCOUNT_ID);
            assertThat(deal.name()).isEqualTo("Acme platform deal");
            assertThat(deal.type()).isEqualTo(OpportunityType.UPSELL);
            assertThat(deal.amount()).isEqualTo(eur("50000.00"));
            assertThat(deal.stage()).isEqualTo(Stage.QUALIFIED);
            assertThat(deal.expectedCloseDate()).isEqualTo(CLOSE_DATE);
            assertThat(deal.ownerId()).isEqualTo("owner-1");
            assertThat(deal.teamId()).isEqualTo("team-1");
            assertThat(deal.capabilitiesNeeded()).containsExactly("SSO", "Audit log");
            assertThat(deal.competitors()).isEmpty();
            assertThat(deal.slipCount()).isZero();
            assertThat(deal.openedAt()).isEqualTo(OPENED_AT);
            assertThat(deal.stageEnteredAt()).isEqualTo(OPENED_AT);
            assertThat(deal.closedAt()).isNull();
            assertThat(deal.loss()).isNull();
            assertThat(deal.stays()).containsExactly(new StageStay(Stage.QUALIFIED, OPENED_AT, null));
        }

        @Test
        void aDealCannotOpenInAClosedStage() {
            assertViolation(() -> openEvent(Opportunity.none(), Stage.CLOSED_WON), Kind.INVALID, "stage");
            assertViolation(() -> openEvent(Opportunity.none(), Stage.CLOSED_LOST), Kind.INVALID, "stage");
        }

        @Test
        void anOpenDealCannotBeOpenedAgain() {
            Opportunity deal = openDeal(Stage.QUALIFIED);

            assertThat(violation(() -> openEvent(deal, Stage.DISCOVERY)).kind()).isEqualTo(Kind.CONFLICT);
        }

        @Test
        void rebuildReplaysTheHistory() {
            Opportunity original = openDeal(Stage.QUALIFIED);
            StageChanged changed = accept(original, original.changeStage(Stage.DEMO, TEN_DAYS_LATER), TEN_DAYS_LATER);

            Opportunity rebuilt = Opportunity.rebuild(List.of(
                    new Opportunity.Recorded(openEvent(Opportunity.none(), Stage.QUALIFIED), OPENED_AT),
                    new Opportunity.Recorded(changed, TEN_DAYS_LATER)));

            assertThat(rebuilt.stage()).isEqualTo(Stage.DEMO);
            assertThat(rebuilt.version()).isEqualTo(2);
            assertThat(rebuilt.stays()).isEqualTo(original.stays());
        }
    }

    // --- stages --------------------------------------------------------------------------------------------------

    @Nested
    class Stages {

        @Test
        void changingStageReturnsTheEventWithoutChangingState() {
            Opportunity deal = openDeal(Stage.QUALIFIED);

            StageChanged changed = deal.changeStage(Stage.DEMO, TEN_DAYS_LATER);

            assertThat(changed.to()).isEqualTo(Stage.DEMO);
            assertThat(deal.stage()).isEqualTo(Stage.QUALIFIED);
            assertThat(deal.version()).isEqualTo(1);
        }

        @Test
        void forwardChangeCountsWholeDaysSinceTheStageWasEntered() {
            Opportunity deal = openDeal(Stage.QUALIFIED); // entered 2026-01-01T00:00Z

            StageChanged changed = accept(deal, deal.changeStage(Stage.DEMO, TEN_DAYS_LATER), TEN_DAYS_LATER);

            assertThat(changed.opportunityId()).isEqualTo(OPPORTUNITY_ID);
            assertThat(changed.accountId()).isEqualTo(ACCOUNT_ID);
            assertThat(changed.from()).isEqualTo(Stage.QUALIFIED);
            assertThat(changed.to()).isEqualTo(Stage.DEMO);
            assertThat(changed.daysInPreviousStage()).isEqualTo(10);
            assertThat(deal.stage()).isEqualTo(Stage.DEMO);
            assertThat(deal.stageEnteredAt()).isEqualTo(TEN_DAYS_LATER);
            assertThat(deal.version()).isEqualTo(2);
        }

        @Test
        void backwardChangeCountsFromWhenTheCurrentStageWasEnteredNotFromOpening() {
            Opportunity deal = openDeal(Stage.QUALIFIED);
            accept(deal, deal.changeStage(Stage.DEMO, TEN_DAYS_LATER), TEN_DAYS_LATER); // DEMO entered 2026-01-11
            Instant backAt = Instant.parse("2026-01-14T12:00:00Z"); // 3.5 days in DEMO -> 3 whole days

            StageChanged back = accept(deal, deal.changeStage(Stage.DISCOVERY, backAt), backAt);

            assertThat(back.from()).isEqualTo(Stage.DEMO);
            assertThat(back.to()).isEqualTo(Stage.DISCOVERY);
            assertThat(back.daysInPreviousStage()).isEqualTo(3);
            assertThat(deal.stage()).isEqualTo(Stage.DISCOVERY);
            assertThat(deal.stageEnteredAt()).isEqualTo(backAt);
            assertThat(deal.version()).isEqualTo(3);
        }

        @Test
        void changingToTheCurrentStageIsAConflict() {
            Opportunity deal = openDeal(Stage.DEMO);

            assertViolation(() -> deal.changeStage(Stage.DEMO, TEN_DAYS_LATER), Kind.CONFLICT, "stage");
        }

        @Test
        void aStageChangeCannotCloseTheDeal() {
            Opportunity deal = openDeal(Stage.NEGOTIATION);

            assertViolation(() -> deal.changeStage(Stage.CLOSED_WON, TEN_DAYS_LATER), Kind.INVALID, "stage");
            assertViolation(() -> deal.changeStage(Stage.CLOSED_LOST, TEN_DAYS_LATER), Kind.INVALID, "stage");
            assertThat(deal.isOpen()).isTrue();
        }

        @Test
        void staysRecordEveryStageWithItsEntryAndExit() {
            Opportunity deal = openDeal(Stage.QUALIFIED); // 2026-01-01
            accept(deal, deal.changeStage(Stage.DISCOVERY, TEN_DAYS_LATER), TEN_DAYS_LATER); // 2026-01-11

            assertThat(deal.stays()).containsExactly(
                    new StageStay(Stage.QUALIFIED, OPENED_AT, TEN_DAYS_LATER),
                    new StageStay(Stage.DISCOVERY, TEN_DAYS_LATER, null));

            accept(deal, deal.win(LATER), LATER); // 2026-02-01

            assertThat(deal.stays()).containsExactly(
                    new StageStay(Stage.QUALIFIED, OPENED_AT, TEN_DAYS_LATER),
                    new StageStay(Stage.DISCOVERY, TEN_DAYS_LATER, LATER));
            assertThat(deal.stays().get(0).days(LATER)).isEqualTo(10.0);
            assertThat(deal.stays().get(1).days(Instant.parse("2027-01-01T00:00:00Z"))).isEqualTo(21.0);
        }

        @Test
        void aStillRunningStayIsCountedUpToNow() {
            Opportunity deal = openDeal(Stage.QUALIFIED);

            assertThat(deal.stays().getFirst().days(Instant.parse("2026-01-03T12:00:00Z"))).isEqualTo(2.5);
        }
    }

    // --- amount and close date -----------------------------------------------------------------------------------

    @Nested
    class AmountAndCloseDate {

        @Test
        void changingTheAmountRecordsBothAmounts() {
            Opportunity deal = openDeal(Stage.DEMO);

            AmountChanged changed = accept(deal, deal.changeAmount(eur("65000.00")), TEN_DAYS_LATER);

            assertThat(changed.from()).isEqualTo(eur("50000.00"));
            assertThat(changed.to()).isEqualTo(eur("65000.00"));
            assertThat(deal.amount()).isEqualTo(eur("65000.00"));
            assertThat(deal.version()).isEqualTo(2);
        }

        @Test
        void aLaterCloseDateIsASlip() {
            Opportunity deal = openDeal(Stage.DEMO); // expected 2026-03-31

            CloseDateChanged changed = accept(deal, deal.changeCloseDate(LocalDate.parse("2026-04-30")), TEN_DAYS_LATER);

            assertThat(changed.from()).isEqualTo(CLOSE_DATE);
            assertThat(changed.to()).isEqualTo(LocalDate.parse("2026-04-30"));
            assertThat(changed.slipped()).isTrue();
            assertThat(changed.slipCount()).isEqualTo(1);
            assertThat(deal.expectedCloseDate()).isEqualTo(LocalDate.parse("2026-04-30"));
            assertThat(deal.slipCount()).isEqualTo(1);
        }

        @Test
        void anEarlierCloseDateIsNotASlipAndKeepsTheSlipCount() {
            Opportunity deal = openDeal(Stage.DEMO);
            accept(deal, deal.changeCloseDate(LocalDate.parse("2026-04-30")), TEN_DAYS_LATER); // slip 1

            CloseDateChanged earlier = accept(deal, deal.changeCloseDate(LocalDate.parse("2026-04-15")), LATER);

            assertThat(earlier.slipped()).isFalse();
            assertThat(earlier.slipCount()).isEqualTo(1);
            assertThat(deal.expectedCloseDate()).isEqualTo(LocalDate.parse("2026-04-15"));
            assertThat(deal.slipCount()).isEqualTo(1);
        }

        @Test
        void anEarlierCloseDateOnAFreshDealLeavesNoSlip() {
            Opportunity deal = openDeal(Stage.DEMO);

            CloseDateChanged earlier = accept(deal, deal.changeCloseDate(LocalDate.parse("2026-03-01")), LATER);

            assertThat(earlier.slipped()).isFalse();
            assertThat(earlier.slipCount()).isZero();
            assertThat(deal.slipCount()).isZero();
        }

        @Test
        void twoSlipsCountTwo() {
            Opportunity deal = openDeal(Stage.DEMO);
            accept(deal, deal.changeCloseDate(LocalDate.parse("2026-04-30")), TEN_DAYS_LATER);

            CloseDateChanged second = accept(deal, deal.changeCloseDate(LocalDate.parse("2026-06-30")), LATER);

            assertThat(second.slipped()).isTrue();
            assertThat(second.from()).isEqualTo(LocalDate.parse("2026-04-30"));
            assertThat(second.slipCount()).isEqualTo(2);
            assertThat(deal.slipCount()).isEqualTo(2);
            assertThat(deal.expectedCloseDate()).isEqualTo(LocalDate.parse("2026-06-30"));
        }
    }

    // --- competitors ---------------------------------------------------------------------------------------------

    @Nested
    class Competitors {

        @Test
        void engagingAndDisengagingACompetitor() {
            Opportunity deal = openDeal(Stage.DEMO);

            CompetitorEngaged engaged = accept(deal, deal.engageCompetitor("Globex"), TEN_DAYS_LATER);
            accept(deal, deal.engageCompetitor("Initech"), TEN_DAYS_LATER);

            assertThat(engaged.competitor()).isEqualTo("Globex");
            assertThat(deal.competitors()).containsExactly("Globex", "Initech");

            CompetitorDisengaged disengaged = accept(deal, deal.disengageCompetitor("Globex"), LATER);

            assertThat(disengaged.competitor()).isEqualTo("Globex");
            assertThat(deal.competitors()).containsExactly("Initech");
            assertThat(deal.version()).isEqualTo(4);
        }

        @Test
        void engagingTheSameCompetitorTwiceIsAConflict() {
            Opportunity deal = openDeal(Stage.DEMO);
            accept(deal, deal.engageCompetitor("Globex"), TEN_DAYS_LATER);

            assertViolation(() -> deal.engageCompetitor("Globex"), Kind.CONFLICT, "competitor");
        }

        @Test
        void disengagingACompetitorThatIsNotEngagedIsAConflict() {
            Opportunity deal = openDeal(Stage.DEMO);
            accept(deal, deal.engageCompetitor("Globex"), TEN_DAYS_LATER);

            assertViolation(() -> deal.disengageCompetitor("Initech"), Kind.CONFLICT, "competitor");
        }

        @Test
        void aDisengagedCompetitorCanBeEngagedAgain() {
            Opportunity deal = openDeal(Stage.DEMO);
            accept(deal, deal.engageCompetitor("Globex"), TEN_DAYS_LATER);
            accept(deal, deal.disengageCompetitor("Globex"), TEN_DAYS_LATER);

            assertThatCode(() -> deal.engageCompetitor("Globex")).doesNotThrowAnyException();
        }
    }

    // --- closing -------------------------------------------------------------------------------------------------

    @Nested
    class Closing {

        @Test
        void winningClosesTheDeal() {
            Opportunity deal = openDeal(Stage.QUALIFIED);
            accept(deal, deal.changeStage(Stage.NEGOTIATION, TEN_DAYS_LATER), TEN_DAYS_LATER);

            OpportunityWon won = accept(deal, deal.win(LATER), LATER); // 2026-01-11 -> 2026-02-01: 21 days

            assertThat(won.from()).isEqualTo(Stage.NEGOTIATION);
            assertThat(won.daysInPreviousStage()).isEqualTo(21);
            assertThat(won.amount()).isEqualTo(eur("50000.00"));
            assertThat(deal.stage()).isEqualTo(Stage.CLOSED_WON);
            assertThat(deal.isOpen()).isFalse();
            assertThat(deal.exists()).isTrue();
            assertThat(deal.closedAt()).isEqualTo(LATER);
            assertThat(deal.loss()).isNull();
            assertThat(deal.version()).isEqualTo(3);
        }

        @Test
        void aWonDealAcceptsNoFurtherChange() {
            Opportunity deal = openDeal(Stage.NEGOTIATION);
            accept(deal, deal.engageCompetitor("Globex"), TEN_DAYS_LATER);
            accept(deal, deal.win(LATER), LATER);

            assertClosed(() -> deal.changeStage(Stage.DISCOVERY, LATER));
            assertClosed(() -> deal.changeAmount(eur("1.00")));
            assertClosed(() -> deal.changeCloseDate(LocalDate.parse("2027-01-01")));
            assertClosed(() -> deal.engageCompetitor("Initech"));
            assertClosed(() -> deal.disengageCompetitor("Globex"));
            assertClosed(() -> deal.win(LATER));
            assertClosed(() -> deal.lose(LossReason.PRICE, null, List.of(), null, LATER));
        }

        @Test
        void aLostDealAcceptsNoFurtherChange() {
            Opportunity deal = lostDeal();

            assertClosed(() -> deal.changeStage(Stage.DISCOVERY, LATER));
            assertClosed(() -> deal.changeAmount(eur("1.00")));
            assertClosed(() -> deal.win(LATER));
        }

        @Test
        void aLossToACompetitorMustNameTheCompetitor() {
            Opportunity deal = openDeal(Stage.PROPOSAL);

            assertViolation(() -> deal.lose(LossReason.COMPETITOR, null, List.of(), null, LATER),
                    Kind.INVALID, "competitor");
            assertViolation(() -> deal.lose(LossReason.COMPETITOR, "  ", List.of(), null, LATER),
                    Kind.INVALID, "competitor");
            assertThat(deal.isOpen()).isTrue();
        }

        @Test
        void aLossForAMissingCapabilityMustNameOne() {
            Opportunity deal = openDeal(Stage.PROPOSAL);

            assertViolation(() -> deal.lose(LossReason.MISSING_CAPABILITY, null, List.of(), null, LATER),
                    Kind.INVALID, "missingCapabilities");
        }

        @Test
        void aValidLossIsKeptOnTheDeal() {
            Opportunity deal = openDeal(Stage.PROPOSAL); // entered 2026-01-01

            OpportunityLost lost = accept(deal, deal.lose(LossReason.MISSING_CAPABILITY, "Globex",
                    List.of("SSO", "Audit log"), "needed both", LATER), LATER);

            assertThat(lost.from()).isEqualTo(Stage.PROPOSAL);
            assertThat(lost.daysInPreviousStage()).isEqualTo(31);
            assertThat(deal.loss()).isEqualTo(lost);
            assertThat(deal.loss().reason()).isEqualTo(LossReason.MISSING_CAPABILITY);
            assertThat(deal.loss().competitor()).isEqualTo("Globex");
            assertThat(deal.loss().missingCapabilities()).containsExactly("SSO", "Audit log");
            assertThat(deal.loss().comment()).isEqualTo("needed both");
            assertThat(deal.loss().amount()).isEqualTo(eur("50000.00"));
            assertThat(deal.stage()).isEqualTo(Stage.CLOSED_LOST);
            assertThat(deal.closedAt()).isEqualTo(LATER);
            assertThat(deal.isOpen()).isFalse();
            assertThat(deal.stays()).containsExactly(new StageStay(Stage.PROPOSAL, OPENED_AT, LATER));
        }

        @Test
        void aWonDealHasNoLoss() {
            assertThat(wonDeal().loss()).isNull();
        }
    }

    // --- no such opportunity -------------------------------------------------------------------------------------

    @Test
    void everyCommandOnANonExistentDealIsNotFound() {
        Opportunity none = Opportunity.none();

        assertThat(none.exists()).isFalse();
        assertThat(none.isOpen()).isFalse();
        assertViolation(() -> none.changeStage(Stage.DEMO, LATER), Kind.NOT_FOUND, null);
        assertViolation(() -> none.changeAmount(eur("1.00")), Kind.NOT_FOUND, null);
        assertViolation(() -> none.changeCloseDate(CLOSE_DATE), Kind.NOT_FOUND, null);
        assertViolation(() -> none.engageCompetitor("Globex"), Kind.NOT_FOUND, null);
        assertViolation(() -> none.disengageCompetitor("Globex"), Kind.NOT_FOUND, null);
        assertViolation(() -> none.win(LATER), Kind.NOT_FOUND, null);
        assertViolation(() -> none.lose(LossReason.PRICE, null, List.of(), null, LATER), Kind.NOT_FOUND, null);
    }

    // --- money ---------------------------------------------------------------------------------------------------

    @Nested
    class Amounts {

        @Test
        void aNegativeAmountIsInvalid() {
            assertViolation(() -> new Money(new BigDecimal("-0.01"), "EUR"), Kind.INVALID, "amount");
        }

        @Test
        void aMissingAmountIsInvalid() {
            assertViolation(() -> new Money(null, "EUR"), Kind.INVALID, "amount");
        }

        @Test
        void anUnknownCurrencyIsInvalid() {
            assertViolation(() -> new Money(new BigDecimal("10.00"), "EURO"), Kind.INVALID, "currency");
            assertViolation(() -> new Money(new BigDecimal("10.00"), "XYZ"), Kind.INVALID, "currency");
            assertViolation(() -> new Money(new BigDecimal("10.00"), "eur"), Kind.INVALID, "currency");
            assertViolation(() -> new Money(new BigDecimal("10.00"), null), Kind.INVALID, "currency");
        }

        @Test
        void zeroInAnIsoCurrencyIsValid() {
            Money zero = new Money(BigDecimal.ZERO, "USD");

            assertThat(zero.amount()).isZero();
            assertThat(zero.currency()).isEqualTo("USD");
        }
    }
}
