package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.contract.ContractJson;
import com.accounthealth.contract.account.AccountEvent;
import com.accounthealth.contract.opportunity.OpportunityEvent;
import com.accounthealth.healthscore.domain.AccountFacts;
import com.accounthealth.healthscore.domain.AccountFacts.ClientEvent;
import com.accounthealth.healthscore.domain.AccountFacts.ClientTeam;
import com.accounthealth.healthscore.domain.AccountFacts.CompetitorSighting;
import com.accounthealth.healthscore.domain.AccountFacts.Contact;
import com.accounthealth.healthscore.domain.AccountFacts.Deal;
import com.accounthealth.healthscore.domain.AccountFacts.DealStage;
import com.accounthealth.healthscore.domain.AccountFacts.DealStatus;
import com.accounthealth.healthscore.domain.AccountFacts.Feedback;
import com.accounthealth.healthscore.domain.AccountFacts.Interaction;
import com.accounthealth.healthscore.domain.AccountFacts.SupportIssue;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Folds the CloudEvents of one account (from account-events, feedback-events and opportunity-events, as the inbox
 * keeps them) into {@link AccountFacts}. Events are applied in each stream's own order (stream id, stream version),
 * so the result is the same whatever order they arrived in: a deal before its account is fine.
 */
public final class FactsFromEvents {

    private static final String ACCOUNT = "com.accounthealth.account.";
    private static final String OPPORTUNITY = "com.accounthealth.opportunity.";
    private static final String FEEDBACK = ACCOUNT + "FeedbackReceived.";
    private static final String RETRACTION = ACCOUNT + "FactRetracted.";

    private FactsFromEvents() {
    }

    public static AccountFacts fold(UUID accountId, List<Inbox.Event> events) {
        return Incremental.of(accountId, events).facts();
    }

    /**
     * A fold that takes later events without reading the earlier ones again: what ingest keeps per account between
     * batches, so applying an event costs the event, not the account's whole history. It accepts events that are
     * newer than every event applied in their lane and refuses (applying none) otherwise; the caller then folds the
     * account from the inbox again. A lane is a stream, except that a stream's feedback is a lane of its own: it
     * travels on another topic, so it may arrive before or after the stream's other events, and it only adds to the
     * feedback list (or, with its retractions, takes from it), so its place among them changes nothing.
     */
    public static final class Incremental {
        private final Builder builder;
        private final Map<String, Integer> lastVersions = new HashMap<>();

        private Incremental(UUID accountId) {
            this.builder = new Builder(accountId);
        }

        /** The fold of {@code events}, in each stream's own order. */
        public static Incremental of(UUID accountId, List<Inbox.Event> events) {
            List<Inbox.Event> ordered = new ArrayList<>(events);
            ordered.sort(Comparator.comparing(Inbox.Event::streamId).thenComparingInt(Inbox.Event::streamVersion));
            Incremental fold = new Incremental(accountId);
            ordered.forEach(fold::apply);
            return fold;
        }

        /** Applies {@code later} unless one of them is not newer than its lane: then nothing changes and false. */
        public boolean applyLater(List<Inbox.Event> later) {
            List<Inbox.Event> ordered = new ArrayList<>(later);
            ordered.sort(Comparator.comparingInt(Inbox.Event::streamVersion));
            Map<String, Integer> seen = new HashMap<>();
            for (Inbox.Event e : ordered) {
                String lane = lane(e);
                int version = e.streamVersion();
                Integer last = seen.getOrDefault(lane, lastVersions.get(lane));
                if (last != null && version <= last) {
                    return false;
                }
                seen.put(lane, version);
            }
            ordered.forEach(this::apply);
            return true;
        }

        public AccountFacts facts() {
            return builder.build();
        }

        /** Each lane's last stream version applied, with the facts: all a later {@link #resume} needs. */
        public Map<String, Integer> lanes() {
            return Map.copyOf(lastVersions);
        }

        /** The fold that {@link #facts} and {@link #lanes} were taken from, ready for later events. */
        public static Incremental resume(AccountFacts facts, Map<String, Integer> lanes) {
            Incremental fold = new Incremental(facts.accountId());
            fold.builder.resume(facts);
            fold.lastVersions.putAll(lanes);
            return fold;
        }

        private void apply(Inbox.Event e) {
            lastVersions.merge(lane(e), e.streamVersion(), Math::max);
            String type = e.type();
            // A type added after this service was built reads as empty: kept in the inbox, not scored yet.
            if (type.startsWith(ACCOUNT)) {
                ContractJson.read(AccountEvent.class, eventName(type, ACCOUNT), e.data())
                        .ifPresent(event -> builder.account(event, e));
            } else if (type.startsWith(OPPORTUNITY)) {
                ContractJson.read(OpportunityEvent.class, eventName(type, OPPORTUNITY), e.data())
                        .ifPresent(event -> builder.deal(event, e));
            }
        }

