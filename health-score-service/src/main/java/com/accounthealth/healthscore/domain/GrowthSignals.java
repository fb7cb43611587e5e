package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.ClientEvent;
import com.accounthealth.healthscore.domain.AccountFacts.ClientEventType;
import com.accounthealth.healthscore.domain.AccountFacts.Deal;
import com.accounthealth.healthscore.domain.AccountFacts.DealType;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Growth signals (docs/health-model.md): a client event of type {@code FUNDING_ROUND}, {@code ACQUISITION},
 * {@code NEW_EXECUTIVE} or {@code EXPANSION} with no {@code UPSELL} or {@code CROSS_SELL} deal opened within
 * {@code growthSignals.expansionWindowDays} (30) days after it (opened at or after the event, at most 30 whole days
 * later; a deal opened on day 31 is too late and does not clear it).
 *
 * <p>When: the signal is raised as soon as the event is known and no such deal exists yet, rather than after the
 * 30 days ran out, so the account executive still has the window to act; it stays while none is opened and lapses
 * {@link #SIGNAL_LIFETIME_DAYS} (90) days after the event (an opportunity that old is no longer news). The model has
 * no number for that lifetime, hence the constant. Churned accounts have no growth signals.
 */
public final class GrowthSignals {

    /** How long after its event a growth signal stays: events over 90 days old raise none. */
    public static final int SIGNAL_LIFETIME_DAYS = 90;

    private static final Set<ClientEventType> GROWTH = Set.of(ClientEventType.FUNDING_ROUND,
            ClientEventType.ACQUISITION, ClientEventType.NEW_EXECUTIVE, ClientEventType.EXPANSION);

    private GrowthSignals() {
    }

    public record GrowthSignal(UUID eventId, ClientEventType type, Instant at, String sentence) {
    }

    /** Whether a client event of this type opens room to grow. */
    public static boolean isGrowth(ClientEventType type) {
        return GROWTH.contains(type);
    }

    public static List<GrowthSignal> of(AccountFacts facts, Instant now, HealthModel model) {
        if (facts.churned()) {
            return List.of();
        }
        int window = model.growthSignals().expansionWindowDays();
        return Facts.list(facts.clientEvents()).stream()
                .filter(e -> e.type() != null && GROWTH.contains(e.type()) && e.at() != null)
                .filter(e -> Facts.withinLastDays(e.at(), now, SIGNAL_LIFETIME_DAYS))
                .filter(e -> Facts.list(facts.deals()).stream().noneMatch(d -> expansionOpenedWithin(d, e, window)))
                .sorted(Comparator.comparing(ClientEvent::at))
                .map(e -> signal(e, now, window))
                .toList();
    }

    private static boolean expansionOpenedWithin(Deal deal, ClientEvent event, int windowDays) {
        return (deal.type() == DealType.UPSELL || deal.type() == DealType.CROSS_SELL) && deal.openedAt() != null
                && !deal.openedAt().isBefore(event.at())
                && Duration.between(event.at(), deal.openedAt()).toDays() <= windowDays;
    }

    private static GrowthSignal signal(ClientEvent event, Instant now, int windowDays) {
        long days = Facts.daysSince(event.at(), now);
        String what = switch (event.type()) {
            case FUNDING_ROUND -> "Funding round";
            case ACQUISITION -> "Acquisition";
            case NEW_EXECUTIVE -> "New executive";
            default -> "Expansion";
        };
        String description = event.description() == null || event.description().isBlank() ? ""
                : " (" + event.description() + ")";
        String sentence = what + description + " " + Facts.days(days) + " ago: "
                + (days <= windowDays
                ? "no upsell or cross-sell opportunity opened yet, " + Facts.days(windowDays - days) + " left of the "
                + windowDays + "-day window"
                : "no upsell or cross-sell opportunity opened within " + windowDays + " days after it");
        return new GrowthSignal(event.eventId(), event.type(), event.at(), sentence);
    }
}
