package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.eventstore.CloudEvents;
import com.accounthealth.healthscore.domain.AccountFacts;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The facts of an account do not depend on the order its events arrived in, across topics. */
class FactsFromEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID ACCOUNT = UUID.fromString("6f1c2a4e-0b7d-4c1e-9a52-3f8e2d1b7c90");
    private static final UUID DEAL = UUID.fromString("9b2f5c1e-3d4a-4b6c-8e7f-0a1b2c3d4e5f");
    private static final UUID TEAM = UUID.fromString("0d9a4c5e-7e0f-4a51-b1d4-8c1f6e2a3b47");
    private static final UUID CONTACT = UUID.fromString("a3e1f6b2-5c4d-4e8f-9a0b-1c2d3e4f5a6b");

    private static Inbox.Event event(String type, UUID stream, int version, String time, String data) {
        try {
            return Inbox.Event.of(CloudEvents.read(JSON.readTree("""
                    {"specversion":"1.0","id":"%s","source":"/test","type":"%s","subject":"%s","time":"%s",
                     "streamid":"%s","streamversion":%d,"data":%s}""".formatted(UUID.randomUUID(), type, ACCOUNT, time,
                    stream, version, data))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Inbox.Event> story() {
        String a = "com.accounthealth.account.";
        String o = "com.accounthealth.opportunity.";
        return List.of(
                event(a + "AccountOpened.v1", ACCOUNT, 1, "2026-01-01T00:00:00Z", """
                        {"accountId":"%s","profile":{"name":"Globex","tier":"STRATEGIC","ownerId":"ae-1","teamId":"t",
                         "arr":{"amount":1000,"currency":"EUR"},"renewalDate":"2027-01-01","growthTargetPercent":15}}"""
                        .formatted(ACCOUNT)),
                event(a + "ClientTeamMapped.v1", ACCOUNT, 2, "2026-01-02T00:00:00Z",
                        "{\"clientTeamId\":\"%s\",\"name\":\"Finance\"}".formatted(TEAM)),
                event(a + "ContactAdded.v1", ACCOUNT, 3, "2026-01-03T00:00:00Z", """
                        {"contactId":"%s","name":"Ada","clientTeamId":"%s","role":"CHAMPION"}""".formatted(CONTACT, TEAM)),
                event(a + "ContactDeparted.v1", ACCOUNT, 4, "2026-03-01T00:00:00Z", "{\"contactId\":\"%s\"}".formatted(CONTACT)),
                event(a + "FeedbackReceived.v1", ACCOUNT, 5, "2026-02-01T00:00:00Z", """
                        {"feedbackId":"%s","grade":"B-","question":"Overall"}""".formatted(UUID.randomUUID())),
                // The deal's events carry business times earlier than some account facts and may arrive first.
                event(o + "OpportunityOpened.v1", DEAL, 1, "2025-12-01T00:00:00Z", """
                        {"opportunityId":"%s","accountId":"%s","name":"Upsell","opportunityType":"UPSELL",
                         "amount":{"amount":500,"currency":"EUR"},"stage":"DEMO","ownerId":"ae-1","teamId":"t",
                         "capabilitiesNeeded":[]}""".formatted(DEAL, ACCOUNT)),
                event(o + "CloseDateChanged.v1", DEAL, 2, "2026-04-01T00:00:00Z", """
                        {"opportunityId":"%s","accountId":"%s","from":"2026-05-01","to":"2026-06-01","slipped":true,
                         "slipCount":1}""".formatted(DEAL, ACCOUNT)),
                event(o + "OpportunityLost.v1", DEAL, 3, "2026-04-10T00:00:00Z", """
                        {"opportunityId":"%s","accountId":"%s","from":"DEMO","daysInPreviousStage":130,
                         "amount":{"amount":500,"currency":"EUR"},"reason":"COMPETITOR","competitor":"Initech",
                         "missingCapabilities":["ai"],"comment":null}""".formatted(DEAL, ACCOUNT)));
    }

    @Test
    void aFoldStoredAndReadBackTakesLaterEventsAsTheOriginalDoes() throws Exception {
        List<Inbox.Event> story = story();
        AccountFolds stored = new AccountFolds(null, new ObjectMapper().findAndRegisterModules());
        FactsFromEvents.Incremental first = FactsFromEvents.Incremental.of(ACCOUNT, story.subList(0, 6));

        FactsFromEvents.Incremental resumed = stored.fold(stored.document(first));

        assertThat(resumed.facts()).isEqualTo(first.facts());
        assertThat(resumed.lanes()).isEqualTo(first.lanes());
        assertThat(resumed.applyLater(story.subList(6, 8))).isTrue();
        assertThat(resumed.facts()).isEqualTo(FactsFromEvents.fold(ACCOUNT, story));
        assertThat(resumed.applyLater(story.subList(7, 8))).as("an event it already holds").isFalse();
    }

    record Grades(String question, List<Integer> points, AccountFacts.Tier tier) {
    }

    record SameGrades(String question, List<Integer> points, AccountFacts.Tier tier) {
    }

    record RetypedGrades(String question, List<Long> points, AccountFacts.Tier tier) {
    }

    record RenamedGrades(String prompt, List<Integer> points, AccountFacts.Tier tier) {
    }

    record Graded(Grades grades) {
    }

    record RetypedGraded(RetypedGrades grades) {
    }

    @Test
    void aStoredFoldsFormatChangesWhenAFactIsRenamedOrRetypedAnywhereInsideTheFacts() {
        String shape = AccountFolds.shapeOf(Grades.class);
        assertThat(AccountFolds.shapeOf(SameGrades.class)).isEqualTo(shape);
        assertThat(AccountFolds.shapeOf(RetypedGrades.class)).isNotEqualTo(shape);
        assertThat(AccountFolds.shapeOf(RenamedGrades.class)).isNotEqualTo(shape);
        assertThat(AccountFolds.shapeOf(RetypedGraded.class)).isNotEqualTo(AccountFolds.shapeOf(Graded.class));
        assertThat(AccountFolds.FORMAT).isEqualTo("fold-1/" + AccountFolds.shapeOf(AccountFacts.class));
    }

    @Test
    void theSameEventsInAnyArrivalOrderGiveTheSameFacts() {
        List<Inbox.Event> inOrder = story();
        AccountFacts expected = FactsFromEvents.fold(ACCOUNT, inOrder);
        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            List<Inbox.Event> shuffled = new ArrayList<>(inOrder);
            Collections.shuffle(shuffled, random);
            assertThat(FactsFromEvents.fold(ACCOUNT, shuffled)).isEqualTo(expected);
        }
        assertThat(expected.profileKnown()).isTrue();
        assertThat(expected.contacts()).singleElement().satisfies(c -> assertThat(c.departedAt()).isNotNull());
        assertThat(expected.deals()).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo(AccountFacts.DealStatus.LOST);
            assertThat(d.slipCount()).isEqualTo(1);
            assertThat(d.lossCompetitor()).isEqualTo("Initech");
            assertThat(d.missingCapabilities()).containsExactly("ai");
        });
    }

    @Test
    void aDealBeforeItsAccountIsKeptAndTheProfileIsUnknownUntilTheAccountArrives() {
        List<Inbox.Event> dealOnly = story().subList(5, 8);
        AccountFacts facts = FactsFromEvents.fold(ACCOUNT, dealOnly);
        assertThat(facts.profileKnown()).isFalse();
        assertThat(facts.deals()).hasSize(1);
    }

    @Test
    void laterEventsAppliedToAKeptFoldGiveTheFactsOfAFoldOfEverything() {
        List<Inbox.Event> inOrder = story();
        AccountFacts expected = FactsFromEvents.fold(ACCOUNT, inOrder);
        Random random = new Random(11);
        int refolds = 0;
        for (int i = 0; i < 50; i++) {
            // Arrival as ingest sees it: each topic in order, the topics interleaved at random, in batches of 1-3.
            List<Inbox.Event> arrival = interleavedByTopic(inOrder, random);
            List<Inbox.Event> applied = new ArrayList<>();
            FactsFromEvents.Incremental kept = FactsFromEvents.Incremental.of(ACCOUNT, List.of());
            for (int from = 0; from < arrival.size(); ) {
                List<Inbox.Event> batch = arrival.subList(from, Math.min(arrival.size(), from + 1 + random.nextInt(3)));
                applied.addAll(batch);
                from += batch.size();
                if (!kept.applyLater(batch)) {
                    refolds++;
                    kept = FactsFromEvents.Incremental.of(ACCOUNT, applied);
                }
                assertThat(kept.facts()).isEqualTo(FactsFromEvents.fold(ACCOUNT, applied));
            }
            assertThat(kept.facts()).isEqualTo(expected);
        }
        // Feedback (its own topic) arriving before or after the account's other events never forces a new fold.
        assertThat(refolds).isZero();
    }

    @Test
    void anEventOlderThanOneAlreadyAppliedIsRefusedAndChangesNothing() {
        List<Inbox.Event> inOrder = story();
        FactsFromEvents.Incremental kept = FactsFromEvents.Incremental.of(ACCOUNT, inOrder.subList(0, 4));
        AccountFacts before = kept.facts();
        assertThat(kept.applyLater(List.of(inOrder.get(4), inOrder.get(2)))).isFalse();
        assertThat(kept.facts()).isEqualTo(before);
        assertThat(kept.applyLater(List.of(inOrder.get(4)))).isTrue();
    }

    @Test
    void eventTimesAreReadAsInstantParseReadsThem() {
        List<String> times = List.of("2026-04-10T08:15:30Z", "2026-04-10T08:15:30.1Z", "2026-04-10T08:15:30.120Z",
                "2026-04-10T08:15:30.123456Z", "2026-04-10T08:15:30.123456789Z", "0001-01-01T00:00:00Z",
                "2026-04-10T24:00:00Z", "2026-12-31T23:59:60Z", "2026-04-10t08:15:30z", "2026-04-10T08:15:30+02:00",
                "+12026-04-10T08:15:30Z", "2026-02-30T00:00:00Z", "2026-04-10T08:15:30.Z", "2026-04-1xT08:15:30Z",
                "2026-04-10T08:15:30.1234567890Z", "2026-04-10T08:15Z", "");
        for (String time : times) {
            Object expected;
            try {
                expected = Instant.parse(time);
            } catch (RuntimeException e) {
                expected = e.getClass();
            }
            Object actual;
            try {
                actual = FactsFromEvents.instant(time);
            } catch (RuntimeException e) {
                actual = e.getClass();
            }
            assertThat(actual).as(time).isEqualTo(expected);
        }
    }

    /** The story as three topics would deliver it: account facts, feedback and deal events, each topic in order. */
    private static List<Inbox.Event> interleavedByTopic(List<Inbox.Event> events, Random random) {
        List<List<Inbox.Event>> topics = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (Inbox.Event e : events) {
            String type = e.type();
            topics.get(type.contains(".opportunity.") ? 2 : type.contains("FeedbackReceived") ? 1 : 0).add(e);
        }
        List<Inbox.Event> arrival = new ArrayList<>();
        int[] next = new int[3];
        while (arrival.size() < events.size()) {
            int t = random.nextInt(3);
            if (next[t] < topics.get(t).size()) {
                arrival.add(topics.get(t).get(next[t]++));
            }
        }
        return arrival;
    }
}
