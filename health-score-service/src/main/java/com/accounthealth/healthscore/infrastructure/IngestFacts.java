package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.eventstore.WeighedCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.accounthealth.healthscore.domain.AccountFacts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The facts of the accounts ingest touched lately, kept between batches so that a batch folds only its new events
 * instead of reading and parsing each account's whole inbox again (which made ingest quadratic in an account's
 * history). A kept fold is used only when it still matches the inbox: its event count plus the batch's new events
 * must equal the inbox's count (another replica, a rebalance or a failed batch makes them differ) and the new events
 * must come after those it applied; otherwise the account is folded from the inbox again. One per ingest consumer,
 * used by its thread only.
 * <p>
 * What is kept is bounded twice (a {@link WeighedCache}: Caffeine picks what leaves): by accounts, and by the events
 * their folds hold (about 235 bytes of heap each), since one account with a long history weighs as much as hundreds
 * of new ones.
 */
public class IngestFacts {

    private record Kept(FactsFromEvents.Incremental fold, long events) {
    }

    private final Inbox inbox;
    private final Cache<UUID, Kept> kept;
    private Map<UUID, Long> inboxCounts = Map.of();
    private Map<UUID, Kept> refolded = Map.of();

    IngestFacts(Inbox inbox, int maxAccounts, long maxEvents) {
        this.inbox = inbox;
        this.kept = WeighedCache.of(maxAccounts, maxEvents, k -> (int) Math.min(Integer.MAX_VALUE, k.events()));
    }

    /**
     * Reads, in one query, how many inbox events each account of the batch has now (its new ones included), and, in
     * one more, folds the whole inbox of the accounts whose kept fold cannot be brought up to date (not kept, or
     * stale) and that had events before this batch.
     *
     * @param fresh per account, the events this batch stored in the inbox
     */
    public void beginBatch(Map<UUID, List<UUID>> fresh) {
        inboxCounts = inbox.countsOf(fresh.keySet());
        List<UUID> toRead = new ArrayList<>();
        fresh.forEach((account, events) -> {
            long count = inboxCounts.getOrDefault(account, -1L);
            Kept k = kept.getIfPresent(account);
            boolean upToDate = k != null && count == k.events() + events.size();
            if (!upToDate && count != events.size()) {
                toRead.add(account);
            }
        });
        Map<UUID, Kept> folds = new HashMap<>();
        if (!toRead.isEmpty()) {
            inbox.eventsOf(toRead, (account, events) -> folds.put(account,
                    new Kept(FactsFromEvents.Incremental.of(account, events), events.size())));
        }
        refolded = folds;
    }

    /** The account's facts with {@code fresh} (its events this batch stored in the inbox) applied. */
    public AccountFacts after(UUID accountId, List<Inbox.Event> fresh) {
        Kept k = kept.getIfPresent(accountId);
        long count = inboxCounts.getOrDefault(accountId, -1L);
        if (k != null && count == k.events() + fresh.size() && k.fold().applyLater(fresh)) {
            kept.put(accountId, new Kept(k.fold(), count));
            return k.fold().facts();
        }
        // All of the account's events are this batch's (a new account), or its inbox was folded at the start of the
        // batch (or is now, if the new events came before some the kept fold had applied).
        Kept folded;
        if (count == fresh.size()) {
            folded = new Kept(FactsFromEvents.Incremental.of(accountId, fresh), count);
        } else if (refolded.containsKey(accountId)) {
            folded = refolded.remove(accountId);
        } else {
            List<Inbox.Event> all = inbox.eventsOf(accountId, null);
            folded = new Kept(FactsFromEvents.Incremental.of(accountId, all), all.size());
        }
        kept.put(accountId, folded);
        return folded.fold().facts();
    }

    /** After a failed batch: nothing kept can be trusted. */
    public void forget() {
        kept.invalidateAll();
        refolded = Map.of();
    }

    /** The weight of the kept folds (their events, each at least the floor of {@link WeighedCache}), for tests. */
    long keptWeight() {
        return WeighedCache.weight(kept);
    }

    /** How many accounts are kept, for tests. */
    long keptAccounts() {
        kept.cleanUp();
        return kept.estimatedSize();
    }
}
