package com.accounthealth.benchmarks;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A year of realistic facts for a portfolio, as the writers publish them (CloudEvents 1.0, the same envelope and
 * payloads as account-service and opportunity-service): each account is opened, maps client teams and contacts, then
 * over the year gets interactions, survey feedback, competitor sightings, support issues, client events and a deal
 * that moves through its stages; a fifth of them end it renewed or churned (the outcomes backtests check scores
 * against). Deterministic (seeded per account), so the baselines can regenerate the same events.
 * Accounts are emitted in chunks, the events of a chunk interleaved round-robin as they would arrive over time.
 */
final class PortfolioEvents {

    record Event(String topic, UUID accountId, UUID eventId, String type, Instant occurredAt, String json) {
    }

    static final int ASOF_EVENTS = 500;
    private static final JsonFormat FORMAT = new JsonFormat();
    private static final int CHUNK = 2000;

    private static final String[] TEAMS = {"emea-north", "emea-south", "na-east", "apac"};
    private static final String[] TIERS = {"STRATEGIC", "ENTERPRISE", "MID_MARKET", "SMB"};
    private static final String[] CLIENT_TEAMS = {"Finance", "IT", "Marketing", "Operations", "Sales"};
    private static final String[] ROLES = {"DECISION_MAKER", "CHAMPION", "INFLUENCER", "USER"};
    private static final String[] INTERACTIONS = {"MEETING", "CALL", "EMAIL", "BUSINESS_REVIEW"};
    private static final String[] GRADES = {"A", "A-", "B+", "B", "B-", "C+", "C", "D"};
    private static final String[] QUESTIONS = {"Overall satisfaction", "Value for money", "How likely are you to renew?"};
    private static final String[] COMPETITORS = {"Initech Analytics", "Northwind CRM", "Contoso Insights"};
    private static final String[] CAPABILITIES = {"forecasting", "eu-data-residency", "sso", "mobile-app", "ai-assistant"};
    private static final String[] SEVERITIES = {"LOW", "MEDIUM", "HIGH", "CRITICAL"};
    private static final String[] CLIENT_EVENTS = {"FUNDING_ROUND", "EXPANSION", "NEW_EXECUTIVE", "ACQUISITION"};

    private final int events;
    private final int accounts;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    PortfolioEvents(int events, int accounts) {
        this.events = events;
        this.accounts = accounts;
    }

    /** The account with {@value #ASOF_EVENTS} events (the last one generated). */
    UUID asOfAccount() {
        return accountId(accounts);
    }

    static UUID accountId(int index) {
        return UUID.nameUUIDFromBytes(("bench-account-" + index).getBytes());
    }

    /** Every event, chunk by chunk; {@code chunkDone} runs after each chunk (e.g. to flush). */
    void forEach(Consumer<Event> sink, Runnable chunkDone) {
        int perAccount = (events - ASOF_EVENTS) / accounts;
        int extra = (events - ASOF_EVENTS) % accounts;
        for (int from = 0; from <= accounts; from += CHUNK) {
            List<List<Event>> chunk = new ArrayList<>();
            for (int i = from; i < Math.min(from + CHUNK, accounts + 1); i++) {
                chunk.add(account(i, i == accounts ? ASOF_EVENTS : perAccount + (i < extra ? 1 : 0)));
            }
            int longest = chunk.stream().mapToInt(List::size).max().orElse(0);
            for (int k = 0; k < longest; k++) {
                for (List<Event> account : chunk) {
                    if (k < account.size()) {
                        sink.accept(account.get(k));
                    }
                }
            }
            chunkDone.run();
        }
    }

