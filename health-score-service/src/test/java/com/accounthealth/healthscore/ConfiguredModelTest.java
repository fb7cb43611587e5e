package com.accounthealth.healthscore;

import com.accounthealth.healthscore.domain.HealthModel;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static com.accounthealth.healthscore.Callers.healthReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;

/** application.properties holds model v1 exactly as the unit-tested defaults (docs/health-model.md) define it. */
@QuarkusTest
class ConfiguredModelTest {

    @Inject
    HealthModel model;

    @Test
    void theConfiguredModelIsModelVersionOne() {
        assertThat(model).isEqualTo(HealthModel.defaults());
        healthReader().get("/api/v1/capabilities").then().statusCode(200)
                .body("$", contains("forecasting", "integrations", "mobile-app", "reporting", "sso"));
    }
}
