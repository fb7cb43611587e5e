package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.healthscore.domain.AccountFacts;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The facts of the accounts ingest touched lately, kept between batches so that a batch folds only its new events
 * instead of reading and parsing each account's whole inbox again (which made ingest quadratic in an account's
 * history). A kept fold is used only when it still matches the inbox: its event count plus the batch's new events
 * must equal the inbox's count (another replica, a rebalance or a failed batch makes them differ) and the new events
 * must come after those it applied; otherwise the account is folded from the inbox again. One per ingest consumer,
 * used by its thread only; the least recently used accounts are forgotten first.
 */
public class IngestFacts {

    private record Kept(FactsFromEvents.Incremental fold, long events) {
    }

    private final Inbox inbox;
    private final Map<UUID, Kept> kept;
    private Map<UUID, Long> inboxCounts = Map.of();

    IngestFacts(Inbox inbox, int capacity) {
        this.inbox = inbox;
        this.kept = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Kept> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Reads, in one query, how many inbox events each account of the batch has now (its new ones included). */
    public void beginBatch(Collection<UUID> accounts) {
        inboxCounts = kept.isEmpty() ? Map.of() : inbox.countsOf(accounts);
    }

    /** The account's facts with {@code fresh} (its events this batch stored in the inbox) applied. */
    public AccountFacts after(UUID accountId, List<JsonNode> fresh) {
        Kept k = kept.get(accountId);
        long expected = k == null ? -1 : k.events() + fresh.size();
        if (k != null && inboxCounts.getOrDefault(accountId, -1L) == expected && k.fold().applyLater(fresh)) {
            kept.put(accountId, new Kept(k.fold(), expected));
            return k.fold().facts();
        }
        List<JsonNode> all = inbox.eventsOf(accountId, null);
        FactsFromEvents.Incremental fold = FactsFromEvents.Incremental.of(accountId, all);
        kept.put(accountId, new Kept(fold, all.size()));
        return fold.facts();
    }

    /** After a failed batch: nothing kept can be trusted. */
    public void forget() {
        kept.clear();
    }
}
