package com.accounthealth.account.application;

import com.accounthealth.account.domain.Account;
import com.accounthealth.contract.account.AccountEvent;
import com.accounthealth.contract.account.AccountEvent.ContactAdded;
import com.accounthealth.contract.account.AccountEvent.FeedbackReceived;
import com.accounthealth.contract.account.AccountEvent.InteractionRecorded;
import com.accounthealth.personaldata.PersonalData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Which fields of an account's events are a client employee's personal data, sealed before the event is stored: a
 * contact's name and title (under the contact's key), and the free text about people, an interaction's summary and a
 * feedback comment (under the keys of the contacts it involves and of its month, which retention destroys). Everything
 * scores need (ids, roles, grades, dates) stays in the clear. Each value is sealed for its account and field, and only
 * those fields are ever revealed: a sealed value copied into another field or account stays sealed.
 */
@ApplicationScoped
public class PersonalFields {

    /** Per event type, its personal fields. */
    private static final Map<String, List<String>> SEALED = Map.of(
            "ContactAdded", List.of("name", "title"),
            "InteractionRecorded", List.of("summary"),
            "FeedbackReceived", List.of("comment"));

    private final PersonalData personalData;

    public PersonalFields(PersonalData personalData) {
        this.personalData = personalData;
    }

    public AccountEvent sealed(AccountEvent event, UUID accountId, Instant occurredAt) {
        return switch (event) {
            case ContactAdded e -> {
                List<String> person = List.of(PersonalData.person(e.contactId()));
                yield new ContactAdded(e.contactId(), personalData.seal(e.name(), person, context(accountId, "name")),
                        personalData.seal(e.title(), person, context(accountId, "title")), e.clientTeamId(), e.role());
            }
            case InteractionRecorded e -> new InteractionRecorded(e.interactionId(), e.interactionType(),
                    e.contactIds(), e.clientTeamId(), personalData.sealFreeText(e.summary(), people(e.contactIds()),
                    occurredAt, context(accountId, "summary")));
            case FeedbackReceived e -> new FeedbackReceived(e.feedbackId(), e.grade(), e.question(),
                    personalData.sealFreeText(e.comment(),
                            people(e.contactId() == null ? List.of() : List.of(e.contactId())), occurredAt,
                            context(accountId, "comment")), e.contactId());
            default -> event;
        };
    }

    /** Destroys the contact's key: their name, title and the free text about them open nowhere from now on. */
    /** Whether a contact with this id exists on any account (its key does): ids a client chooses must be new. */
    public boolean knownContact(UUID contactId) {
        return personalData.known(PersonalData.person(contactId));
    }

    public void erase(UUID contactId) {
        personalData.erase(PersonalData.person(contactId), "erasure");
    }

    /**
     * The account with its personal fields in the clear; {@code null} where a key is gone, and wherever an erased
     * contact is concerned (which also covers values stored before sealing began).
     */
    public Account.Contact reveal(UUID accountId, Account.Contact c) {
        boolean erased = c.erasedAt() != null;
        return new Account.Contact(c.id(), erased ? null : reveal(accountId, "name", c.name()),
                erased ? null : reveal(accountId, "title", c.title()), c.clientTeamId(), c.role(), c.addedAt(),
                c.departedAt(), c.erasedAt());
    }

    public Account.Interaction reveal(UUID accountId, Account.Interaction i, Set<UUID> erased) {
        boolean concernsErased = i.contactIds().stream().anyMatch(erased::contains);
        return new Account.Interaction(i.id(), i.type(), i.occurredAt(), i.contactIds(), i.clientTeamId(),
                concernsErased ? null : reveal(accountId, "summary", i.summary()));
    }

    public Account.Feedback reveal(UUID accountId, Account.Feedback f, Set<UUID> erased) {
        return new Account.Feedback(f.id(), f.grade(), f.question(),
                erased.contains(f.contactId()) ? null : reveal(accountId, "comment", f.comment()), f.contactId(),
                f.givenAt());
    }

    /** An event's data with its personal fields in the clear (and only those), as {@link #reveal} would. */
    public void reveal(UUID accountId, String eventType, ObjectNode data, Set<UUID> erased) {
        List<String> fields = SEALED.getOrDefault(eventType, List.of());
        boolean concernsErased = contactsNamed(data).stream().anyMatch(erased::contains);
        for (String field : fields) {
            if (data.hasNonNull(field)) {
                String clear = concernsErased ? null : reveal(accountId, field, data.get(field).asText());
                data.put(field, clear);
            }
        }
    }

    /** The contacts an event's data names ({@code contactId}, {@code contactIds}). */
    public static Set<UUID> contactsNamed(JsonNode data) {
        Set<UUID> named = new HashSet<>();
        named.add(uuid(data.path("contactId").asText(null)));
        data.path("contactIds").forEach(id -> named.add(uuid(id.asText())));
        named.remove(null);
        return named;
    }

    /** The ids of the account's erased contacts. */
    public static Set<UUID> erasedContacts(Account account) {
        return account.contacts().stream().filter(c -> c.erasedAt() != null).map(Account.Contact::id)
                .collect(Collectors.toSet());
    }

    private String reveal(UUID accountId, String field, String value) {
        return personalData.reveal(value, context(accountId, field));
    }

    private static String context(UUID accountId, String field) {
        return accountId + "/" + field;
    }

    private static UUID uuid(String text) {
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<String> people(List<UUID> contactIds) {
        return contactIds.stream().map(PersonalData::person).toList();
    }
}
