package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.Tier;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.accounthealth.healthscore.domain.AccountFacts.ContactRole.CHAMPION;
import static com.accounthealth.healthscore.domain.AccountFacts.ContactRole.DECISION_MAKER;
import static com.accounthealth.healthscore.domain.AccountFacts.ContactRole.INFLUENCER;
import static com.accounthealth.healthscore.domain.AccountFacts.InteractionType.CALL;
import static com.accounthealth.healthscore.domain.AccountFacts.InteractionType.MEETING;
import static com.accounthealth.healthscore.domain.TestFacts.MODEL;
import static com.accounthealth.healthscore.domain.TestFacts.NOW;
import static com.accounthealth.healthscore.domain.TestFacts.account;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Relationships, model v1: share of known teams met in 90 days; -30 without a decision maker met in 90 days; -40
 * when a champion left and no other champion or decision maker was met since.
 */
class RelationshipsTest {

    private static Health.ComponentScore score(TestFacts.Builder facts) {
        return Relationships.score(facts.build(), NOW, MODEL);
    }

    private static List<Integer> points(Health.ComponentScore c, String rule) {
        return c.reasons().stream().filter(r -> r.rule().equals(rule)).map(Health.Reason::points).toList();
    }

    /** Finance with decision maker Ada, met 5 days ago: 100 on its own. */
    private static TestFacts.Builder financeWithDecisionMakerMet() {
        return account(Tier.ENTERPRISE).team("Finance").contact("Ada", DECISION_MAKER, "Finance")
                .interaction(MEETING, 5, "Ada");
    }

    @Test
    void noDataWithoutKnownClientTeams() {
        Health.ComponentScore relationships = score(account(Tier.ENTERPRISE));

        assertThat(relationships.score()).isNull();
        assertThat(relationships.weight()).isEqualTo(15);
    }

    @Test
    void shareOfKnownTeamsMetRoundedHalfUp() {
        Health.ComponentScore relationships = score(financeWithDecisionMakerMet().team("IT").team("Marketing"));

        assertThat(relationships.score()).isEqualTo(33);
        assertThat(points(relationships, "TeamCoverage")).containsExactly(-67);
        assertThat(relationships.reasons().getFirst().sentence())
                .startsWith("Met 1 of 3 known client teams in the last 90 days (33%)")
                .contains("IT, Marketing");
    }

    @Test
    void aTeamIsMetThroughItsContactsOrByName() {
        Health.ComponentScore relationships = score(financeWithDecisionMakerMet().team("IT")
                .teamInteraction(CALL, 3, "IT"));

        assertThat(relationships.score()).isEqualTo(100);
        assertThat(relationships.reasons()).hasSize(1);
    }

    @Test
    void coverageCitesTheLatestInteractionReachingEachTeamMet() {
        TestFacts.Builder facts = financeWithDecisionMakerMet().team("IT").team("Marketing")
                .interaction(CALL, 2, "Ada");
        java.util.UUID latestWithFinance = facts.lastEvent();
        facts.teamInteraction(MEETING, 30, "IT");
        java.util.UUID onlyWithIt = facts.lastEvent();
        facts.interaction(MEETING, 40, "Ada");

        Health.Reason coverage = score(facts).reasons().getFirst();

        assertThat(coverage.rule()).isEqualTo("TeamCoverage");
        assertThat(coverage.eventIds()).containsExactly(latestWithFinance, onlyWithIt);
    }

    @Test
    void aTeamMet90DaysAgoCountsButNot91() {
        assertThat(score(financeWithDecisionMakerMet().team("IT").teamInteraction(CALL, 90, "IT")).score())
                .isEqualTo(100);
        Health.ComponentScore at91 = score(financeWithDecisionMakerMet().team("IT").teamInteraction(CALL, 91, "IT"));
        assertThat(at91.score()).isEqualTo(50);
        assertThat(at91.reasons().getFirst().sentence()).contains("Met 1 of 2").contains("(50%)");
    }

