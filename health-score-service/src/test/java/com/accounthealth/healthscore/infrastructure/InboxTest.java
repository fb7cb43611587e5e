package com.accounthealth.healthscore.infrastructure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The inbox gives back what the fold reads of a stored CloudEvent as ingest reads it from the whole document. */
@QuarkusTest
class InboxTest {

    @Inject
    Inbox inbox;

    @Inject
    ObjectMapper json;

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

        Inbox.Event expected = Inbox.Event.of(json.readTree(cloudEvent));
        assertThat(inbox.eventsOf(List.of(account)).get(account)).containsExactly(expected);
        assertThat(inbox.eventsOf(account, null)).containsExactly(expected);
    }
}
