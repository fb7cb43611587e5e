package com.accounthealth.account;

import com.accounthealth.account.domain.Account;
import com.accounthealth.account.infrastructure.AccountRepository;
import com.accounthealth.contract.account.AccountEvent;
import com.accounthealth.eventstore.CommandMetadata;
import com.accounthealth.eventstore.ConcurrencyConflict;
import com.accounthealth.eventstore.EventCodec;
import com.accounthealth.eventstore.EventStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static com.accounthealth.account.AccountApiTest.api;
import static com.accounthealth.account.AccountApiTest.openAccount;
import static com.accounthealth.account.AccountApiTest.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

/**
 * A command starts from the account this instance kept after its last command and reads only the events appended
 * since. What another replica appended meanwhile is seen, an append that lost the race is refused and leaves the
 * account uncached, and so does any failed command. "Another replica" appends straight to the event store, past this
 * instance's cache, as a second process would.
 */
@QuarkusTest
class AccountsKeptBetweenCommandsTest {

    @Inject
    EventStore store;
    @Inject
    AccountRepository accounts;
    @Inject
    ObjectMapper json;
    @Inject
    MeterRegistry meters;

    @Test
    void aCommandSeesWhatAnotherReplicaAppendedSinceTheAccountWasKept() {
        String id = openAccount();
        post(id, "/teams", "{\"name\":\"Finance\"}").then().statusCode(201).header("ETag", "\"2\"");
        UUID legal = UUID.randomUUID();
        appendAsAnotherReplica(UUID.fromString(id), 2, new AccountEvent.ClientTeamMapped(legal, "Legal"));

        double kept = loads("kept");
        // The kept account (version 2) never heard of Legal: only catching up with version 3 makes this valid.
        post(id, "/contacts", """
                {"name":"Grace Hopper","title":"General Counsel","clientTeamId":"%s","role":"DECISION_MAKER"}"""
                .formatted(legal)).then().statusCode(201).header("ETag", "\"4\"");
        assertThat(loads("kept")).isEqualTo(kept + 1);

        api().header("If-Match", "\"3\"").body("{\"grade\":\"A\",\"question\":\"q\"}")
                .post("/api/v1/accounts/" + id + "/feedback")
                .then().statusCode(409).body("currentVersion", equalTo(4));
    }

    @Test
    void anAppendThatLostTheRaceToAnotherReplicaIsRefusedAndTheAccountIsFoldedAgain() {
        String id = openAccount();
        UUID accountId = UUID.fromString(id);
        UUID finance = UUID.randomUUID();

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            Account account = accounts.loadForChange(accountId);
            assertThat(account.version()).isEqualTo(1);
            // Between this command's read and its append, another replica extends the stream.
            appendAsAnotherReplica(accountId, 1, new AccountEvent.ClientTeamMapped(UUID.randomUUID(), "IT"));
            AccountEvent event = account.mapClientTeam(finance, "Finance");
            account.apply(new Account.Recorded(event, Instant.now()));
            accounts.save(accountId, 1, event, Instant.now(), new CommandMetadata("crm-sync", "race"), account);
        })).isInstanceOf(ConcurrencyConflict.class);

        double folded = loads("folded");
        post(id, "/teams", "{\"name\":\"Finance\"}").then().statusCode(201).header("ETag", "\"3\"");
        assertThat(loads("folded")).as("the refused command's account was not kept").isEqualTo(folded + 1);
        api().get("/api/v1/accounts/" + id + "/events").then().statusCode(200)
                .body("type", equalTo(List.of("AccountOpened", "ClientTeamMapped", "ClientTeamMapped")))
                .body("data.name[1]", equalTo("IT")).body("data.name[2]", equalTo("Finance"));
    }

    @Test
    void aFailedCommandLeavesTheAccountUncachedAndTheNextOneKeepsItAgain() {
        String id = openAccount();
        post(id, "/support-issues/" + UUID.randomUUID() + "/resolution", "{}").then().statusCode(409);

        double folded = loads("folded");
        double kept = loads("kept");
        post(id, "/feedback", "{\"grade\":\"B\",\"question\":\"q\"}").then().statusCode(201).header("ETag", "\"2\"");
        assertThat(loads("folded")).isEqualTo(folded + 1);
        post(id, "/feedback", "{\"grade\":\"A\",\"question\":\"q\"}").then().statusCode(201).header("ETag", "\"3\"");
        assertThat(loads("kept")).isEqualTo(kept + 1);
    }

    private void appendAsAnotherReplica(UUID accountId, int expectedVersion, AccountEvent event) {
        EventCodec<AccountEvent> codec = new EventCodec<>(json, AccountEvent.types(), AccountEvent.SCHEMA_VERSION);
        QuarkusTransaction.requiringNew().run(() -> store.append(accountId, AccountRepository.STREAM_TYPE,
                expectedVersion, List.of(codec.toNewEvent(event, Instant.now())), new CommandMetadata("replica-2", "r2")));
    }

    private double loads(String outcome) {
        return meters.get("event.store.aggregate.loads").tags("stream_type", AccountRepository.STREAM_TYPE,
                "outcome", outcome).counter().count();
    }
}
