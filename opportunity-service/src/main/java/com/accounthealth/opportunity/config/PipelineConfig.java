package com.accounthealth.opportunity.config;

import com.accounthealth.contract.opportunity.Stage;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

@ConfigMapping(prefix = "pipeline")
public interface PipelineConfig {

    /** The chance a deal at each open stage closes won: weighted value = amount x probability. */
    Map<Stage, BigDecimal> stageProbability();

    /** Deals closed within this window before now count in the win rate. */
    @WithDefault("365d")
    Duration winRateWindow();
}
