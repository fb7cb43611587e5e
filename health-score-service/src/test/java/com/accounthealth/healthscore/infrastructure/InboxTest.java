package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.eventstore.CloudEvents;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The inbox gives back what the fold reads of a stored CloudEvent as ingest reads it from the whole document. */
@QuarkusTest
class InboxTest {

    @Inject
    Inbox inbox;

    @Inject
    ObjectMapper json;

    @Inject
    DataSource dataSource;

    @Test
    void anEventReadBackIsTheEventOfItsWholeCloudEvent() throws Exception {
        UUID account = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        String cloudEvent = """
                {"specversion":"1.0","id":"%s","source":"/opportunity-service",
                 "type":"com.accounthealth.opportunity.OpportunityLost.v1","subject":"%s",
                 "time":"2026-04-10T08:15:30.123456Z","streamid":"%s","streamversion":12,"actor":"ae-1",
                 "data":{"opportunityId":"%s","amount":{"amount":1500.50,"currency":"EUR"},"reason":"COMPETITOR",
                         "competitor":"Initech","missingCapabilities":["ai","sso"],"comment":null}}"""
                .formatted(eventId, account, UUID.randomUUID(), UUID.randomUUID());
        QuarkusTransaction.requiringNew().run(() -> inbox.store(List.of(new Inbox.Arrival(eventId, account,
                "opportunity-events", "com.accounthealth.opportunity.OpportunityLost.v1",
                Instant.parse("2026-04-10T08:15:30.123456Z"), 0, 1, cloudEvent))));

        Inbox.Event expected = Inbox.Event.of(CloudEvents.read(json.readTree(cloudEvent)));
        Map<UUID, List<Inbox.Event>> read = new HashMap<>();
        QuarkusTransaction.requiringNew().run(() -> inbox.eventsOf(List.of(account), read::put));
        assertThat(read.get(account)).containsExactly(expected);
        assertThat(inbox.eventsOf(account, null)).containsExactly(expected);
    }

    @Test
    void accountsReadTogetherAreHandedOverOneAtATimeWithAllTheirEvents() {
        List<UUID> accounts = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<Inbox.Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < 30; i++) { // interleaved, as they arrive
            arrivals.add(feedback(accounts.get(i % 3), i, i / 3 + 1));
        }
        QuarkusTransaction.requiringNew().run(() -> inbox.store(arrivals));

        List<UUID> handedOver = new ArrayList<>();
        Map<UUID, List<Inbox.Event>> read = new HashMap<>();
        QuarkusTransaction.requiringNew().run(() -> inbox.eventsOf(
                List.of(accounts.get(0), accounts.get(2), UUID.randomUUID()), (account, events) -> {
                    handedOver.add(account);
                    read.put(account, events);
                }));

        assertThat(handedOver).containsExactlyInAnyOrder(accounts.get(0), accounts.get(2));
        for (UUID account : handedOver) {
            assertThat(read.get(account)).extracting(Inbox.Event::id).containsExactlyInAnyOrderElementsOf(
                    arrivals.stream().filter(a -> a.accountId().equals(account)).map(Inbox.Arrival::eventId).toList());
        }
    }

    @Test
    void theCountOfAnAccountsEventsFollowsWhatTheInboxHolds() throws Exception {
        UUID account = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        List<Inbox.Arrival> first = List.of(feedback(account, 0, 1), feedback(account, 1, 2),
                feedback(other, 2, 1));
        QuarkusTransaction.requiringNew().run(() -> inbox.store(first));
        assertThat(inbox.countsOf(List.of(account, other, UUID.randomUUID()))).isEqualTo(Map.of(account, 2L, other, 1L));

        // A redelivered event is not stored again, so not counted again.
        QuarkusTransaction.requiringNew().run(() -> inbox.store(List.of(first.getFirst(), feedback(account, 3, 3))));
        assertThat(inbox.countsOf(List.of(account))).isEqualTo(Map.of(account, 3L));

        // An operator removes a record that cannot be decoded (docs/decisions.md).
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM inbox WHERE event_id = ?")) {
            ps.setObject(1, first.get(1).eventId());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        assertThat(inbox.countsOf(List.of(account, other))).isEqualTo(Map.of(account, 2L, other, 1L));
        Map<UUID, List<Inbox.Event>> read = new HashMap<>();
        QuarkusTransaction.requiringNew().run(() -> inbox.eventsOf(List.of(account), read::put));
        assertThat(read.get(account)).hasSize(2);
    }

    /** A feedback event of {@code account} at {@code offset} of partition 0, its stream's {@code version}th. */
    private static Inbox.Arrival feedback(UUID account, long offset, int version) {
        UUID eventId = UUID.randomUUID();
        return new Inbox.Arrival(eventId, account, "feedback-events", "com.accounthealth.account.FeedbackReceived.v1",
                Instant.parse("2026-04-10T08:15:30Z"), 0, offset, """
                {"specversion":"1.0","id":"%s","type":"com.accounthealth.account.FeedbackReceived.v1",
                 "subject":"%s","time":"2026-04-10T08:15:30Z","streamid":"%s","streamversion":%d,
                 "data":{"grade":"B","question":"Overall"}}""".formatted(eventId, account, account, version));
    }
}