    @Test
    void aDecisionMakerMet90DaysAgoCountsButNot91() {
        TestFacts.Builder at90 = account(Tier.SMB).team("Finance").contact("Ada", DECISION_MAKER, "Finance")
                .interaction(MEETING, 90, "Ada").teamInteraction(CALL, 5, "Finance");
        TestFacts.Builder at91 = account(Tier.SMB).team("Finance").contact("Ada", DECISION_MAKER, "Finance")
                .interaction(MEETING, 91, "Ada").teamInteraction(CALL, 5, "Finance");

        assertThat(score(at90).score()).isEqualTo(100);
        Health.ComponentScore missing = score(at91);
        assertThat(missing.score()).isEqualTo(70);
        assertThat(points(missing, "NoDecisionMakerMet")).containsExactly(-30);
        assertThat(missing.reasons().get(1).sentence()).isEqualTo("No decision maker met in the last 90 days");
    }

    @Test
    void aDecisionMakerMetWhoHasLeftSinceIsNoDecisionMakerMet() {
        TestFacts.Builder facts = account(Tier.SMB).team("Finance").contact("Ada", DECISION_MAKER, "Finance")
                .interaction(MEETING, 20, "Ada").departed("Ada", 10);

        Health.ComponentScore relationships = score(facts);
        assertThat(points(relationships, "NoDecisionMakerMet")).containsExactly(-30);
        assertThat(relationships.reasons().get(1).sentence())
                .isEqualTo("No decision maker still at the client met in the last 90 days");
        assertThat(relationships.score()).isEqualTo(70);
    }

    @Test
    void meetingAnInfluencerIsNotMeetingADecisionMaker() {
        Health.ComponentScore relationships = score(account(Tier.SMB).team("IT").contact("Ian", INFLUENCER, "IT")
                .interaction(CALL, 2, "Ian"));

        assertThat(relationships.score()).isEqualTo(70);
    }

    @Test
    void aChampionWhoLeftCosts40UntilAnotherChampionOrDecisionMakerIsMet() {
        TestFacts.Builder metBefore = account(Tier.SMB).team("Finance").contact("Ada", DECISION_MAKER, "Finance")
                .contact("Bob", CHAMPION, "Finance").interaction(MEETING, 20, "Ada").departed("Bob", 10);
        java.util.UUID departure = metBefore.lastEvent();

        Health.ComponentScore uncovered = score(metBefore);
        assertThat(uncovered.score()).isEqualTo(60);
        Health.Reason reason = uncovered.reasons().stream().filter(r -> r.rule().equals("ChampionLeft")).findFirst()
                .orElseThrow();
        assertThat(reason.points()).isEqualTo(-40);
        assertThat(reason.sentence()).isEqualTo(
                "A champion left 10 days ago and no other champion or decision maker was met since");
        assertThat(reason.eventIds()).containsExactly(departure);

        assertThat(score(metBefore.interaction(CALL, 5, "Ada")).score()).isEqualTo(100);
    }

    @Test
    void anotherChampionStillThereAlsoCoversTheDeparture() {
        TestFacts.Builder facts = financeWithDecisionMakerMet().contact("Bob", CHAMPION, "Finance")
                .contact("Cleo", CHAMPION, "Finance").departed("Bob", 4);

        assertThat(score(facts).score()).isEqualTo(60);
        assertThat(score(facts.interaction(CALL, 3, "Cleo")).score()).isEqualTo(100);
    }

    @Test
    void meetingSomeoneWhoHasSinceLeftDoesNotCoverIt() {
        TestFacts.Builder facts = account(Tier.SMB).team("Finance").contact("Ada", DECISION_MAKER, "Finance")
                .contact("Bob", CHAMPION, "Finance").departed("Bob", 30).interaction(MEETING, 20, "Ada")
                .departed("Ada", 10);

        assertThat(points(score(facts), "ChampionLeft")).containsExactly(-40);
    }

    @Test
    void neverBelowZero() {
        Health.ComponentScore relationships = score(account(Tier.SMB).team("Finance")
                .contact("Bob", CHAMPION, "Finance").interaction(MEETING, 200, "Bob").departed("Bob", 100));

        assertThat(relationships.score()).isZero();
        assertThat(relationships.reasons()).extracting(Health.Reason::points).containsExactly(-100, -30, -40);
    }
}
