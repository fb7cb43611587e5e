package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.healthscore.domain.Health;
import com.accounthealth.healthscore.domain.Health.HealthStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The copy of an account's health kept in memory is used only while its revision is the stored one. */
@QuarkusTest
class HealthRecordsTest {

    @Inject
    HealthRecords records;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    private final UUID account = UUID.randomUUID();

    @Test
    void aHealthSavedElsewhereIsReadNotTheCopyKeptHere() throws Exception {
        save(health(80, HealthStatus.HEALTHY));
        assertThat(records.currentOf(List.of(account)).get(account).score()).isEqualTo(80);

        // Another replica saves the account's health (as its time round or a rebalance would).
        Health elsewhere = health(40, HealthStatus.AT_RISK);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE account_health SET health = ?::json, score = 40, "
                     + "status = 'AT_RISK', revision = nextval('account_health_revision') WHERE account_id = ?")) {
            ps.setString(1, json.writeValueAsString(elsewhere));
            ps.setObject(2, account);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }

        assertThat(records.currentOf(List.of(account)).get(account)).isEqualTo(elsewhere);
    }

    @Test
    void aSaveThatRolledBackIsNotTakenForTheStoredHealth() {
        Health stored = health(80, HealthStatus.HEALTHY);
        save(stored);

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            records.saveAll(List.of(scored(health(30, HealthStatus.AT_RISK))));
            throw new IllegalStateException("the batch failed after the save");
        })).hasMessageContaining("the batch failed");

        assertThat(records.currentOf(List.of(account)).get(account)).isEqualTo(stored);
    }

    private void save(Health health) {
        QuarkusTransaction.requiringNew().run(() -> records.saveAll(List.of(scored(health))));
    }

    private HealthRecords.Scored scored(Health health) {
        return new HealthRecords.Scored(health, FactsFromEvents.fold(account, List.of()));
    }

    private Health health(int score, HealthStatus status) {
        return new Health(account, "v1", Instant.now().truncatedTo(ChronoUnit.MILLIS), score, status, List.of(),
                List.of(), 1.0);
    }
}
