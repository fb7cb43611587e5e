package com.accounthealth.account.application;

import com.accounthealth.account.application.AccountChanges.Change;
import com.accounthealth.account.domain.Account;
import com.accounthealth.account.infrastructure.AccountRepository;
import com.accounthealth.contract.account.AccountEvent;
import com.accounthealth.eventstore.CommandMetadata;
import com.accounthealth.eventstore.EventSourcedRepository.Decided;
import com.accounthealth.kernel.RuleViolation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A chunk of a bulk import in one transaction: each account's facts are decided in line order on the account as it
 * is, and appended in one batch with their outbox records and one update of the account's row. A fact the account
 * refuses is that line's answer and leaves the others alone. Every event is marked as backfill: history, which
 * health-score applies without alerting anyone.
 */
@ApplicationScoped
public class ImportingFacts {

    private static final Logger LOG = Logger.getLogger(ImportingFacts.class);

    /**
     * One line's command.
     *
     * @param opens      whether it opens the account (the only command an account that does not exist yet accepts)
     * @param newContact the id the line chose for a contact it adds, or null: it must be new on every account, since a
     *                   contact's personal data is sealed under a key named by that id alone
     */
    public record Fact(UUID accountId, Instant occurredAt, boolean opens, UUID newContact,
                       Function<Account, AccountEvent> decide) {
    }

    /** What a fact came to: the change it made, or why the account refused it. */
    public record Outcome(Change change, RuntimeException refused) {
    }

    private final AccountRepository accounts;
    private final PersonalFields personalFields;

    public ImportingFacts(AccountRepository accounts, PersonalFields personalFields) {
        this.accounts = accounts;
        this.personalFields = personalFields;
    }

    /**
     * @param visible      whether the caller may see an account (its token's teams)
     * @param beforeCommit given the outcomes, in the transaction: keeps their answers for the lines' idempotency keys
     * @return an outcome per fact, in order
     */
    @Transactional
    public List<Outcome> apply(List<Fact> facts, CommandMetadata metadata, Predicate<Account> visible,
                               Consumer<List<Outcome>> beforeCommit) {
        List<Outcome> outcomes = accounts.appendBatch(facts, Fact::accountId, (account, fact) ->
                        decide(account, fact, visible), metadata.asBackfill()).stream()
                .map(o -> o.refused() != null ? new Outcome(null, o.refused()) : new Outcome(new Change(
                        o.stored().streamId(), o.stored().version(), o.stored()), null))
                .toList();
        beforeCommit.accept(outcomes);
        LOG.debugf("Imported %d of %d facts by %s", outcomes.stream().filter(o -> o.change() != null).count(),
                facts.size(), metadata.actor());
        return outcomes;
    }

    private Decided<AccountEvent> decide(Account account, Fact fact, Predicate<Account> visible) {
        if (account.exists() ? !visible.test(account) : !fact.opens()) {
            throw new RuleViolation(RuleViolation.Kind.NOT_FOUND, null, "No account " + fact.accountId());
        }
        if (fact.newContact() != null && personalFields.knownContact(fact.newContact())) {
            throw new RuleViolation(RuleViolation.Kind.CONFLICT, "id", "Contact id " + fact.newContact()
                    + " is taken; choose a new one");
        }
        return new Decided<>(personalFields.sealed(fact.decide().apply(account), fact.accountId(), fact.occurredAt()),
                fact.occurredAt());
    }
}
