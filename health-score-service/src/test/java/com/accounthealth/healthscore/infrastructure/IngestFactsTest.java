package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.eventstore.CloudEvents;
import com.accounthealth.healthscore.domain.AccountFacts;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The folds ingest keeps between batches stay within their bound in events as well as accounts, and an account that
 * had to leave is folded again from its whole inbox when its next event arrives.
 */
@QuarkusTest
class IngestFactsTest {

    @Inject
    Inbox inbox;

    @Inject
    ObjectMapper json;

    private final Map<UUID, Integer> versions = new HashMap<>();
    private long offset;

    @Test
    void keptFoldsHoldNoMoreEventsThanTheirBoundAndAForgottenAccountIsFoldedWhole() {
        IngestFacts facts = new IngestFacts(inbox, 100, 10);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();

        assertThat(batch(facts, first, 6).feedback()).hasSize(6);
        assertThat(facts.keptWeight()).isEqualTo(6);
        assertThat(batch(facts, second, 6).feedback()).hasSize(6);
        assertThat(facts.keptWeight()).as("one of the two left to make room").isEqualTo(6);
        assertThat(facts.keptAccounts()).isEqualTo(1);

        // Whichever left is read from the inbox again, whole, at its next event.
        assertThat(batch(facts, first, 1).feedback()).hasSize(7);
        assertThat(facts.keptWeight()).isLessThanOrEqualTo(10);
        assertThat(batch(facts, second, 2).feedback()).hasSize(8);
        assertThat(facts.keptWeight()).isLessThanOrEqualTo(10);
    }

    @Test
    void anAccountWithMoreEventsThanTheBoundIsScoredButNotKept() {
        IngestFacts facts = new IngestFacts(inbox, 100, 10);
        UUID small = UUID.randomUUID();
        UUID large = UUID.randomUUID();
        batch(facts, small, 3);

        assertThat(batch(facts, large, 12).feedback()).hasSize(12);
        assertThat(facts.keptWeight()).isLessThanOrEqualTo(3);
        assertThat(batch(facts, large, 1).feedback()).hasSize(13);
        assertThat(facts.keptWeight()).isLessThanOrEqualTo(3);
    }

    @Test
    void keptFoldsHoldNoMoreAccountsThanTheirBound() {
        IngestFacts facts = new IngestFacts(inbox, 2, 1_000);
        List<UUID> accounts = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        for (UUID account : accounts) {
            batch(facts, account, 2);
        }
        assertThat(facts.keptAccounts()).isEqualTo(2);
        for (UUID account : accounts) {
            assertThat(batch(facts, account, 1).feedback()).hasSize(3);
        }
        assertThat(facts.keptAccounts()).isLessThanOrEqualTo(2);
    }

    /** Stores {@code events} new feedback events of the account and applies them as one ingest batch does. */
    private AccountFacts batch(IngestFacts facts, UUID account, int events) {
        List<Inbox.Arrival> arrivals = new ArrayList<>();
        Map<UUID, Inbox.Event> decoded = new HashMap<>();
        for (int i = 0; i < events; i++) {
            int version = versions.merge(account, 1, Integer::sum);
            UUID eventId = UUID.randomUUID();
            String cloudEvent = """
                    {"specversion":"1.0","id":"%s","source":"/account-service",
                     "type":"com.accounthealth.account.FeedbackReceived.v1",
                     "subject":"%s","time":"2026-04-10T08:15:30Z","streamid":"%s","streamversion":%d,
                     "data":{"grade":"B","question":"Overall"}}""".formatted(eventId, account, account, version);
            arrivals.add(new Inbox.Arrival(eventId, account, "feedback-events",
                    "com.accounthealth.account.FeedbackReceived.v1", Instant.parse("2026-04-10T08:15:30Z"), 0,
                    offset++, cloudEvent));
            try {
                decoded.put(eventId, Inbox.Event.of(CloudEvents.read(json.readTree(cloudEvent))));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<UUID, List<UUID>> stored = inbox.store(arrivals);
            facts.beginBatch(stored);
            return facts.after(account, stored.get(account).stream().map(decoded::get).toList());
        });
    }
}
