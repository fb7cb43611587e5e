package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.eventstore.CloudEvents;
import com.accounthealth.healthscore.domain.AccountFacts;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The folds ingest keeps between batches stay within their bound in events as well as accounts; an account that had to
 * leave memory (or one a new instance meets) is resumed from its stored fold and the few events after it, and folded
 * from its whole inbox when it has no stored fold or one that does not add up.
 */
@QuarkusTest
class IngestFactsTest {

    @Inject
    Inbox inbox;

    @Inject
    ObjectMapper json;

    @Inject
    AccountFolds folds;

    @Inject
    DataSource dataSource;

    /** For the tests of the memory bounds: no fold is written, so every account that leaves is folded whole. */
    private static final int NEVER_WRITTEN = 1_000_000;

    private final Map<UUID, Integer> versions = new HashMap<>();
    private long offset;

    @Test
    void keptFoldsHoldNoMoreEventsThanTheirBoundAndAForgottenAccountIsFoldedWhole() {
        IngestFacts facts = new IngestFacts(inbox, folds, NEVER_WRITTEN, 100, 10);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();

        assertThat(batch(facts, first, 6).feedback()).hasSize(6);
        assertThat(facts.keptWeight()).isEqualTo(6);
        assertThat(batch(facts, second, 6).feedback()).hasSize(6);
        assertThat(facts.keptWeight()).as("one of the two left to make room").isEqualTo(6);
        assertThat(facts.keptAccounts()).isEqualTo(1);

        // Whichever left is read from the inbox again, whole, at its next event.
        assertThat(batch(facts, first, 1).feedback()).hasSize(7);
        assertThat(facts.keptWeight()).isLessThanOrEqualTo(10);
        assertThat(batch(facts, second, 2).feedback()).hasSize(8);
        assertThat(facts.keptWeight()).isLessThanOrEqualTo(10);
    }

    @Test
    void anAccountWithMoreEventsThanTheBoundIsScoredButNotKept() {
        IngestFacts facts = new IngestFacts(inbox, folds, NEVER_WRITTEN, 100, 10);
        UUID small = UUID.randomUUID();
        UUID large = UUID.randomUUID();
        batch(facts, small, 3);

        assertThat(batch(facts, large, 12).feedback()).hasSize(12);
        assertThat(facts.keptWeight()).isLessThanOrEqualTo(3);
        assertThat(batch(facts, large, 1).feedback()).hasSize(13);
        assertThat(facts.keptWeight()).isLessThanOrEqualTo(3);
    }

    @Test
    void keptFoldsHoldNoMoreAccountsThanTheirBound() {
        IngestFacts facts = new IngestFacts(inbox, folds, NEVER_WRITTEN, 2, 1_000);
        List<UUID> accounts = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        for (UUID account : accounts) {
            batch(facts, account, 2);
        }
        assertThat(facts.keptAccounts()).isEqualTo(2);
        for (UUID account : accounts) {
            assertThat(batch(facts, account, 1).feedback()).hasSize(3);
        }
        assertThat(facts.keptAccounts()).isLessThanOrEqualTo(2);
    }

    @Test
    void anAccountNotInMemoryIsResumedFromItsStoredFoldAndTheEventsAfterIt() {
        UUID account = UUID.randomUUID();
        IngestFacts before = new IngestFacts(inbox, folds, 4, 100, 1_000);
        batch(before, account, 10); // 10 events: the fold is written
        batch(before, account, 1);
        batch(before, account, 2); // 13 events, 3 after the stored fold: not written again yet

        IngestFacts restarted = new IngestFacts(inbox, folds, 4, 100, 1_000);
        AccountFacts facts = batch(restarted, account, 1);

        assertThat(facts.feedback()).hasSize(14);
        assertThat(facts.feedback()).extracting(AccountFacts.Feedback::question).doesNotHaveDuplicates();
        assertThat(restarted.resumedFromRows()).isEqualTo(1);
        assertThat(restarted.foldedWhole()).isZero();
        assertThat(storedEvents(account)).as("4 events after the stored fold: written again").isEqualTo(14);
    }

    @Test
    void aStoredFoldThatDoesNotAddUpIsNotUsed() {
        UUID account = UUID.randomUUID();
        batch(new IngestFacts(inbox, folds, 4, 100, 1_000), account, 5);
        // As if an event of another transaction had been counted in the fold without being in it.
        update("UPDATE account_fold SET events = events - 1 WHERE account_id = ?", account);

        IngestFacts other = new IngestFacts(inbox, folds, 4, 100, 1_000);
        assertThat(batch(other, account, 1).feedback()).hasSize(6);
        assertThat(other.resumedFromRows()).isZero();
        assertThat(other.foldedWhole()).isEqualTo(1);
        assertThat(storedEvents(account)).as("written again from the whole inbox").isEqualTo(6);
    }

    @Test
    void aStoredFoldOfAnotherFormatIsIgnoredAndReplaced() {
        UUID account = UUID.randomUUID();
        batch(new IngestFacts(inbox, folds, 4, 100, 1_000), account, 5);
        update("UPDATE account_fold SET format = 'fold-0/old', facts = '{}' WHERE account_id = ?", account);

        IngestFacts other = new IngestFacts(inbox, folds, 4, 100, 1_000);
        assertThat(batch(other, account, 1).feedback()).hasSize(6);
        assertThat(other.foldedWhole()).isEqualTo(1);
        assertThat(storedFormat(account)).isEqualTo(AccountFolds.FORMAT);
    }

    private void update(String sql, UUID account) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, account);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int storedEvents(UUID account) {
        return Integer.parseInt(stored(account, "events"));
    }

    private String storedFormat(UUID account) {
        return stored(account, "format");
    }

    private String stored(UUID account, String column) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + column + "::text FROM account_fold WHERE account_id = ?")) {
            ps.setObject(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a stored fold").isTrue();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores {@code events} new feedback events of the account and applies them as one ingest batch does. */
    private AccountFacts batch(IngestFacts facts, UUID account, int events) {
        List<Inbox.Arrival> arrivals = new ArrayList<>();
        Map<UUID, Inbox.Event> decoded = new HashMap<>();
        for (int i = 0; i < events; i++) {
            int version = versions.merge(account, 1, Integer::sum);
            UUID eventId = UUID.randomUUID();
            String cloudEvent = """
                    {"specversion":"1.0","id":"%s","source":"/account-service",
                     "type":"com.accounthealth.account.FeedbackReceived.v1",
                     "subject":"%s","time":"2026-04-10T08:15:30Z","streamid":"%s","streamversion":%d,
                     "data":{"grade":"B","question":"Question %d"}}""".formatted(eventId, account, account, version, version);
            arrivals.add(new Inbox.Arrival(eventId, account, "feedback-events",
                    "com.accounthealth.account.FeedbackReceived.v1", Instant.parse("2026-04-10T08:15:30Z"), 0,
                    offset++, cloudEvent));
            try {
                decoded.put(eventId, Inbox.Event.of(CloudEvents.read(json.readTree(cloudEvent))));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<UUID, List<UUID>> stored = inbox.store(arrivals);
            facts.beginBatch(stored);
            AccountFacts after = facts.after(account, stored.get(account).stream().map(decoded::get).toList());
            facts.endBatch();
            return after;
        });
    }
}