    private List<Event> account(int index, int count) {
        Random r = new Random(index * 7919L + 17);
        UUID account = accountId(index);
        Instant start = now.minus(365, ChronoUnit.DAYS).plus(r.nextInt(30), ChronoUnit.DAYS);
        long span = java.time.Duration.between(start, now.minus(2, ChronoUnit.DAYS)).toSeconds();
        Stream s = new Stream(account, r);
        String tier = TIERS[index % TIERS.length];
        String team = TEAMS[index % TEAMS.length];
        int arr = 20_000 + 1000 * r.nextInt(500);
        // Slots in time order: the first seven open the account, four belong to the deal, the rest are everyday facts.
        int dealStart = 7 + r.nextInt(Math.max(1, count - 11));
        List<UUID> teams = new ArrayList<>();
        List<UUID> contacts = new ArrayList<>();
        List<UUID> openIssues = new ArrayList<>();
        UUID deal = uuid(r);
        int dealVersion = 0;
        String[] stages = {"QUALIFIED", "DISCOVERY", "PROPOSAL"};
        List<Event> out = new ArrayList<>(count);
        int poorGrades = 0;
        for (int k = 0; k < count; k++) {
            Instant at = start.plusSeconds(span * k / count);
            if (k == count - 1 && index % 5 == 0 && index < accounts && count > 12) {
                // A fifth of the accounts end the year with an outcome: the more poor grades, the likelier a churn.
                if (r.nextInt(10) < Math.min(8, 2 * poorGrades)) {
                    out.add(s.account("AccountChurned", at, """
                            {"reason":"Moved to %s"}""".formatted(COMPETITORS[r.nextInt(COMPETITORS.length)])));
                } else {
                    out.add(s.account("AccountRenewed", at, """
                            {"newArr":{"amount":%d,"currency":"EUR"},"nextRenewalDate":null,\
                            "previousArr":{"amount":%d,"currency":"EUR"}}""".formatted(arr + 1000 * r.nextInt(20), arr)));
                }
            } else if (k == 0) {
                out.add(s.account("AccountOpened", at, """
                        {"accountId":"%s","profile":{"name":"Bench account %d","industry":"Software","tier":"%s","ownerId":"ae-%d",\
                        "teamId":"%s","arr":{"amount":%d,"currency":"EUR"},"renewalDate":"%s","growthTargetPercent":15}}"""
                        .formatted(account, index, tier, index % 40, team, arr,
                                LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(30 + r.nextInt(300)))));
            } else if (k < 3) {
                UUID t = uuid(r);
                teams.add(t);
                out.add(s.account("ClientTeamMapped", at, """
                        {"clientTeamId":"%s","name":"%s"}""".formatted(t, CLIENT_TEAMS[(index + k) % CLIENT_TEAMS.length])));
            } else if (k < 7) {
                UUID c = uuid(r);
                contacts.add(c);
                out.add(s.account("ContactAdded", at, """
                        {"contactId":"%s","name":"Contact %d","title":"Manager","clientTeamId":"%s","role":"%s"}"""
                        .formatted(c, k, teams.get(k % teams.size()), ROLES[k - 3])));
            } else if (k >= dealStart && k < dealStart + 4) {
                dealVersion++;
                String json;
                String type;
                if (dealVersion == 1) {
                    type = "OpportunityOpened";
                    json = """
                            {"opportunityId":"%s","accountId":"%s","name":"Expansion","opportunityType":"UPSELL",\
                            "amount":{"amount":%d,"currency":"EUR"},"stage":"QUALIFIED","expectedCloseDate":"%s","ownerId":"ae-%d",\
                            "teamId":"%s","capabilitiesNeeded":["%s"]}""".formatted(deal, account, arr / 5,
                            LocalDate.ofInstant(at, ZoneOffset.UTC).plusDays(90), index % 40, team,
                            CAPABILITIES[r.nextInt(CAPABILITIES.length)]);
                } else if (dealVersion < 4) {
                    type = "StageChanged";
                    json = """
                            {"opportunityId":"%s","accountId":"%s","from":"%s","to":"%s","daysInPreviousStage":%d}"""
                            .formatted(deal, account, stages[dealVersion - 2], stages[dealVersion - 1], 10 + r.nextInt(30));
                } else if (r.nextBoolean()) {
                    type = "OpportunityWon";
                    json = """
                            {"opportunityId":"%s","accountId":"%s","from":"PROPOSAL","daysInPreviousStage":%d,\
                            "amount":{"amount":%d,"currency":"EUR"}}""".formatted(deal, account, 5 + r.nextInt(20), arr / 5);
                } else {
                    type = "OpportunityLost";
                    String competitor = COMPETITORS[r.nextInt(COMPETITORS.length)];
                    json = """
                            {"opportunityId":"%s","accountId":"%s","from":"PROPOSAL","daysInPreviousStage":%d,\
                            "amount":{"amount":%d,"currency":"EUR"},"reason":"COMPETITOR","competitor":"%s",\
                            "missingCapabilities":["%s"]}""".formatted(deal, account, 5 + r.nextInt(20), arr / 5, competitor,
                            CAPABILITIES[r.nextInt(CAPABILITIES.length)]);
                }
                out.add(s.deal(deal, dealVersion, type, at, json));
            } else {
                int dice = r.nextInt(100);
                UUID contact = contacts.get(r.nextInt(contacts.size()));
                UUID clientTeam = teams.get(r.nextInt(teams.size()));
                if (dice < 55) {
                    out.add(s.account("InteractionRecorded", at, """
                            {"interactionId":"%s","interactionType":"%s","contactIds":["%s"],"clientTeamId":"%s","summary":"Check-in"}"""
                            .formatted(uuid(r), INTERACTIONS[r.nextInt(INTERACTIONS.length)], contact, clientTeam)));
                } else if (dice < 75) {
                    String grade = GRADES[r.nextInt(GRADES.length)];
                    poorGrades += grade.startsWith("C") || grade.startsWith("D") || grade.equals("B-") ? 1 : 0;
                    out.add(s.feedback(at, """
                            {"feedbackId":"%s","grade":"%s","question":"%s","comment":null,"contactId":"%s"}"""
                            .formatted(uuid(r), grade, QUESTIONS[r.nextInt(QUESTIONS.length)], contact)));
                } else if (dice < 81) {
                    out.add(s.account("CompetitorSighted", at, """
                            {"sightingId":"%s","competitor":"%s","clientTeamId":"%s","capabilities":["%s"]}"""
                            .formatted(uuid(r), COMPETITORS[r.nextInt(COMPETITORS.length)], clientTeam,
                                    CAPABILITIES[r.nextInt(CAPABILITIES.length)])));
                } else if (dice < 89 || (dice < 97 && openIssues.isEmpty())) {
                    UUID issue = uuid(r);
                    openIssues.add(issue);
                    out.add(s.account("SupportIssueOpened", at, """
                            {"issueId":"%s","severity":"%s","title":"Report export slow"}"""
                            .formatted(issue, SEVERITIES[r.nextInt(SEVERITIES.length)])));
                } else if (dice < 97) {
                    out.add(s.account("SupportIssueResolved", at, """
                            {"issueId":"%s"}""".formatted(openIssues.removeFirst())));
                } else {
                    out.add(s.account("ClientEventRecorded", at, """
                            {"clientEventId":"%s","clientEventType":"%s","description":"Announced in the press"}"""
                            .formatted(uuid(r), CLIENT_EVENTS[r.nextInt(CLIENT_EVENTS.length)])));
                }
            }
        }
        return out;
    }