        /**
         * A retraction of feedback joins the feedback lane: it travels on account-events while the feedback it retracts
         * travels on feedback-events, so either may arrive first; in one lane, the later-arriving older one is refused
         * and the account folded again in stream order, so a retracted grade never counts again.
         */
        private static String lane(Inbox.Event e) {
            boolean feedback = e.type().startsWith(FEEDBACK) || e.type().startsWith(RETRACTION)
                    && "FeedbackReceived".equals(e.data().path("factType").asText());
            return feedback ? e.streamId() + "/feedback" : e.streamId();
        }
    }

    /**
     * {@link Instant#parse} of an event's time. A time as the services write it ({@code 2026-04-10T08:15:30.123456Z})
     * is read digit by digit: the formatter behind Instant.parse was an eighth of re-scoring's CPU. Any other form
     * (an offset, lower case, a leap second, an invalid date) goes to Instant.parse, so the result is the same.
     */
    static Instant instant(String time) {
        int n = time.length();
        if (n >= 20 && n <= 30 && time.charAt(n - 1) == 'Z' && (n == 20 || n > 21 && time.charAt(19) == '.')
                && time.charAt(4) == '-' && time.charAt(7) == '-' && time.charAt(10) == 'T'
                && time.charAt(13) == ':' && time.charAt(16) == ':') {
            int year = digits(time, 0, 4), month = digits(time, 5, 7), day = digits(time, 8, 10);
            int hour = digits(time, 11, 13), minute = digits(time, 14, 16), second = digits(time, 17, 19);
            int fraction = digits(time, 20, Math.max(20, n - 1)); // 0 to 9 digits of a second
            if ((year | month | day | hour | minute | second | fraction) >= 0) { // none is -1 (not digits)
                try {
                    return Instant.ofEpochSecond(LocalDateTime.of(year, month, day, hour, minute, second)
                            .toEpochSecond(ZoneOffset.UTC), fraction * (long) Math.pow(10, 30 - n));
                } catch (DateTimeException e) {
                    // e.g. February 30th or a leap second: Instant.parse decides
                }
            }
        }
        return Instant.parse(time);
    }

    /** When the event happened (its business time). */
    public static Instant happenedAt(Inbox.Event event) {
        return instant(event.time());
    }

