package com.accounthealth.account.domain;

import com.accounthealth.contract.account.AccountEvent;
import com.accounthealth.contract.account.AccountEvent.AccountChurned;
import com.accounthealth.contract.account.AccountEvent.AccountDowngraded;
import com.accounthealth.contract.account.AccountEvent.AccountRenewed;
import com.accounthealth.contract.account.AccountEvent.RenewalLost;
import com.accounthealth.contract.account.AccountEvent.AccountOpened;
import com.accounthealth.contract.account.AccountEvent.ClientTeamMapped;
import com.accounthealth.contract.account.AccountEvent.ContactAdded;
import com.accounthealth.contract.account.AccountEvent.Profile;
import com.accounthealth.contract.account.AccountEvent.SupportIssueOpened;
import com.accounthealth.contract.account.ClientEventType;
import com.accounthealth.contract.account.ContactRole;
import com.accounthealth.contract.account.Grade;
import com.accounthealth.contract.account.InteractionType;
import com.accounthealth.contract.account.Severity;
import com.accounthealth.contract.account.Tier;
import com.accounthealth.kernel.Money;
import com.accounthealth.kernel.RuleViolation;
import com.accounthealth.kernel.RuleViolation.Kind;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/** Plain unit tests of the event-sourced {@link Account} aggregate: decide, then apply. */
class AccountTest {

    private static final Instant OPENED_AT = Instant.parse("2026-01-10T10:00:00Z");
    private static final Instant LATER = Instant.parse("2026-01-11T09:30:00Z");
    private static final Instant EVEN_LATER = Instant.parse("2026-02-01T14:00:00Z");
    private static final LocalDate RENEWAL_DATE = LocalDate.parse("2026-12-31");

    // --- helpers -------------------------------------------------------------------------------------------------

    /** Applies a decided event to the account at the given business time and returns the event. */
    private static <E extends AccountEvent> E accept(Account account, E event, Instant at) {
        account.apply(new Account.Recorded(event, at));
        return event;
    }

    private static Profile profile() {
        return new Profile("Acme Corp", "Manufacturing", Tier.ENTERPRISE, "owner-1", "team-1",
                new Money(new BigDecimal("120000.00"), "EUR"), RENEWAL_DATE, 10);
    }

    private static Account openAccount() {
        Account account = Account.none();
        accept(account, account.open(UUID.randomUUID(), profile()), OPENED_AT);
        return account;
    }

    private static UUID addContact(Account account, UUID clientTeamId) {
        ContactAdded added = accept(account, account.addContact(UUID.randomUUID(), "Jane Doe", "CTO", clientTeamId,
                ContactRole.DECISION_MAKER), LATER);
        return added.contactId();
    }

