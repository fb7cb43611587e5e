package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static com.accounthealth.healthscore.domain.TestFacts.MODEL;
import static com.accounthealth.healthscore.domain.TestFacts.NOW;
import static com.accounthealth.healthscore.domain.TestFacts.account;
import static org.assertj.core.api.Assertions.assertThat;

/** Satisfaction, model v1: latest grade per question in 180 days, averaged; A band 100, B+ 90, B 80, below B 0. */
class SatisfactionTest {

    private static Health.ComponentScore score(TestFacts.Builder facts) {
        return Satisfaction.score(facts.build(), NOW, MODEL);
    }

    @Test
    void noFeedbackMeansNoData() {
        Health.ComponentScore satisfaction = score(account(Tier.ENTERPRISE));

        assertThat(satisfaction.component()).isEqualTo("satisfaction");
        assertThat(satisfaction.score()).isNull();
        assertThat(satisfaction.weight()).isEqualTo(25);
        assertThat(satisfaction.reasons()).extracting(Health.Reason::points).containsExactly(0);
    }

    @Test
    void feedbackCountsUpTo180DaysBackAndNotAt181() {
        assertThat(score(account(Tier.SMB).feedback("Overall", "B", 180)).score()).isEqualTo(80);
        assertThat(score(account(Tier.SMB).feedback("Overall", "B", 181)).score()).isNull();
    }

    @ParameterizedTest(name = "{0} scores {1}")
    @CsvSource({"A+,100", "A,100", "A-,100", "B+,90", "B,80", "B-,0", "C+,0", "C,0", "D,0", "F,0"})
    void eachGradeEarnsTheModelsPoints(String grade, int points) {
        Health.ComponentScore satisfaction = score(account(Tier.SMB).feedback("Overall", grade, 5));

        assertThat(satisfaction.score()).isEqualTo(points);
        Health.Reason reason = satisfaction.reasons().getFirst();
        assertThat(reason.points()).isEqualTo(points - 100);
        assertThat(reason.sentence()).contains("was " + grade).contains(points + " points");
    }

    @Test
    void bIs80ButBMinusIsReallyAnF() {
        TestFacts.Builder b = account(Tier.SMB).feedback("Value for money", "B", 5);
        Health.ComponentScore gradeB = score(b);
        TestFacts.Builder bMinus = account(Tier.SMB).feedback("Value for money", "B-", 5);
        Health.ComponentScore gradeBMinus = score(bMinus);

        assertThat(gradeB.score()).isEqualTo(80);
        assertThat(gradeB.reasons().getFirst().rule()).isEqualTo("LatestGrade");
        assertThat(gradeB.reasons().getFirst().sentence()).doesNotContain("really an F");
        assertThat(gradeBMinus.score()).isZero();
        assertThat(gradeBMinus.reasons().getFirst()).isEqualTo(new Health.Reason("GradeBelowB",
                "Latest answer to 'Value for money' was B- (really an F): 0 points", -100,
                java.util.List.of(bMinus.lastEvent())));
    }

    @Test
    void onlyTheLatestAnswerToAQuestionCounts() {
        assertThat(score(account(Tier.SMB).feedback("Overall", "A", 100).feedback("Overall", "C", 10)).score())
                .isZero();
        assertThat(score(account(Tier.SMB).feedback("Overall", "A", 10).feedback("Overall", "C", 100)).score())
                .isEqualTo(100);
    }

    @Test
    void questionsAreAveragedAndEachReasonCarriesItsShareOfTheCost() {
        TestFacts.Builder facts = account(Tier.SMB).feedback("Onboarding", "A", 30).feedback("Support", "B+", 20)
                .feedback("Value for money", "C", 10);
        java.util.UUID valueForMoney = facts.lastEvent();

        Health.ComponentScore satisfaction = score(facts);

        // (100 + 90 + 0) / 3 = 63.3
        assertThat(satisfaction.score()).isEqualTo(63);
        assertThat(satisfaction.reasons()).extracting(Health.Reason::points).containsExactly(0, -3, -33);
        assertThat(satisfaction.reasons().get(2).sentence())
                .isEqualTo("Latest answer to 'Value for money' was C (really an F): 0 points");
        assertThat(satisfaction.reasons().get(2).eventIds()).containsExactly(valueForMoney);
    }

    @Test
    void theAverageRoundsHalfUpAndEveryNumberComesFromTheModel() {
        HealthModel model = new HealthModel(MODEL.version(), MODEL.weights(), new HealthModel.Satisfaction(30, 100, 90,
                85, 10), MODEL.engagement(), MODEL.relationships(), MODEL.competition(), MODEL.commercial(),
                MODEL.support(), MODEL.status(), MODEL.critical(), MODEL.growthSignals(), MODEL.newAccount(),
                MODEL.capabilityCatalogue());

        // (100 + 85) / 2 = 92.5
        assertThat(Satisfaction.score(account(Tier.SMB).feedback("Overall", "A", 5).feedback("Value", "B", 5).build(),
                NOW, model).score()).isEqualTo(93);
        // below B earns the model's 10; the 30-day window leaves out the 31-day-old A
        assertThat(Satisfaction.score(account(Tier.SMB).feedback("Overall", "A", 31).feedback("Value", "D", 30)
                .build(), NOW, model).score()).isEqualTo(10);
    }
}