    /** The decimal number in {@code text} from {@code from} to {@code to}, or -1 when it is not all digits. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** {@code com.accounthealth.account.ContactAdded.v1} → {@code ContactAdded}. */
    private static String eventName(String type, String prefix) {
        String rest = type.substring(prefix.length());
        int dot = rest.lastIndexOf(".v");
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static final class Builder {
        private final UUID accountId;
        private boolean profileKnown;
        private String name;
        private AccountFacts.Tier tier;
        private String ownerId;
        private String teamId;
        private BigDecimal arr;
        private String currency;
        private LocalDate renewalDate;
        private Integer growthTargetPercent;
        private boolean churned;
        private Instant openedAt;
        private final Map<UUID, ClientTeam> clientTeams = new LinkedHashMap<>();
        private final Map<UUID, Contact> contacts = new LinkedHashMap<>();
        private final List<Interaction> interactions = new ArrayList<>();
        private final List<Feedback> feedback = new ArrayList<>();
        private final List<CompetitorSighting> sightings = new ArrayList<>();
        private final Map<UUID, SupportIssue> issues = new LinkedHashMap<>();
        private final List<ClientEvent> clientEvents = new ArrayList<>();
        private final Map<UUID, Deal> deals = new LinkedHashMap<>();

        Builder(UUID accountId) {
            this.accountId = accountId;
        }

        void account(AccountEvent event, Inbox.Event e) {
            UUID eventId = e.id();
            Instant at = instant(e.time());
            switch (event) {
                case AccountEvent.AccountOpened opened -> {
                    profile(opened.profile());
                    openedAt = at;
                }
                case AccountEvent.ProfileUpdated updated -> profile(updated.profile());
                case AccountEvent.ClientTeamMapped team -> clientTeams.put(team.clientTeamId(),
                        new ClientTeam(team.clientTeamId(), team.name(), eventId));
                case AccountEvent.ContactAdded contact -> contacts.put(contact.contactId(), new Contact(
                        contact.contactId(), AccountFacts.ContactRole.valueOf(contact.role().name()),
                        contact.clientTeamId(), at, null, eventId, null));
                case AccountEvent.ContactDeparted departed -> contacts.computeIfPresent(departed.contactId(), (k, c) ->
                        new Contact(c.id(), c.role(), c.clientTeamId(), c.addedAt(), at, c.eventId(), eventId));
                // The erasure made the contact's name unreadable; what scores use (role, dates) stays.
                case AccountEvent.ContactErased erased -> {
                }
                // Another system's id for the account: for the systems that feed it, nothing scores use.
                case AccountEvent.ExternalReferenceLinked linked -> {
                }
                // A correction: the fact stops counting from when the retraction was recorded.
                case AccountEvent.FactRetracted retraction -> {
                    UUID retracted = retraction.retractedEventId();
                    interactions.removeIf(i -> i.eventId().equals(retracted));
                    clientEvents.removeIf(c -> c.eventId().equals(retracted));
                    sightings.removeIf(c -> c.eventId().equals(retracted));
                    feedback.removeIf(f -> f.eventId().equals(retracted));
                    issues.values().removeIf(i -> i.eventId().equals(retracted));
                }
                case AccountEvent.InteractionRecorded interaction -> interactions.add(new Interaction(eventId,
                        AccountFacts.InteractionType.valueOf(interaction.interactionType().name()), at,
                        interaction.contactIds() == null ? List.of() : List.copyOf(interaction.contactIds()),
                        interaction.clientTeamId()));
                case AccountEvent.ClientEventRecorded clientEvent -> clientEvents.add(new ClientEvent(eventId,
                        AccountFacts.ClientEventType.valueOf(clientEvent.clientEventType().name()), at,
                        clientEvent.description()));
                case AccountEvent.CompetitorSighted sighting -> sightings.add(new CompetitorSighting(eventId,
                        sighting.competitor(), sighting.clientTeamId(),
                        sighting.capabilities() == null ? List.of() : List.copyOf(sighting.capabilities()), at));
                case AccountEvent.SupportIssueOpened issue -> issues.put(issue.issueId(), new SupportIssue(
                        issue.issueId(), AccountFacts.Severity.valueOf(issue.severity().name()), issue.title(), at,
                        null, eventId));
                case AccountEvent.SupportIssueResolved resolved -> issues.computeIfPresent(resolved.issueId(),
                        (k, i) -> new SupportIssue(i.issueId(), i.severity(), i.title(), i.openedAt(), at, i.eventId()));
                case AccountEvent.AccountRenewed renewed -> {
                    arr = renewed.newArr().amount();
                    currency = renewed.newArr().currency();
                    if (renewed.nextRenewalDate() != null) {
                        renewalDate = renewed.nextRenewalDate();
                    }
                }
                case AccountEvent.AccountDowngraded downgraded -> {
                    arr = downgraded.newArr().amount();
                    currency = downgraded.newArr().currency();
                }
                case AccountEvent.RenewalLost lost -> churned = true;
                case AccountEvent.AccountChurned churn -> churned = true;
                case AccountEvent.FeedbackReceived answer -> feedback.add(new Feedback(eventId, answer.grade(),
                        answer.question(), at));
            }
        }

        private void profile(AccountEvent.Profile p) {
            profileKnown = true;
            name = p.name();
            tier = AccountFacts.Tier.valueOf(p.tier().name());
            ownerId = p.ownerId();
            teamId = p.teamId();
            arr = p.arr() == null ? null : p.arr().amount();
            currency = p.arr() == null ? null : p.arr().currency();
            renewalDate = p.renewalDate();
            growthTargetPercent = p.growthTargetPercent();
        }

        void deal(OpportunityEvent event, Inbox.Event e) {
            UUID id = opportunityId(event);
            UUID eventId = e.id();
            Instant at = instant(e.time());
            Deal current = deals.get(id);
            if (current == null && !(event instanceof OpportunityEvent.OpportunityOpened)) {
                return; // its opening is not in the inbox (yet); the stream order makes this rare
            }
            Deal next = switch (event) {
                case OpportunityEvent.OpportunityOpened opened -> new Deal(id, opened.name(),
                        AccountFacts.DealType.valueOf(opened.opportunityType().name()), opened.amount().amount(),
                        opened.amount().currency(), DealStage.valueOf(opened.stage().name()), DealStatus.OPEN, at, at,
                        0, List.of(), null, null, null, List.of(), List.of(eventId));
                case OpportunityEvent.StageChanged changed -> with(current, eventId,
                        DealStage.valueOf(changed.to().name()), current.status(), at, current.slipCount(),
                        current.competitors(), null, null, null, List.of(), current.amount());
                case OpportunityEvent.AmountChanged changed -> with(current, eventId, current.stage(),
                        current.status(), current.lastStageChangeAt(), current.slipCount(), current.competitors(),
                        null, null, null, List.of(), changed.to().amount());
                case OpportunityEvent.CloseDateChanged changed -> with(current, eventId, current.stage(),
                        current.status(), current.lastStageChangeAt(), changed.slipCount(), current.competitors(),
                        null, null, null, List.of(), current.amount());
                case OpportunityEvent.CompetitorEngaged engaged -> with(current, eventId, current.stage(),
                        current.status(), current.lastStageChangeAt(), current.slipCount(),
                        engage(current.competitors(), engaged.competitor(), true), null, null, null, List.of(),
                        current.amount());
                case OpportunityEvent.CompetitorDisengaged disengaged -> with(current, eventId, current.stage(),
                        current.status(), current.lastStageChangeAt(), current.slipCount(),
                        engage(current.competitors(), disengaged.competitor(), false), null, null, null, List.of(),
                        current.amount());
                // Another system's id for the deal: for the systems that feed it, nothing scores use.
                case OpportunityEvent.ExternalReferenceLinked linked -> current;
                case OpportunityEvent.OpportunityWon won -> with(current, eventId, DealStage.CLOSED_WON,
                        DealStatus.WON, at, current.slipCount(), current.competitors(), at, null, null, List.of(),
                        current.amount());
                case OpportunityEvent.OpportunityLost lost -> with(current, eventId, DealStage.CLOSED_LOST,
                        DealStatus.LOST, at, current.slipCount(), current.competitors(), at,
                        lost.reason() == null ? null : lost.reason().name(), lost.competitor(),
                        lost.missingCapabilities() == null ? List.of() : lost.missingCapabilities(),
                        current.amount());
            };
            deals.put(id, next);
        }

        private static UUID opportunityId(OpportunityEvent event) {
            return switch (event) {
                case OpportunityEvent.OpportunityOpened e -> e.opportunityId();
                case OpportunityEvent.StageChanged e -> e.opportunityId();
                case OpportunityEvent.AmountChanged e -> e.opportunityId();
                case OpportunityEvent.CloseDateChanged e -> e.opportunityId();
                case OpportunityEvent.CompetitorEngaged e -> e.opportunityId();
                case OpportunityEvent.CompetitorDisengaged e -> e.opportunityId();
                case OpportunityEvent.ExternalReferenceLinked e -> e.opportunityId();
                case OpportunityEvent.OpportunityWon e -> e.opportunityId();
                case OpportunityEvent.OpportunityLost e -> e.opportunityId();
            };
        }

        /** The deal's competitors with {@code competitor} engaged (last) or disengaged. */
        private static List<String> engage(List<String> engaged, String competitor, boolean engages) {
            List<String> competitors = new ArrayList<>(engaged);
            competitors.remove(competitor);
            if (engages) {
                competitors.add(competitor);
            }
            return competitors;
        }

        private static Deal with(Deal c, UUID eventId, DealStage stage, DealStatus status, Instant stageAt, int slips,
                                 List<String> competitors, Instant closedAt, String lossReason, String lossCompetitor,
                                 List<String> missing, BigDecimal amount) {
            List<UUID> eventIds = new ArrayList<>(c.eventIds());
            eventIds.add(eventId);
            return new Deal(c.opportunityId(), c.name(), c.type(), amount, c.currency(), stage, status, c.openedAt(),
                    stageAt, slips, List.copyOf(competitors), closedAt, lossReason, lossCompetitor, List.copyOf(missing),
                    List.copyOf(eventIds));
        }

        void resume(AccountFacts f) {
            profileKnown = f.profileKnown();
            name = f.name();
            tier = f.tier();
            ownerId = f.ownerId();
            teamId = f.teamId();
            arr = f.arr();
            currency = f.currency();
            renewalDate = f.renewalDate();
            growthTargetPercent = f.growthTargetPercent();
            churned = f.churned();
            openedAt = f.openedAt();
            f.clientTeams().forEach(t -> clientTeams.put(t.id(), t));
            f.contacts().forEach(c -> contacts.put(c.id(), c));
            interactions.addAll(f.interactions());
            feedback.addAll(f.feedback());
            sightings.addAll(f.competitorSightings());
            f.supportIssues().forEach(i -> issues.put(i.issueId(), i));
            clientEvents.addAll(f.clientEvents());
            f.deals().forEach(d -> deals.put(d.opportunityId(), d));
        }

        AccountFacts build() {
            return new AccountFacts(accountId, profileKnown, name, tier, ownerId, teamId, arr, currency, renewalDate,
                    growthTargetPercent, churned, openedAt, List.copyOf(clientTeams.values()), List.copyOf(contacts.values()),
                    List.copyOf(interactions), List.copyOf(feedback), List.copyOf(sightings),
                    List.copyOf(issues.values()), List.copyOf(clientEvents), List.copyOf(deals.values()));
        }
    }
}