    private static UUID mapTeam(Account account, String name) {
        ClientTeamMapped mapped = accept(account, account.mapClientTeam(UUID.randomUUID(), name), LATER);
        return mapped.clientTeamId();
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

    // --- opening -------------------------------------------------------------------------------------------------

    @Nested
    class Opening {

        @Test
        void openedAccountExistsWithIdProfileActiveStatusAndVersionOne() {
            Account account = Account.none();
            UUID id = UUID.randomUUID();
            Profile profile = profile();

            AccountOpened opened = account.open(id, profile);

            assertThat(account.exists()).as("deciding does not change state").isFalse();
            assertThat(account.version()).isZero();

            accept(account, opened, OPENED_AT);

            assertThat(account.exists()).isTrue();
            assertThat(account.id()).isEqualTo(id);
            assertThat(account.profile()).isEqualTo(profile);
            assertThat(account.status()).isEqualTo(AccountStatus.ACTIVE);
            assertThat(account.openedAt()).isEqualTo(OPENED_AT);
            assertThat(account.version()).isEqualTo(1);
        }

        @Test
        void openingAnAlreadyOpenAccountIsAConflict() {
            Account account = openAccount();

            assertViolation(() -> account.open(UUID.randomUUID(), profile()), Kind.CONFLICT, null);
            assertThat(account.version()).isEqualTo(1);
        }

        @Test
        void commandsOnANonExistingAccountAreNotFound() {
            Account none = Account.none();

            assertViolation(() -> none.addContact(UUID.randomUUID(), "Jane", "CTO", null, ContactRole.CHAMPION),
                    Kind.NOT_FOUND, null);
            assertViolation(() -> none.mapClientTeam(UUID.randomUUID(), "IT"), Kind.NOT_FOUND, null);
            assertViolation(() -> none.churn("gone"), Kind.NOT_FOUND, null);
        }
    }

    // --- client teams and contacts -------------------------------------------------------------------------------

    @Nested
    class ClientTeamsAndContacts {

        @Test
        void mappingATeamNameTwiceIgnoringCaseIsAConflictOnName() {
            Account account = openAccount();
            UUID teamId = mapTeam(account, "Platform Engineering");

            assertThat(account.clientTeams()).containsExactly(new Account.ClientTeam(teamId, "Platform Engineering"));
            assertViolation(() -> account.mapClientTeam(UUID.randomUUID(), "platform ENGINEERING"),
                    Kind.CONFLICT, "name");
        }

        @Test
        void addingAContactToAnUnknownClientTeamIsInvalid() {
            Account account = openAccount();

            assertViolation(() -> account.addContact(UUID.randomUUID(), "Jane", "CTO", UUID.randomUUID(),
                    ContactRole.USER), Kind.INVALID, "clientTeamId");
        }

        @Test
        void addingAContactWithoutAClientTeamIsFine() {
            Account account = openAccount();

            UUID contactId = addContact(account, null);

            assertThat(account.contacts()).singleElement().satisfies(c -> {
                assertThat(c.id()).isEqualTo(contactId);
                assertThat(c.clientTeamId()).isNull();
                assertThat(c.addedAt()).isEqualTo(LATER);
                assertThat(c.departedAt()).isNull();
            });
        }

        @Test
        void addingAContactToAMappedClientTeamKeepsTheTeam() {
            Account account = openAccount();
            UUID teamId = mapTeam(account, "Finance");

            addContact(account, teamId);

            assertThat(account.contacts()).singleElement()
                    .extracting(Account.Contact::clientTeamId).isEqualTo(teamId);
        }
    }

    // --- departures ----------------------------------------------------------------------------------------------

    @Nested
    class Departures {

        @Test
        void departureOfAnUnknownContactIsNotFound() {
            Account account = openAccount();

            assertViolation(() -> account.recordDeparture(UUID.randomUUID()), Kind.NOT_FOUND, "contactId");
        }

        @Test
        void appliedDepartureSetsDepartedAt() {
            Account account = openAccount();
            UUID contactId = addContact(account, null);

            accept(account, account.recordDeparture(contactId), EVEN_LATER);

            assertThat(account.contacts()).singleElement().satisfies(c -> {
                assertThat(c.addedAt()).isEqualTo(LATER);
                assertThat(c.departedAt()).isEqualTo(EVEN_LATER);
            });
        }

        @Test
        void departingTwiceIsAConflict() {
            Account account = openAccount();
            UUID contactId = addContact(account, null);
            accept(account, account.recordDeparture(contactId), EVEN_LATER);

            assertViolation(() -> account.recordDeparture(contactId), Kind.CONFLICT, "contactId");
        }
    }

    // --- interactions --------------------------------------------------------------------------------------------

    @Nested
    class Interactions {

        @Test
        void interactionWithAnUnknownContactNamesItsIndex() {
            Account account = openAccount();
            UUID known = addContact(account, null);

            assertViolation(() -> account.recordInteraction(UUID.randomUUID(), InteractionType.MEETING,
                    List.of(known, UUID.randomUUID()), null, "QBR prep"), Kind.INVALID, "contactIds[1]");
            assertThat(account.interactions()).isEmpty();
        }

        @Test
        void interactionWithAnUnknownClientTeamIsInvalid() {
            Account account = openAccount();
            UUID known = addContact(account, null);

            assertViolation(() -> account.recordInteraction(UUID.randomUUID(), InteractionType.CALL,
                    List.of(known), UUID.randomUUID(), "Call"), Kind.INVALID, "clientTeamId");
        }

        @Test
        void validInteractionIsAppliedWithItsOccurredAt() {
            Account account = openAccount();
            UUID teamId = mapTeam(account, "IT");
            UUID first = addContact(account, teamId);
            UUID second = addContact(account, null);
            UUID interactionId = UUID.randomUUID();

            accept(account, account.recordInteraction(interactionId, InteractionType.BUSINESS_REVIEW,
                    List.of(first, second), teamId, "Annual review"), EVEN_LATER);

            assertThat(account.interactions()).containsExactly(new Account.Interaction(interactionId,
                    InteractionType.BUSINESS_REVIEW, EVEN_LATER, List.of(first, second), teamId, "Annual review"));
        }
    }

    // --- support issues ------------------------------------------------------------------------------------------

    @Nested
    class SupportIssues {

        @Test
        void resolvingAnUnknownIssueIsAConflict() {
            Account account = openAccount();

            assertViolation(() -> account.resolveSupportIssue(UUID.randomUUID()), Kind.CONFLICT, "issueId");
        }

        @Test
        void resolvingSetsResolvedAtAndResolvingAgainIsAConflict() {
            Account account = openAccount();
            SupportIssueOpened opened = accept(account,
                    account.openSupportIssue(UUID.randomUUID(), Severity.HIGH, "Login broken"), LATER);

            assertThat(account.supportIssues()).singleElement().satisfies(i -> {
                assertThat(i.openedAt()).isEqualTo(LATER);
                assertThat(i.resolvedAt()).isNull();
            });

            accept(account, account.resolveSupportIssue(opened.issueId()), EVEN_LATER);

            assertThat(account.supportIssues()).singleElement().satisfies(i -> {
                assertThat(i.id()).isEqualTo(opened.issueId());
                assertThat(i.openedAt()).isEqualTo(LATER);
                assertThat(i.resolvedAt()).isEqualTo(EVEN_LATER);
            });
            assertViolation(() -> account.resolveSupportIssue(opened.issueId()), Kind.CONFLICT, "issueId");
        }
    }

    // --- feedback and grades -------------------------------------------------------------------------------------

    @Nested
    class FeedbackAndGrades {

        @Test
        void feedbackFromAnUnknownContactIsInvalid() {
            Account account = openAccount();

            assertViolation(() -> account.recordFeedback(UUID.randomUUID(), Grade.B, "How are we doing?", null,
                    UUID.randomUUID()), Kind.INVALID, "contactId");
        }

        @Test
        void feedbackFromAKnownOrNoContactIsApplied() {
            Account account = openAccount();
            UUID contactId = addContact(account, null);

            accept(account, account.recordFeedback(UUID.randomUUID(), Grade.A_MINUS, "Q1", "Great", contactId),
                    EVEN_LATER);
            accept(account, account.recordFeedback(UUID.randomUUID(), Grade.C, "Q2", null, null), EVEN_LATER);

            assertThat(account.feedback()).extracting(Account.Feedback::grade, Account.Feedback::contactId,
                            Account.Feedback::givenAt)
                    .containsExactly(
                            tuple(Grade.A_MINUS, contactId, EVEN_LATER),
                            tuple(Grade.C, null, EVEN_LATER));
        }

        @Test
        void gradeLabelsAreParsed() {
            assertThat(Grade.fromLabel("A+")).contains(Grade.A_PLUS);
            assertThat(Grade.fromLabel("B-")).contains(Grade.B_MINUS);
            assertThat(Grade.fromLabel("F")).contains(Grade.F);
            assertThat(Grade.fromLabel("Z")).isEmpty();
        }

        @Test
        void onlyGradesLowerThanBAreBelowB() {
            assertThat(Grade.B.isBelowB()).isFalse();
            assertThat(Grade.B_MINUS.isBelowB()).isTrue();
            assertThat(Grade.A_PLUS.isBelowB()).isFalse();
            assertThat(Grade.F.isBelowB()).isTrue();
        }
    }

    // --- renewal and churn ---------------------------------------------------------------------------------------

    @Nested
    class RenewalAndChurn {

        @Test
        void renewalUpdatesArrAndNextRenewalDate() {
            Account account = openAccount();
            Money newArr = new Money(new BigDecimal("150000.00"), "EUR");
            LocalDate next = LocalDate.parse("2027-12-31");

            AccountRenewed renewed = account.renew(newArr, next);
            assertThat(renewed.previousArr()).as("the ARR it replaces, for the outcome")
                    .isEqualTo(new Money(new BigDecimal("120000.00"), "EUR"));
            accept(account, renewed, EVEN_LATER);

            assertThat(account.profile().arr()).isEqualTo(newArr);
            assertThat(account.profile().renewalDate()).isEqualTo(next);
            assertThat(account.profile().name()).isEqualTo(profile().name());
            assertThat(account.profile().tier()).isEqualTo(profile().tier());
        }

        @Test
        void renewalWithoutNextDateKeepsTheOldDate() {
            Account account = openAccount();
            Money newArr = new Money(new BigDecimal("90000"), "USD");

            accept(account, account.renew(newArr, null), EVEN_LATER);

            assertThat(account.profile().arr()).isEqualTo(newArr);
            assertThat(account.profile().renewalDate()).isEqualTo(RENEWAL_DATE);
        }

        @Test
        void aDowngradeLowersTheArrInTheSameCurrencyOnly() {
            Account account = openAccount();

            AccountDowngraded downgraded = account.downgrade(new Money(new BigDecimal("90000"), "EUR"), "Fewer seats");
            assertThat(downgraded.previousArr()).isEqualTo(new Money(new BigDecimal("120000.00"), "EUR"));
            accept(account, downgraded, EVEN_LATER);

            assertThat(account.profile().arr()).isEqualTo(new Money(new BigDecimal("90000"), "EUR"));
            assertThat(account.profile().renewalDate()).isEqualTo(RENEWAL_DATE);
            assertViolation(() -> account.downgrade(new Money(new BigDecimal("90000"), "EUR"), "Same"),
                    Kind.INVALID, "newArr");
            assertViolation(() -> account.downgrade(new Money(new BigDecimal("100"), "USD"), "Other currency"),
                    Kind.INVALID, "newArr");
        }

        @Test
        void aLostRenewalEndsTheAccountWithTheArrItLost() {
            Account account = openAccount();

            RenewalLost lost = account.loseRenewal("Moved to a cheaper tool", "Initech");
            assertThat(lost.lostArr()).isEqualTo(new Money(new BigDecimal("120000.00"), "EUR"));
            accept(account, lost, EVEN_LATER);

            assertThat(account.status()).isEqualTo(AccountStatus.CHURNED);
            assertThat(account.churnedAt()).isEqualTo(EVEN_LATER);
            assertViolation(() -> account.renew(new Money(BigDecimal.ONE, "EUR"), null), Kind.CONFLICT, null);
            assertViolation(() -> account.loseRenewal("again", null), Kind.CONFLICT, null);
        }

        @Test
        void churnedAccountRefusesEveryCommand() {
            Account account = openAccount();
            UUID contactId = addContact(account, null);

            AccountChurned churned = account.churn("Budget cut");
            assertThat(account.status()).as("deciding does not change state").isEqualTo(AccountStatus.ACTIVE);

            accept(account, churned, EVEN_LATER);

            assertThat(account.status()).isEqualTo(AccountStatus.CHURNED);
            assertThat(account.churnedAt()).isEqualTo(EVEN_LATER);
            assertViolation(() -> account.recordFeedback(UUID.randomUUID(), Grade.A, "Q", null, contactId),
                    Kind.CONFLICT, null);
            assertViolation(() -> account.renew(new Money(BigDecimal.ONE, "EUR"), null), Kind.CONFLICT, null);
            assertViolation(() -> account.churn("again"), Kind.CONFLICT, null);
            assertViolation(() -> account.updateProfile(profile()), Kind.CONFLICT, null);
            assertViolation(() -> account.addContact(UUID.randomUUID(), "X", "Y", null, ContactRole.USER),
                    Kind.CONFLICT, null);
            assertViolation(() -> account.open(UUID.randomUUID(), profile()), Kind.CONFLICT, null);
        }
    }

    // --- money ---------------------------------------------------------------------------------------------------

    @Nested
    class MoneyRules {

        @Test
        void negativeAmountIsInvalid() {
            assertViolation(() -> new Money(new BigDecimal("-0.01"), "EUR"), Kind.INVALID, "amount");
        }

        @Test
        void unknownCurrencyIsInvalid() {
            assertViolation(() -> new Money(BigDecimal.TEN, "XYZ"), Kind.INVALID, "currency");
        }

        @Test
        void isoCurrencyIsAccepted() {
            assertThatCode(() -> new Money(BigDecimal.ZERO, "EUR")).doesNotThrowAnyException();
            assertThat(new Money(BigDecimal.TEN, "EUR").currency()).isEqualTo("EUR");
        }
    }

    // --- versioning and replay -----------------------------------------------------------------------------------

    @Nested
    class VersioningAndReplay {

        @Test
        void versionIncrementsByOnePerAppliedEvent() {
            Account account = Account.none();
            assertThat(account.version()).isZero();

            accept(account, account.open(UUID.randomUUID(), profile()), OPENED_AT);
            assertThat(account.version()).isEqualTo(1);

            UUID teamId = mapTeam(account, "IT");
            assertThat(account.version()).isEqualTo(2);

            addContact(account, teamId);
            assertThat(account.version()).isEqualTo(3);

            accept(account, account.recordClientEvent(UUID.randomUUID(), ClientEventType.FUNDING_ROUND, "Series C"),
                    EVEN_LATER);
            assertThat(account.version()).isEqualTo(4);
        }

        @Test
        void rebuildGivesTheSameStateAsApplyingOneByOne() {
            Account live = Account.none();
            List<Account.Recorded> history = new ArrayList<>();

            append(live, history, live.open(UUID.randomUUID(), profile()), OPENED_AT);
            UUID teamId = append(live, history, live.mapClientTeam(UUID.randomUUID(), "IT"), LATER).clientTeamId();
            UUID contactId = append(live, history, live.addContact(UUID.randomUUID(), "Jane", "CTO", teamId,
                    ContactRole.CHAMPION), LATER).contactId();
            append(live, history, live.recordInteraction(UUID.randomUUID(), InteractionType.MEETING,
                    List.of(contactId), teamId, "Kick-off"), LATER);
            append(live, history, live.recordClientEvent(UUID.randomUUID(), ClientEventType.NEW_EXECUTIVE,
                    "New CIO"), LATER);
            append(live, history, live.recordCompetitorSighting(UUID.randomUUID(), "Globex", teamId,
                    List.of("analytics")), LATER);
            UUID issueId = append(live, history, live.openSupportIssue(UUID.randomUUID(), Severity.CRITICAL,
                    "Outage"), LATER).issueId();
            append(live, history, live.resolveSupportIssue(issueId), EVEN_LATER);
            append(live, history, live.recordFeedback(UUID.randomUUID(), Grade.B_PLUS, "Q", "ok", contactId),
                    EVEN_LATER);
            append(live, history, live.recordDeparture(contactId), EVEN_LATER);
            append(live, history, live.renew(new Money(new BigDecimal("130000"), "EUR"), null), EVEN_LATER);
            append(live, history, live.churn("Acquired"), EVEN_LATER);

            Account rebuilt = Account.rebuild(history);

            assertThat(rebuilt.version()).isEqualTo(history.size()).isEqualTo(live.version());
            assertThat(rebuilt.id()).isEqualTo(live.id());
            assertThat(rebuilt.profile()).isEqualTo(live.profile());
            assertThat(rebuilt.status()).isEqualTo(live.status()).isEqualTo(AccountStatus.CHURNED);
            assertThat(rebuilt.openedAt()).isEqualTo(live.openedAt());
            assertThat(rebuilt.churnedAt()).isEqualTo(live.churnedAt());
            assertThat(rebuilt.clientTeams()).isEqualTo(live.clientTeams()).hasSize(1);
            assertThat(rebuilt.contacts()).isEqualTo(live.contacts()).hasSize(1);
            assertThat(rebuilt.interactions()).isEqualTo(live.interactions()).hasSize(1);
            assertThat(rebuilt.clientEvents()).isEqualTo(live.clientEvents()).hasSize(1);
            assertThat(rebuilt.competitorSightings()).isEqualTo(live.competitorSightings()).hasSize(1);
            assertThat(rebuilt.supportIssues()).isEqualTo(live.supportIssues()).hasSize(1);
            assertThat(rebuilt.feedback()).isEqualTo(live.feedback()).hasSize(1);
        }

        private static <E extends AccountEvent> E append(Account account, List<Account.Recorded> history, E event,
                                                         Instant at) {
            history.add(new Account.Recorded(event, at));
            return accept(account, event, at);
        }
    }
}