    private static UUID uuid(Random r) {
        return new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
    }

    /** One account's streams: the account stream and its version, and the CloudEvent envelope. */
    private static final class Stream {
        private final UUID account;
        private final Random random;
        private int version;

        Stream(UUID account, Random random) {
            this.account = account;
            this.random = random;
        }

        Event account(String type, Instant at, String data) {
            return envelope("account-events", "/account-service", "com.accounthealth.account", type, account, ++version, at, data);
        }

        Event feedback(Instant at, String data) {
            return envelope("feedback-events", "/account-service", "com.accounthealth.account", "FeedbackReceived",
                    account, ++version, at, data);
        }

        Event deal(UUID deal, int dealVersion, String type, Instant at, String data) {
            return envelope("opportunity-events", "/opportunity-service", "com.accounthealth.opportunity", type, deal,
                    dealVersion, at, data);
        }

        private Event envelope(String topic, String source, String prefix, String type, UUID stream, int streamVersion,
                               Instant at, String data) {
            UUID id = uuid(random);
            // The envelope the writers' relay publishes (see CloudEvents in platform/event-store), by the same SDK.
            CloudEvent ce = CloudEventBuilder.v1().withId(id.toString()).withSource(URI.create(source))
                    .withType(prefix + "." + type + ".v1").withSubject(account.toString())
                    .withTime(at.atOffset(ZoneOffset.UTC))
                    .withDataSchema(URI.create("asyncapi.yaml#/components/messages/" + type))
                    .withExtension("streamid", stream.toString()).withExtension("streamversion", streamVersion)
                    .withExtension("recordedat", at.plusSeconds(2).toString()).withExtension("actor", "crm-sync")
                    .withExtension("correlationid", id.toString())
                    .withData("application/json", data.getBytes(StandardCharsets.UTF_8)).build();
            String json = new String(FORMAT.serialize(ce), StandardCharsets.UTF_8);
            return new Event(topic, account, id, prefix + "." + type + ".v1", at, json);
        }
    }
}
