package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.healthscore.domain.AccountFacts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What ingest needs of scoring: to score the accounts of a batch from the facts it brought up to date, in its
 * transaction. Ingest depends on this, not on the use case that implements it, so infrastructure never imports
 * application (which imports infrastructure's stores).
 */
public interface BatchScoring {

    /**
     * @param causes per account, the ids of the events that triggered the evaluation
     * @param news   false for an account being replayed (its alerts were announced before)
     * @return how many accounts changed score or status
     */
    int rescore(Map<UUID, List<UUID>> causes, Instant now, Function<UUID, AccountFacts> factsOf, Predicate<UUID> news);
}
