package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.eventstore.WeighedCache;
import com.accounthealth.healthscore.domain.AccountFacts;
import com.github.benmanes.caffeine.cache.Cache;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The facts of the accounts a batch touches, so that applying an event costs the event, not the account's history.
 * Each account's fold is stored as a row (see {@link AccountFolds}), written in the batch's transaction once it holds
 * {@code writeEvery} events more than its row; an account this consumer does not hold in memory (after a restart, a
 * rebalance, on a new replica, or evicted) is resumed from its row and the inbox events after it. Memory is a
 * shortcut only: a kept fold is used when its event count plus the batch's new events equals the inbox's count and
 * the new events come after those it applied, and a row when its count plus the events after it does; otherwise the
 * account is folded from its whole inbox. One per ingest consumer, used by its thread only.
 * <p>
 * What is kept in memory is bounded twice (a {@link WeighedCache}: Caffeine picks what leaves): by accounts, and by
 * the events their folds hold (about 235 bytes of heap each), since one account with a long history weighs as much
 * as hundreds of new ones.
 */
public class IngestFacts {

    /** A fold, how many inbox events it holds, and how many its stored row holds (0: none). */
    private record Kept(FactsFromEvents.Incremental fold, long events, long written) {
    }

    private final Inbox inbox;
    private final AccountFolds stored;
    private final int writeEvery;
    private final Cache<UUID, Kept> kept;
    private Map<UUID, Long> inboxCounts = Map.of();
    private Map<UUID, Kept> resumed = Map.of();
    private final Map<UUID, AccountFolds.Unwritten> toWrite = new HashMap<>();
    /** Accounts resumed from their stored row, and folded from their whole inbox, since this was made. */
    private long resumedFromRows;
    private long foldedWhole;

    IngestFacts(Inbox inbox, AccountFolds stored, int writeEvery, int maxAccounts, long maxEvents) {
        this.inbox = inbox;
        this.stored = stored;
        this.writeEvery = writeEvery;
        this.kept = WeighedCache.of(maxAccounts, maxEvents, k -> (int) Math.min(Integer.MAX_VALUE, k.events()));
    }

    /**
     * Reads, in one query, how many inbox events each account of the batch has now (its new ones included); then,
     * for the accounts that had events before this batch and whose kept fold cannot be brought up to date (not kept,
     * or stale), their stored rows and the inbox events after them (two queries), and the whole inbox of those whose
     * row is missing or does not add up (one more).
     *
     * @param fresh per account, the events this batch stored in the inbox
     */
    public void beginBatch(Map<UUID, List<UUID>> fresh) {
        toWrite.clear();
        inboxCounts = inbox.countsOf(fresh.keySet());
        List<UUID> behind = new ArrayList<>();
        fresh.forEach((account, events) -> {
            long count = inboxCounts.getOrDefault(account, -1L);
            Kept k = kept.getIfPresent(account);
            boolean upToDate = k != null && count == k.events() + events.size();
            if (!upToDate && count != events.size()) {
                behind.add(account);
            }
        });
        Map<UUID, Kept> folds = new HashMap<>();
        if (!behind.isEmpty()) {
            Map<UUID, AccountFolds.Stored> rows = stored.read(behind);
            Map<UUID, Long> after = new HashMap<>();
            rows.forEach((account, row) -> after.put(account, row.throughSeq()));
            Map<UUID, List<Inbox.Event>> later = new HashMap<>();
            if (!after.isEmpty()) {
                inbox.eventsAfter(after, later::put);
            }
            rows.forEach((account, row) -> {
                List<Inbox.Event> tail = later.getOrDefault(account, List.of());
                long count = inboxCounts.getOrDefault(account, -1L);
                if (row.events() + tail.size() == count && row.fold().applyLater(tail)) {
                    folds.put(account, new Kept(row.fold(), count, row.events()));
                    resumedFromRows++;
                }
            });
            List<UUID> whole = behind.stream().filter(account -> !folds.containsKey(account)).toList();
            if (!whole.isEmpty()) {
                foldedWhole += whole.size();
                inbox.eventsOf(whole, (account, events) -> folds.put(account,
                        new Kept(FactsFromEvents.Incremental.of(account, events), events.size(), 0)));
            }
        }
        resumed = folds;
    }

    /** The account's facts with {@code fresh} (its events this batch stored in the inbox) applied. */
    public AccountFacts after(UUID accountId, List<Inbox.Event> fresh) {
        Kept k = kept.getIfPresent(accountId);
        long count = inboxCounts.getOrDefault(accountId, -1L);
        Kept next;
        if (k != null && count == k.events() + fresh.size() && k.fold().applyLater(fresh)) {
            next = new Kept(k.fold(), count, k.written());
        } else if (count == fresh.size()) {
            // All of the account's events are this batch's: a new account.
            next = new Kept(FactsFromEvents.Incremental.of(accountId, fresh), count, 0);
        } else if (resumed.containsKey(accountId)) {
            // Resumed or folded at the start of the batch, this batch's events included.
            next = resumed.remove(accountId);
        } else {
            // The new events came before some the kept fold had applied.
            List<Inbox.Event> all = inbox.eventsOf(accountId, null);
            foldedWhole++;
            next = new Kept(FactsFromEvents.Incremental.of(accountId, all), all.size(), 0);
        }
        if (next.events() - next.written() >= writeEvery) {
            toWrite.put(accountId, new AccountFolds.Unwritten(next.fold(), next.events()));
            next = new Kept(next.fold(), next.events(), next.events());
        }
        kept.put(accountId, next);
        return next.fold().facts();
    }

    /** Writes the folds that grew by {@code writeEvery} events or more in this batch, in its transaction. */
    public void endBatch() {
        stored.write(toWrite);
        toWrite.clear();
    }

    /** After a failed batch: nothing kept can be trusted. */
    public void forget() {
        kept.invalidateAll();
        resumed = Map.of();
        toWrite.clear();
    }

    /** The weight of the kept folds (their events, each at least the floor of {@link WeighedCache}), for tests. */
    long keptWeight() {
        return WeighedCache.weight(kept);
    }

    /** How many accounts were resumed from their stored row since this was made, for tests. */
    long resumedFromRows() {
        return resumedFromRows;
    }

    /** How many accounts were folded from their whole inbox since this was made, for tests. */
    long foldedWhole() {
        return foldedWhole;
    }

    /** How many accounts are kept, for tests. */
    long keptAccounts() {
        kept.cleanUp();
        return kept.estimatedSize();
    }
}
