package com.accounthealth.healthscore.domain;

import com.accounthealth.contract.account.Grade;
import com.accounthealth.healthscore.domain.AccountFacts.ClientEvent;
import com.accounthealth.healthscore.domain.AccountFacts.ClientEventType;
import com.accounthealth.healthscore.domain.AccountFacts.ClientTeam;
import com.accounthealth.healthscore.domain.AccountFacts.CompetitorSighting;
import com.accounthealth.healthscore.domain.AccountFacts.Contact;
import com.accounthealth.healthscore.domain.AccountFacts.ContactRole;
import com.accounthealth.healthscore.domain.AccountFacts.Deal;
import com.accounthealth.healthscore.domain.AccountFacts.DealStage;
import com.accounthealth.healthscore.domain.AccountFacts.DealStatus;
import com.accounthealth.healthscore.domain.AccountFacts.DealType;
import com.accounthealth.healthscore.domain.AccountFacts.Feedback;
import com.accounthealth.healthscore.domain.AccountFacts.Interaction;
import com.accounthealth.healthscore.domain.AccountFacts.InteractionType;
import com.accounthealth.healthscore.domain.AccountFacts.Severity;
import com.accounthealth.healthscore.domain.AccountFacts.SupportIssue;
import com.accounthealth.healthscore.domain.AccountFacts.Tier;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Concise {@link AccountFacts} for the domain tests. Time is fixed at {@link #NOW}; facts are placed "n days ago"
 * (exactly n x 24 hours before NOW, so they are n whole days old). Teams and contacts are referred to by name.
 *
 * <pre>{@code
 * AccountFacts facts = account(Tier.STRATEGIC).team("Finance").contact("Ada", DECISION_MAKER, "Finance")
 *         .interaction(MEETING, 10, "Ada").feedback("Value for money", "C", 20).build();
 * }</pre>
 */
final class TestFacts {

    static final Instant NOW = Instant.parse("2025-06-15T12:00:00Z");
    static final HealthModel MODEL = HealthModel.defaults();

    private TestFacts() {
    }

    static Instant daysAgo(long days) {
        return NOW.minus(days, ChronoUnit.DAYS);
    }

    static LocalDate inDays(long days) {
        return LocalDate.ofInstant(NOW, ZoneOffset.UTC).plusDays(days);
    }

    /** A known account of {@code tier}: ARR EUR 100,000, renewal in 400 days, no growth target. */
    static Builder account(Tier tier) {
        return new Builder(true, tier);
    }

    /** Only facts that arrived before the account itself: no profile, no tier. */
    static Builder unknownProfile() {
        return new Builder(false, null);
    }

    static DealSpec deal(DealType type, long amount) {
        return new DealSpec(type, BigDecimal.valueOf(amount));
    }

    static final class Builder {
        private final UUID accountId = UUID.randomUUID();
        private final boolean profileKnown;
        private Tier tier;
        private BigDecimal arr;
        private String currency;
        private LocalDate renewalDate;
        private Integer growthTargetPercent;
        private boolean churned;
        private Instant openedAt;
        private final Map<String, UUID> ids = new HashMap<>();
        private final List<ClientTeam> teams = new ArrayList<>();
        private final List<Contact> contacts = new ArrayList<>();
        private final List<Interaction> interactions = new ArrayList<>();
        private final List<Feedback> feedback = new ArrayList<>();
        private final List<CompetitorSighting> sightings = new ArrayList<>();
        private final List<SupportIssue> issues = new ArrayList<>();
        private final List<ClientEvent> clientEvents = new ArrayList<>();
        private final List<Deal> deals = new ArrayList<>();
        private UUID lastEvent;

        private Builder(boolean profileKnown, Tier tier) {
            this.profileKnown = profileKnown;
            this.tier = tier;
            if (profileKnown) {
                arr = BigDecimal.valueOf(100_000);
                currency = "EUR";
                renewalDate = inDays(400);
                openedAt = daysAgo(1000); // long past any new account's grace
            }
        }

        Builder openedDaysAgo(long days) {
            openedAt = daysAgo(days);
            return this;
        }

        Builder arr(long amount) {
            arr = BigDecimal.valueOf(amount);
            return this;
        }

        Builder renewalInDays(long days) {
            renewalDate = inDays(days);
            return this;
        }

        Builder noRenewalDate() {
            renewalDate = null;
            return this;
        }

        Builder growthTarget(Integer percent) {
            growthTargetPercent = percent;
            return this;
        }

        Builder churned() {
            churned = true;
            return this;
        }

        Builder team(String name) {
            UUID id = UUID.randomUUID();
            ids.put(name, id);
            teams.add(new ClientTeam(id, name, event()));
            return this;
        }

        Builder contact(String name, ContactRole role, String team) {
            UUID id = UUID.randomUUID();
            ids.put(name, id);
            contacts.add(new Contact(id, role, team == null ? null : id(team), daysAgo(500), null, event(), null));
            return this;
        }

        Builder departed(String contactName, long daysAgo) {
            UUID id = id(contactName);
            Contact c = contacts.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
            contacts.set(contacts.indexOf(c), new Contact(c.id(), c.role(), c.clientTeamId(), c.addedAt(),
                    daysAgo(daysAgo), c.eventId(), event()));
            return this;
        }

        /** An interaction with the named contacts (and so with their teams). */
        Builder interaction(InteractionType type, long daysAgo, String... contactNames) {
            interactions.add(new Interaction(event(), type, daysAgo(daysAgo),
                    Arrays.stream(contactNames).map(this::id).toList(), null));
            return this;
        }

        /** An interaction that names a team and no contact. */
        Builder teamInteraction(InteractionType type, long daysAgo, String team) {
            interactions.add(new Interaction(event(), type, daysAgo(daysAgo), List.of(), id(team)));
            return this;
        }

        Builder feedback(String question, String grade, long daysAgo) {
            feedback.add(new Feedback(event(), Grade.fromLabel(grade).orElseThrow(), question, daysAgo(daysAgo)));
            return this;
        }

        Builder sighting(String competitor, String team, long daysAgo, String... capabilities) {
            sightings.add(new CompetitorSighting(event(), competitor, team == null ? null : id(team),
                    List.of(capabilities), daysAgo(daysAgo)));
            return this;
        }

        Builder issue(Severity severity, long openedDaysAgo) {
            issues.add(new SupportIssue(UUID.randomUUID(), severity, severity + " issue", daysAgo(openedDaysAgo), null,
                    event()));
            return this;
        }

        Builder resolvedIssue(Severity severity, long openedDaysAgo, long resolvedDaysAgo) {
            issues.add(new SupportIssue(UUID.randomUUID(), severity, "Resolved " + severity, daysAgo(openedDaysAgo),
                    daysAgo(resolvedDaysAgo), event()));
            return this;
        }

        Builder clientEvent(ClientEventType type, long daysAgo) {
            clientEvents.add(new ClientEvent(event(), type, daysAgo(daysAgo), type + " news"));
            return this;
        }

        Builder deal(DealSpec spec) {
            UUID eventId = event();
            deals.add(spec.build(eventId, deals.size() + 1));
            return this;
        }

        UUID id(String name) {
            return Objects.requireNonNull(ids.get(name), () -> "no team or contact named " + name);
        }

        /** The event id of the fact added last. */
        UUID lastEvent() {
            return lastEvent;
        }

        UUID accountId() {
            return accountId;
        }

        AccountFacts build() {
            return new AccountFacts(accountId, profileKnown, profileKnown ? "Acme" : null, tier, "ae-1", "team-1",
                    arr, currency, renewalDate, growthTargetPercent, churned, openedAt, List.copyOf(teams),
                    List.copyOf(contacts), List.copyOf(interactions), List.copyOf(feedback), List.copyOf(sightings),
                    List.copyOf(issues), List.copyOf(clientEvents), List.copyOf(deals));
        }

        private UUID event() {
            lastEvent = UUID.randomUUID();
            return lastEvent;
        }
    }

    /** An open deal opened 10 days ago at QUALIFIED unless told otherwise. */
    static final class DealSpec {
        private final DealType type;
        private final BigDecimal amount;
        private String name;
        private String currency = "EUR";
        private DealStage stage = DealStage.QUALIFIED;
        private DealStatus status = DealStatus.OPEN;
        private Instant openedAt = daysAgo(10);
        private Instant lastStageChangeAt;
        private int slips;
        private List<String> competitors = List.of();
        private Instant closedAt;
        private String lossReason;
        private String lossCompetitor;
        private List<String> missing = List.of();

        private DealSpec(DealType type, BigDecimal amount) {
            this.type = type;
            this.amount = amount;
        }

        DealSpec named(String dealName) {
            name = dealName;
            return this;
        }

        DealSpec currency(String code) {
            currency = code;
            return this;
        }

        DealSpec stage(DealStage dealStage) {
            stage = dealStage;
            return this;
        }

        DealSpec openedDaysAgo(long days) {
            openedAt = daysAgo(days);
            return this;
        }

        DealSpec openedAt(Instant at) {
            openedAt = at;
            return this;
        }

        DealSpec stageChangedDaysAgo(long days) {
            lastStageChangeAt = daysAgo(days);
            return this;
        }

        DealSpec slips(int count) {
            slips = count;
            return this;
        }

        DealSpec competitors(String... names) {
            competitors = List.of(names);
            return this;
        }

        DealSpec wonAt(Instant at) {
            status = DealStatus.WON;
            stage = DealStage.CLOSED_WON;
            closedAt = at;
            lastStageChangeAt = at;
            return this;
        }

        DealSpec wonDaysAgo(long days) {
            return wonAt(daysAgo(days));
        }

        DealSpec lostDaysAgo(long days, String reason, String competitor, String... missingCapabilities) {
            status = DealStatus.LOST;
            stage = DealStage.CLOSED_LOST;
            closedAt = daysAgo(days);
            lastStageChangeAt = closedAt;
            lossReason = reason;
            lossCompetitor = competitor;
            missing = List.of(missingCapabilities);
            return this;
        }

        private Deal build(UUID eventId, int number) {
            return new Deal(UUID.randomUUID(), name == null ? "Deal " + number : name, type, amount, currency, stage,
                    status, openedAt, lastStageChangeAt == null ? openedAt : lastStageChangeAt, slips, competitors,
                    closedAt, lossReason, lossCompetitor, missing, List.of(eventId));
        }
    }
}
