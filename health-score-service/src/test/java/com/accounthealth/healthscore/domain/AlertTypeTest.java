package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.Health.HealthStatus;
import org.junit.jupiter.api.Test;

import static com.accounthealth.healthscore.domain.Health.HealthStatus.AT_RISK;
import static com.accounthealth.healthscore.domain.Health.HealthStatus.CHURNED;
import static com.accounthealth.healthscore.domain.Health.HealthStatus.HEALTHY;
import static com.accounthealth.healthscore.domain.Health.HealthStatus.WATCH;
import static org.assertj.core.api.Assertions.assertThat;

class AlertTypeTest {

    @Test
    void enteringAtRiskFromAnyOtherStatusOrAtTheFirstEvaluationRaisesAccountAtRisk() {
        for (HealthStatus before : new HealthStatus[] {null, HEALTHY, WATCH, CHURNED}) {
            assertThat(AlertType.ofStatusChange(before, AT_RISK)).as("from " + before).contains(AlertType.ACCOUNT_AT_RISK);
        }
    }

    @Test
    void leavingAtRiskForHealthyOrWatchRaisesAccountRecoveredButChurningRaisesNothing() {
        assertThat(AlertType.ofStatusChange(AT_RISK, HEALTHY)).contains(AlertType.ACCOUNT_RECOVERED);
        assertThat(AlertType.ofStatusChange(AT_RISK, WATCH)).contains(AlertType.ACCOUNT_RECOVERED);
        assertThat(AlertType.ofStatusChange(AT_RISK, CHURNED)).isEmpty();
    }

    @Test
    void stayingInAStatusOrMovingBetweenTheOthersRaisesNothing() {
        assertThat(AlertType.ofStatusChange(AT_RISK, AT_RISK)).isEmpty();
        assertThat(AlertType.ofStatusChange(HEALTHY, WATCH)).isEmpty();
        assertThat(AlertType.ofStatusChange(WATCH, HEALTHY)).isEmpty();
        assertThat(AlertType.ofStatusChange(null, HEALTHY)).isEmpty();
        assertThat(AlertType.ofStatusChange(WATCH, CHURNED)).isEmpty();
    }
}
