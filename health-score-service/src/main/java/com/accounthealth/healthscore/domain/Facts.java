package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.Contact;
import com.accounthealth.healthscore.domain.AccountFacts.ContactRole;
import com.accounthealth.healthscore.domain.AccountFacts.Interaction;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Shared readings of {@link AccountFacts} for the scoring rules, so every rule counts days and "met" the same way.
 *
 * <ul>
 *   <li><b>Days</b> are whole days elapsed (a duration truncated to days): something 30 days and 23 hours ago is
 *   "30 days ago". "In the last N days" means at most N days ago; "over N days" means N + 1 or more. Facts dated
 *   after {@code now} (clock skew between services) count as 0 days ago.</li>
 *   <li><b>Calendar dates</b> (renewal) are compared with {@code now}'s date in UTC.</li>
 *   <li><b>A team was met</b> by an interaction that names it, or that includes a contact of that team.</li>
 * </ul>
 */
final class Facts {

    private Facts() {
    }

    /** Whole days from {@code at} to {@code now}; 0 when {@code at} is in the future. */
    static long daysSince(Instant at, Instant now) {
        // Duration.between(at, now).toDays() without the Duration: scoring asks this for every fact it reads.
        long seconds = now.getEpochSecond() - at.getEpochSecond();
        if (now.getNano() < at.getNano()) {
            seconds--;
        }
        return Math.max(0, seconds / 86_400);
    }

    /** At most {@code days} whole days before {@code now} (or after it). */
    static boolean withinLastDays(Instant at, Instant now, int days) {
        return at != null && daysSince(at, now) <= days;
    }

    /** Days from today (UTC) to {@code date}: negative when it has passed. */
    static long daysUntil(LocalDate date, Instant now) {
        return ChronoUnit.DAYS.between(LocalDate.ofInstant(now, ZoneOffset.UTC), date);
    }

    /** The renewal date lies between today and {@code windowDays} days from today, both included. */
    static boolean renewalWithin(LocalDate renewalDate, Instant now, int windowDays) {
        if (renewalDate == null) {
            return false;
        }
        long until = daysUntil(renewalDate, now);
        return until >= 0 && until <= windowDays;
    }

    /** Event ids for a reason, leaving out unknown (null) ones. */
    static List<UUID> ids(UUID... ids) {
        return java.util.Arrays.stream(ids).filter(Objects::nonNull).toList();
    }

    static List<UUID> ids(Collection<UUID> ids) {
        return ids.stream().filter(Objects::nonNull).distinct().toList();
    }

    static <T> List<T> list(List<T> maybeNull) {
        return maybeNull == null ? List.of() : maybeNull;
    }

    static Map<UUID, Contact> contactsById(AccountFacts facts) {
        return list(facts.contacts()).stream().filter(c -> c.id() != null)
                .collect(Collectors.toMap(Contact::id, Function.identity(), (a, b) -> b));
    }

    /** Client teams reached by an interaction in the last {@code days} days. */
    static Set<UUID> teamsMetWithin(AccountFacts facts, Instant now, int days) {
        return latestInteractionPerTeamWithin(facts, now, days).keySet();
    }

    /**
     * Each client team reached by an interaction in the last {@code days} days, in the order first reached, with the
     * latest interaction that reached it. An interaction reaches the team it names and the teams of the contacts in
     * it (read in place, without a set per interaction: this runs several times per evaluation).
     */
    static Map<UUID, Interaction> latestInteractionPerTeamWithin(AccountFacts facts, Instant now, int days) {
        Map<UUID, Contact> contacts = contactsById(facts);
        Map<UUID, Interaction> latest = new LinkedHashMap<>();
        for (Interaction i : list(facts.interactions())) {
            if (withinLastDays(i.at(), now, days)) {
                reached(latest, i.clientTeamId(), i);
                for (UUID contactId : list(i.contactIds())) {
                    Contact contact = contacts.get(contactId);
                    if (contact != null) {
                        reached(latest, contact.clientTeamId(), i);
                    }
                }
            }
        }
        return latest;
    }

    /** Keeps {@code interaction} as the team's latest unless a later one reached it. */
    private static void reached(Map<UUID, Interaction> latest, UUID team, Interaction interaction) {
        if (team == null) {
            return;
        }
        Interaction kept = latest.putIfAbsent(team, interaction);
        if (kept != null && interaction.at().isAfter(kept.at())) {
            latest.put(team, interaction);
        }
    }

    static String teamName(AccountFacts facts, UUID teamId) {
        return list(facts.clientTeams()).stream().filter(t -> Objects.equals(t.id(), teamId)).findFirst()
                .map(AccountFacts.ClientTeam::name).filter(n -> n != null && !n.isBlank())
                .orElse("an unmapped team");
    }

    /** Interactions (at or after {@code since}) with a contact still at the client whose role is one of {@code roles}. */
    static Optional<Interaction> firstMeetingSince(AccountFacts facts, Instant since, Set<ContactRole> roles) {
        Map<UUID, Contact> contacts = contactsById(facts);
        return list(facts.interactions()).stream()
                .filter(i -> i.at() != null && !i.at().isBefore(since))
                .filter(i -> list(i.contactIds()).stream().map(contacts::get).filter(Objects::nonNull)
                        .anyMatch(c -> c.departedAt() == null && roles.contains(c.role())))
                .min((a, b) -> a.at().compareTo(b.at()));
    }

    /** Capabilities compare trimmed and case-insensitively ("SSO" is the catalogue's "sso"). */
    static boolean weOffer(String capability, Collection<String> catalogue) {
        if (catalogue == null) {
            return false;
        }
        String wanted = normalise(capability);
        for (String offered : catalogue) {
            if (normalise(offered).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    static String normalise(String capability) {
        return capability == null ? "" : capability.trim().toLowerCase(Locale.ROOT);
    }

    /** {@code numerator / denominator} rounded half up, for a non-negative numerator and positive denominator. */
    static int roundHalfUp(long numerator, long denominator) {
        return (int) Math.floorDiv(2 * numerator + denominator, 2 * denominator);
    }

    static int roundHalfUp(double value) {
        return (int) Math.floor(value + 0.5);
    }

    static String money(BigDecimal amount, String currency) {
        DecimalFormat format = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
        String number = format.format(amount == null ? BigDecimal.ZERO : amount);
        return currency == null ? number : currency + " " + number;
    }

    static String tierName(AccountFacts.Tier tier) {
        return switch (tier) {
            case STRATEGIC -> "strategic";
            case ENTERPRISE -> "enterprise";
            case MID_MARKET -> "mid-market";
            case SMB -> "SMB";
        };
    }

    static String days(long days) {
        return days == 1 ? "1 day" : days + " days";
    }

    /** A data-less component: no score, one sentence saying why. */
    static Health.ComponentScore noData(String component, int weight, String sentence) {
        return new Health.ComponentScore(component, null, weight, 0.0,
                List.of(new Health.Reason("NoData", sentence, 0, List.of())));
    }

    static Health.ComponentScore scored(String component, int score, int weight, List<Health.Reason> reasons) {
        return new Health.ComponentScore(component, score, weight, 0.0, List.copyOf(reasons));
    }
}
