package com.accounthealth.systemtests;

import com.accounthealth.client.account.AccountsApi;
import com.accounthealth.client.account.model.MoneyInput;
import com.accounthealth.client.account.model.OpenAccount;
import com.accounthealth.client.account.model.RecordFeedback;
import com.accounthealth.client.account.model.Tier;
import com.accounthealth.client.healthscore.AdministrationApi;
import com.accounthealth.client.healthscore.HealthApi;
import com.accounthealth.client.healthscore.ModelsApi;
import com.accounthealth.client.healthscore.model.Draft;
import com.accounthealth.client.healthscore.model.Health;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A model's activation seen by two health-score-service replicas, processes of their own on one database and one
 * consumer group: activated through one, in force on both at once, and every account's later events, whichever
 * replica's partitions they land on, are scored under it. Driven through the generated Java client.
 */
class ModelReplicasIT {

    private static final String ACCOUNTS = "account-service";
    private static final String HEALTH_A = "health-score-a";
    private static final String HEALTH_B = "health-score-b";

    @Test
    void anActivationThroughOneReplicaIsInForceOnBoth() throws Exception {
        try (Stack stack = new Stack(Path.of(System.getProperty("accounthealth.root", "..")).toAbsolutePath()
                .normalize())) {
            stack.start(ACCOUNTS, "account-service", Stack.ACCOUNTS_DB, Map.of());
            stack.start(HEALTH_A, "health-score-service", Stack.HEALTH_DB, Map.of());
            stack.start(HEALTH_B, "health-score-service", Stack.HEALTH_DB, Map.of());
            AccountsApi accounts = new AccountsApi(Clients.accountService(stack, ACCOUNTS));
            HealthApi healthOnB = new HealthApi(Clients.healthScoreService(stack, HEALTH_B));
            // Accounts spread over the partitions, so both replicas apply some of them.
            List<UUID> opened = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                opened.add(accounts.open(new OpenAccount().name("Replica " + i).tier(Tier.SMB)
                        .ownerId("ae-1").teamId("replica-team")
                        .arr(new MoneyInput().amount(BigDecimal.valueOf(9000)).currency("EUR")), null).getAccountId());
            }
            for (UUID account : opened) {
                accounts.recordFeedback(account, new RecordFeedback().grade(RecordFeedback.GradeEnum.D)
                        .question("Overall satisfaction"), null, null);
            }
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                for (UUID account : opened) {
                    assertThat(healthOnB.getAccountHealth(account, null, null, null).getScore()).isEqualTo(62);
                }
            });

            ModelsApi modelsOnA = new ModelsApi(Clients.healthScoreService(stack, HEALTH_A));
            modelsOnA.draft(new Draft().version("v2-replicas").description("Only satisfaction counts")
                    .derivedFrom("v1").changes(new ObjectMapper().readTree("""
                            {"weights":{"satisfaction":100,"engagement":0,"relationships":0,"competition":0,
                                        "commercial":0,"support":0}}""")));
            UUID job = modelsOnA.activate("v2-replicas").getJobId();
            // Both replicas say it is in force, and both share its re-score.
            for (String replica : List.of(HEALTH_A, HEALTH_B)) {
                assertThat(new ModelsApi(Clients.healthScoreService(stack, replica)).getModel("v2-replicas")
                        .getSummary().getActive()).as(replica).isTrue();
            }
            AdministrationApi administrationOnB = new AdministrationApi(Clients.healthScoreService(stack, HEALTH_B));
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(
                    administrationOnB.progress(job).getState()).isEqualTo("DONE"));

            // Every account's next event, on whichever replica applies it, is scored under the new model.
            for (UUID account : opened) {
                accounts.recordFeedback(account, new RecordFeedback().grade(RecordFeedback.GradeEnum.B)
                        .question("Support"), null, null);
            }
            HealthApi healthOnA = new HealthApi(Clients.healthScoreService(stack, HEALTH_A));
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                for (UUID account : opened) {
                    Health health = healthOnA.getAccountHealth(account, null, null, null);
                    // Latest grade per question averaged: D (0) and B (80): 40, satisfaction alone.
                    assertThat(health.getScore()).as(account.toString()).isEqualTo(40);
                    assertThat(health.getModelVersion()).isEqualTo("v2-replicas");
                }
            });
        }
    }
}
