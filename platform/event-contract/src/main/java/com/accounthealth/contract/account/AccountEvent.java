package com.accounthealth.contract.account;

import com.accounthealth.kernel.Money;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Every fact an account's stream can hold. The record's simple name is the event type; the business time of each
 * fact (when it happened) travels with it in the event envelope ({@code occurredAt}).
 */
public sealed interface AccountEvent {

    /** Version of the payload schemas below; bump it (and keep reading the old one) when a payload changes. */
    int SCHEMA_VERSION = 1;

    default String type() {
        return getClass().getSimpleName();
    }

    record Profile(String name, String industry, Tier tier, String ownerId, String teamId, Money arr,
                   LocalDate renewalDate, Integer growthTargetPercent) {
    }

    record AccountOpened(UUID accountId, Profile profile) implements AccountEvent {
    }

    record ProfileUpdated(Profile profile) implements AccountEvent {
    }

    record ClientTeamMapped(UUID clientTeamId, String name) implements AccountEvent {
    }

    /**
     * The account, or one of its contacts ({@code contactId}), is known in another system by this id (a CRM's account
     * or contact id, the billing system's customer number): unique per system across accounts (and across contacts),
     * so a feeding system can find it by its own id.
     *
     * @param contactId the contact the id is of; null when it is the account's
     */
    record ExternalReferenceLinked(String system, String externalId, UUID contactId) implements AccountEvent {
    }

    record ContactAdded(UUID contactId, String name, String title, UUID clientTeamId, ContactRole role)
            implements AccountEvent {
    }

    record ContactDeparted(UUID contactId) implements AccountEvent {
    }

    /**
     * The contact's personal data was erased (GDPR article 17): its key is destroyed, so the name, title and the free
     * text about them no longer open anywhere. Holds no personal data; the contact's role and dates still count.
     */
    record ContactErased(UUID contactId) implements AccountEvent {
    }

    record InteractionRecorded(UUID interactionId, InteractionType interactionType, List<UUID> contactIds,
                               UUID clientTeamId, String summary) implements AccountEvent {
    }

    record ClientEventRecorded(UUID clientEventId, ClientEventType clientEventType, String description)
            implements AccountEvent {
    }

    record CompetitorSighted(UUID sightingId, String competitor, UUID clientTeamId, List<String> capabilities)
            implements AccountEvent {
    }

    record SupportIssueOpened(UUID issueId, Severity severity, String title) implements AccountEvent {
    }

    record SupportIssueResolved(UUID issueId) implements AccountEvent {
    }

    /** @param previousArr the ARR before the renewal (null in events recorded before it was carried) */
    record AccountRenewed(Money newArr, LocalDate nextRenewalDate, Money previousArr) implements AccountEvent {
    }

    /** The client reduced its contract before the renewal: fewer seats, a product dropped. */
    record AccountDowngraded(Money newArr, Money previousArr, String reason) implements AccountEvent {
    }

    /** The client did not renew: the account ends, as with a churn, with the ARR lost at the renewal. */
    record RenewalLost(Money lostArr, String reason, String competitor) implements AccountEvent {
    }

    record AccountChurned(String reason) implements AccountEvent {
    }

    record FeedbackReceived(UUID feedbackId, Grade grade, String question, String comment, UUID contactId)
            implements AccountEvent {
    }

    /**
     * A correction: the fact recorded by event {@code retractedEventId} (an interaction, client event, competitor
     * sighting, support issue or feedback, {@code factType} naming its event type and {@code factId} its id) was a
     * mistake and no longer counts. The retracted event stays in the stream: the audit keeps both.
     */
    record FactRetracted(UUID retractedEventId, String factType, UUID factId, String reason) implements AccountEvent {
    }

    /** Every event type, for the AsyncAPI document and the event decoder. */
    static List<Class<? extends AccountEvent>> types() {
        return List.of(AccountOpened.class, ProfileUpdated.class, ClientTeamMapped.class,
                ExternalReferenceLinked.class, ContactAdded.class,
                ContactDeparted.class, ContactErased.class, InteractionRecorded.class, ClientEventRecorded.class, CompetitorSighted.class,
                SupportIssueOpened.class, SupportIssueResolved.class, AccountRenewed.class, AccountDowngraded.class,
                RenewalLost.class, AccountChurned.class, FeedbackReceived.class, FactRetracted.class);
    }
}
