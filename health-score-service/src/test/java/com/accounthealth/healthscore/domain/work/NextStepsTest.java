package com.accounthealth.healthscore.domain.work;

import com.accounthealth.healthscore.domain.AccountFacts.ClientEventType;
import com.accounthealth.healthscore.domain.GrowthSignals;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class NextStepsTest {

    /** Rules that never cost points, so no next step is owed for them. */
    private static final Set<String> NOTHING_TO_DO = Set.of("NoData");

    @Test
    void everyRuleThatCanCostPointsHasANextStep() throws IOException {
        Set<String> rules = new TreeSet<>();
        Pattern named = Pattern.compile("(?:Reason|CriticalSignal)\\(\\s*(?:[a-zA-Z]+ \\? )?\"([A-Za-z]+)\"(?: : \"([A-Za-z]+)\")?");
        try (Stream<Path> sources = Files.list(Path.of("src/main/java/com/accounthealth/healthscore/domain"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = named.matcher(Files.readString(source));
                while (m.find()) {
                    rules.add(m.group(1));
                    if (m.group(2) != null) {
                        rules.add(m.group(2));
                    }
                }
            }
        }
        rules.removeAll(NOTHING_TO_DO);
        assertThat(rules).as("rules found in the domain's sources").contains("BusinessReviewOverdue", "ChampionLeft",
                "CapabilityWeLack", "GradeBelowB", "TeamCoverage");
        assertThat(rules).allSatisfy(rule -> assertThat(NextSteps.forRule(rule)).as(rule).isPresent());
    }

    @Test
    void everyGrowthSignalHasANextStep() {
        for (ClientEventType type : ClientEventType.values()) {
            if (GrowthSignals.isGrowth(type)) {
                assertThat(NextSteps.forRule(type.name())).as(type.name()).isPresent();
            }
        }
    }

    @Test
    void stepsComeOnceEachInTheRulesOrderAndUnknownRulesAreLeftOut() {
        assertThat(NextSteps.forRules(List.of("ChampionLeft", "Unknown", "BusinessReviewOverdue", "ChampionLeft")))
                .extracting(NextSteps.NextStep::rule).containsExactly("ChampionLeft", "BusinessReviewOverdue");
        assertThat(NextSteps.forRule("BusinessReviewOverdue")).get().asString().contains("business review");
    }
}
