package com.accounthealth.healthscore.config;

import com.accounthealth.healthscore.domain.HealthModel;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

import java.util.Set;

/**
 * The health model in force. Model v1's numbers are {@link HealthModel#defaults()}; the weights, the status
 * thresholds and the capability catalogue are configuration here.
 */
public class HealthModelProducer {

    @ConfigMapping(prefix = "health.model")
    public interface ModelConfig {
        @WithDefault("v1")
        String version();

        Weights weights();

        Status status();

        /** The capabilities we offer; a competitor offering one that is not here is a gap. */
        Set<String> capabilities();

        interface Weights {
            @WithDefault("25")
            int satisfaction();

            @WithDefault("20")
            int engagement();

            @WithDefault("15")
            int relationships();

            @WithDefault("15")
            int competition();

            @WithDefault("15")
            int commercial();

            @WithDefault("10")
            int support();
        }

        interface Status {
            @WithDefault("70")
            int healthyFrom();

            @WithDefault("50")
            int watchFrom();

            @WithDefault("60")
            int leaveAtRiskFrom();
        }
    }

    @Produces
    @Singleton
    HealthModel model(ModelConfig config) {
        HealthModel d = HealthModel.defaults();
        ModelConfig.Weights w = config.weights();
        ModelConfig.Status s = config.status();
        return new HealthModel(config.version(),
                new HealthModel.Weights(w.satisfaction(), w.engagement(), w.relationships(), w.competition(),
                        w.commercial(), w.support()),
                d.satisfaction(), d.engagement(), d.relationships(), d.competition(), d.commercial(), d.support(),
                new HealthModel.Status(s.healthyFrom(), s.watchFrom(), s.leaveAtRiskFrom()),
                d.critical(), d.growthSignals(), Set.copyOf(config.capabilities()));
    }
}
