package com.accounthealth.account.application;

import com.accounthealth.contract.account.AccountEvent;
import com.accounthealth.contract.account.AccountEvent.ContactAdded;
import com.accounthealth.contract.account.AccountEvent.FeedbackReceived;
import com.accounthealth.contract.account.AccountEvent.InteractionRecorded;
import com.accounthealth.personaldata.PersonalData;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Which fields of an account's events are a client employee's personal data, sealed before the event is stored: a
 * contact's name and title (under the contact's key), and the free text about people, an interaction's summary and a
 * feedback comment (under the keys of the contacts it involves and of its month, which retention destroys). Everything
 * scores need (ids, roles, grades, dates) stays in the clear.
 */
@ApplicationScoped
public class PersonalFields {

    private final PersonalData personalData;

    public PersonalFields(PersonalData personalData) {
        this.personalData = personalData;
    }

    public AccountEvent sealed(AccountEvent event, Instant occurredAt) {
        return switch (event) {
            case ContactAdded e -> {
                List<String> person = List.of(PersonalData.person(e.contactId()));
                yield new ContactAdded(e.contactId(), personalData.seal(e.name(), person),
                        personalData.seal(e.title(), person), e.clientTeamId(), e.role());
            }
            case InteractionRecorded e -> new InteractionRecorded(e.interactionId(), e.interactionType(),
                    e.contactIds(), e.clientTeamId(),
                    personalData.sealFreeText(e.summary(), people(e.contactIds()), occurredAt));
            case FeedbackReceived e -> new FeedbackReceived(e.feedbackId(), e.grade(), e.question(),
                    personalData.sealFreeText(e.comment(),
                            people(e.contactId() == null ? List.of() : List.of(e.contactId())), occurredAt),
                    e.contactId());
            default -> event;
        };
    }

    /** Destroys the contact's key: their name, title and the free text about them open nowhere from now on. */
    public void erase(UUID contactId) {
        personalData.erase(PersonalData.person(contactId), "erasure");
    }

    private static List<String> people(List<UUID> contactIds) {
        return contactIds.stream().map(PersonalData::person).toList();
    }
}
