package com.accounthealth.opportunity.domain;

import com.accounthealth.contract.opportunity.LossReason;
import com.accounthealth.contract.opportunity.OpportunityEvent;
import com.accounthealth.contract.opportunity.OpportunityType;
import com.accounthealth.contract.opportunity.Stage;
import com.accounthealth.kernel.Money;
import com.accounthealth.opportunity.domain.Pipeline.SlippedDeal;
import com.accounthealth.opportunity.domain.Pipeline.StageFigures;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Pipeline} over a hand-built book of deals; every expected figure is worked out by hand in the comments.
 *
 * <p>now = 2026-06-01T00:00Z, window = 365 days, so the window starts at 2025-06-01T00:00Z. All events happen at
 * midnight UTC, so every stay is a whole number of days.
 *
 * <pre>
 * deal  owner  amount        history                                                          at now
 * A1    alice  10000.00 EUR  QUALIFIED 2026-03-01, DISCOVERY 03-11, DEMO 04-10;               open DEMO, slipped x2
 *                            close date 06-30 -> 07-15 (slip) -> 08-31 (slip)
 * A2    alice   5000.00 EUR  DISCOVERY 2026-05-02 at 4000.00, amount -> 5000.00 on 05-05;     open DISCOVERY, no slip
 *                            close date 07-01 -> 06-20 (earlier, not a slip)
 * A3    alice   8000.00 USD  PROPOSAL 2026-04-01; close date 06-15 -> 07-15 (slip)            open PROPOSAL, slipped x1
 * A4    alice  12000.00 EUR  QUALIFIED 2025-09-01, PROPOSAL 2025-10-01, won 2025-11-15        won inside window
 * B1    bob     2500.50 EUR  QUALIFIED 2026-05-11                                             open QUALIFIED
 * B2    bob     7000.00 EUR  DEMO 2026-01-01; close date slipped once; lost (PRICE) 02-10     lost inside window
 * B3    bob     9000.00 EUR  QUALIFIED 2024-12-01, won 2025-03-01                             won OUTSIDE window
 * B4    bob     4000.00 EUR  DISCOVERY 2026-04-01, DEMO 05-01, back to DISCOVERY 05-22        open DISCOVERY
 * B5    bob     3000.00 EUR  QUALIFIED 2026-02-01, won 2026-03-03                             won inside window
 * </pre>
 *
 * Stays (days, "now" = still running, counted to 2026-06-01):
 * <pre>
 * A1 QUALIFIED 03-01..03-11 = 10, DISCOVERY 03-11..04-10 = 30, DEMO 04-10..now = 20+31+1 = 52
 * A2 DISCOVERY 05-02..now = 30
 * A3 PROPOSAL 04-01..now = 30+31 = 61
 * A4 QUALIFIED 2025-09-01..10-01 = 30, PROPOSAL 10-01..11-15 = 31+14 = 45
 * B1 QUALIFIED 05-11..now = 21
 * B2 DEMO 01-01..02-10 = 31+9 = 40
 * B3 QUALIFIED 2024-12-01..2025-03-01 = 31+31+28 = 90
 * B4 DISCOVERY 04-01..05-01 = 30, DEMO 05-01..05-22 = 21, DISCOVERY 05-22..now = 10
 * B5 QUALIFIED 02-01..03-03 = 28+2 = 30
 * </pre>
 */
class PipelineTest {

    private static final Instant NOW = day("2026-06-01");
    private static final Duration WINDOW = Duration.ofDays(365);
    private static final Map<Stage, BigDecimal> PROBABILITIES = Map.of(
            Stage.QUALIFIED, new BigDecimal("0.1"),
            Stage.DISCOVERY, new BigDecimal("0.2"),
            Stage.DEMO, new BigDecimal("0.4"),
            Stage.PROPOSAL, new BigDecimal("0.6"),
            Stage.NEGOTIATION, new BigDecimal("0.8"));

    // --- the book of deals ---------------------------------------------------------------------------------------

    private final Opportunity a1 = Deal.open("A1", "alice", "10000.00", "EUR", Stage.QUALIFIED, "2026-06-30", "2026-03-01")
            .stage(Stage.DISCOVERY, "2026-03-11")
            .stage(Stage.DEMO, "2026-04-10")
            .closeDate("2026-07-15", "2026-04-20")
            .closeDate("2026-08-31", "2026-05-15")
            .deal();
    private final Opportunity a2 = Deal.open("A2", "alice", "4000.00", "EUR", Stage.DISCOVERY, "2026-07-01", "2026-05-02")
            .amount("5000.00", "EUR", "2026-05-05")
            .closeDate("2026-06-20", "2026-05-10")
            .deal();
    private final Opportunity a3 = Deal.open("A3", "alice", "8000.00", "USD", Stage.PROPOSAL, "2026-06-15", "2026-04-01")
            .closeDate("2026-07-15", "2026-05-20")
            .deal();
    private final Opportunity a4 = Deal.open("A4", "alice", "12000.00", "EUR", Stage.QUALIFIED, "2025-12-31", "2025-09-01")
            .stage(Stage.PROPOSAL, "2025-10-01")
            .win("2025-11-15")
            .deal();
    private final Opportunity b1 = Deal.open("B1", "bob", "2500.50", "EUR", Stage.QUALIFIED, "2026-09-30", "2026-05-11")
            .deal();
    private final Opportunity b2 = Deal.open("B2", "bob", "7000.00", "EUR", Stage.DEMO, "2026-02-01", "2026-01-01")
            .closeDate("2026-03-01", "2026-01-20")
            .lose("2026-02-10")
            .deal();
    private final Opportunity b3 = Deal.open("B3", "bob", "9000.00", "EUR", Stage.QUALIFIED, "2025-03-31", "2024-12-01")
            .win("2025-03-01")
            .deal();
    private final Opportunity b4 = Deal.open("B4", "bob", "4000.00", "EUR", Stage.DISCOVERY, "2026-07-31", "2026-04-01")
            .stage(Stage.DEMO, "2026-05-01")
            .stage(Stage.DISCOVERY, "2026-05-22")
            .deal();
    private final Opportunity b5 = Deal.open("B5", "bob", "3000.00", "EUR", Stage.QUALIFIED, "2026-03-31", "2026-02-01")
            .win("2026-03-03")
            .deal();

    private final List<Opportunity> alice = List.of(a1, a2, a3, a4);
    private final List<Opportunity> bob = List.of(b1, b2, b3, b4, b5);
    private final List<Opportunity> everyone = List.of(a1, a2, a3, a4, b1, b2, b3, b4, b5);

    // --- the whole book ------------------------------------------------------------------------------------------

    @Test
    void theScenarioIsBuiltAsIntended() {
        assertThat(a1.stage()).isEqualTo(Stage.DEMO);
        assertThat(a1.slipCount()).isEqualTo(2);
        assertThat(a2.amount()).isEqualTo(new Money(new BigDecimal("5000.00"), "EUR"));
        assertThat(a2.slipCount()).isZero();
        assertThat(a3.slipCount()).isEqualTo(1);
        assertThat(b2.stage()).isEqualTo(Stage.CLOSED_LOST);
        assertThat(b2.slipCount()).isEqualTo(1);
        assertThat(b3.closedAt()).isBefore(NOW.minus(WINDOW));
        assertThat(b4.stays()).hasSize(3);
    }

    @Test
    void openCountAndValues() {
        Pipeline p = Pipeline.of(deals(everyone), NOW, PROBABILITIES, WINDOW);

        // open: A1 (DEMO), A2 (DISCOVERY), A3 (PROPOSAL), B1 (QUALIFIED), B4 (DISCOVERY) = 5
        assertThat(p.openCount()).isEqualTo(5);
        // EUR: A1 10000.00 + A2 5000.00 + B1 2500.50 + B4 4000.00 = 21500.50; USD: A3 8000.00
        assertThat(p.openValue()).isEqualTo(Map.of(
                "EUR", new BigDecimal("21500.50"),
                "USD", new BigDecimal("8000.00")));
        // EUR: A1 10000.00 x 0.4 = 4000.00, A2 5000.00 x 0.2 = 1000.00, B1 2500.50 x 0.1 = 250.05,
        //      B4 4000.00 x 0.2 = 800.00 -> 6050.05; USD: A3 8000.00 x 0.6 = 4800.00
        assertThat(p.weightedValue()).isEqualTo(Map.of(
                "EUR", new BigDecimal("6050.05"),
                "USD", new BigDecimal("4800.00")));
        assertThat(p.openValue().get("EUR")).isEqualByComparingTo("21500.50");
    }

    @Test
    void perStageFigures() {
        Pipeline p = Pipeline.of(deals(everyone), NOW, PROBABILITIES, WINDOW);

        // only the open stages, in pipeline order
        assertThat(p.stages()).extracting(StageFigures::stage).containsExactly(
                Stage.QUALIFIED, Stage.DISCOVERY, Stage.DEMO, Stage.PROPOSAL, Stage.NEGOTIATION);

        // QUALIFIED: open B1 2500.50 EUR, weighted 250.05.
        //   stays A1 10, A4 30, B1 21 (running), B3 90, B5 30 -> 181 / 5 = 36.2
        StageFigures qualified = stage(p, Stage.QUALIFIED);
        assertThat(qualified.openCount()).isEqualTo(1);
        assertThat(qualified.openValue()).isEqualTo(Map.of("EUR", new BigDecimal("2500.50")));
        assertThat(qualified.weightedValue()).isEqualTo(Map.of("EUR", new BigDecimal("250.05")));
        assertThat(qualified.averageDaysInStage()).isEqualTo(36.2);

        // DISCOVERY: open A2 5000.00 + B4 4000.00 = 9000.00 EUR, weighted 1000.00 + 800.00 = 1800.00.
        //   stays A1 30, A2 30 (running), B4 30, B4 10 (running, second stay) -> 100 / 4 = 25.0
        StageFigures discovery = stage(p, Stage.DISCOVERY);
        assertThat(discovery.openCount()).isEqualTo(2);
        assertThat(discovery.openValue()).isEqualTo(Map.of("EUR", new BigDecimal("9000.00")));
        assertThat(discovery.weightedValue()).isEqualTo(Map.of("EUR", new BigDecimal("1800.00")));
        assertThat(discovery.averageDaysInStage()).isEqualTo(25.0);

        // DEMO: open A1 10000.00 EUR, weighted 4000.00.
        //   stays A1 52 (running), B2 40, B4 21 -> 113 / 3 = 37.67 -> 37.7
        StageFigures demo = stage(p, Stage.DEMO);
        assertThat(demo.openCount()).isEqualTo(1);
        assertThat(demo.openValue()).isEqualTo(Map.of("EUR", new BigDecimal("10000.00")));
        assertThat(demo.weightedValue()).isEqualTo(Map.of("EUR", new BigDecimal("4000.00")));
        assertThat(demo.averageDaysInStage()).isEqualTo(37.7);

        // PROPOSAL: open A3 8000.00 USD, weighted 4800.00.
        //   stays A3 61 (running), A4 45 -> 106 / 2 = 53.0
        StageFigures proposal = stage(p, Stage.PROPOSAL);
        assertThat(proposal.openCount()).isEqualTo(1);
        assertThat(proposal.openValue()).isEqualTo(Map.of("USD", new BigDecimal("8000.00")));
        assertThat(proposal.weightedValue()).isEqualTo(Map.of("USD", new BigDecimal("4800.00")));
        assertThat(proposal.averageDaysInStage()).isEqualTo(53.0);

        // NEGOTIATION: nothing open, nobody ever stayed there
        StageFigures negotiation = stage(p, Stage.NEGOTIATION);
        assertThat(negotiation.openCount()).isZero();
        assertThat(negotiation.openValue()).isEmpty();
        assertThat(negotiation.weightedValue()).isEmpty();
        assertThat(negotiation.averageDaysInStage()).isNull();

        // the per-stage counts add up to the total: 1 + 2 + 1 + 1 + 0 = 5
        assertThat(p.stages()).extracting(StageFigures::openCount).containsExactly(1, 2, 1, 1, 0);
    }

    @Test
    void slippedDeals() {
        Pipeline p = Pipeline.of(deals(everyone), NOW, PROBABILITIES, WINDOW);

        // open deals with a slip: A1 (2 slips, now 2026-08-31), A3 (1 slip, now 2026-07-15).
        // A2 only moved earlier; B2 slipped but is lost, so it is not in the list.
        assertThat(p.slippedDeals()).containsExactly(
                new SlippedDeal(a1.id(), "A1", 2, LocalDate.parse("2026-08-31")),
                new SlippedDeal(a3.id(), "A3", 1, LocalDate.parse("2026-07-15")));
    }

    @Test
    void winRateOverTheWindow() {
        Pipeline p = Pipeline.of(deals(everyone), NOW, PROBABILITIES, WINDOW);

        // window 2025-06-01..2026-06-01: won A4 (2025-11-15), B5 (2026-03-03); lost B2 (2026-02-10).
        // B3 (won 2025-03-01) is before the window. 2 / (2 + 1) = 0.6667 -> 0.667
        assertThat(p.wonInWindow()).isEqualTo(2);
        assertThat(p.lostInWindow()).isEqualTo(1);
        assertThat(p.winRate()).isEqualTo(0.667);
        assertThat(p.winRateWindow()).isEqualTo(WINDOW);
    }

    // --- one owner -----------------------------------------------------------------------------------------------

    @Test
    void aliceOnly() {
        Pipeline p = Pipeline.of(deals(alice), NOW, PROBABILITIES, WINDOW);

        // open A1 (DEMO), A2 (DISCOVERY), A3 (PROPOSAL) = 3
        assertThat(p.openCount()).isEqualTo(3);
        // EUR 10000.00 + 5000.00 = 15000.00; USD 8000.00
        assertThat(p.openValue()).isEqualTo(Map.of(
                "EUR", new BigDecimal("15000.00"),
                "USD", new BigDecimal("8000.00")));
        // EUR 4000.00 + 1000.00 = 5000.00; USD 4800.00
        assertThat(p.weightedValue()).isEqualTo(Map.of(
                "EUR", new BigDecimal("5000.00"),
                "USD", new BigDecimal("4800.00")));
        assertThat(p.stages()).extracting(StageFigures::openCount).containsExactly(0, 1, 1, 1, 0);
        // QUALIFIED stays A1 10, A4 30 -> 20.0 (nothing open there now)
        assertThat(stage(p, Stage.QUALIFIED).openValue()).isEmpty();
        assertThat(stage(p, Stage.QUALIFIED).averageDaysInStage()).isEqualTo(20.0);
        // DISCOVERY stays A1 30, A2 30 (running) -> 30.0
        assertThat(stage(p, Stage.DISCOVERY).averageDaysInStage()).isEqualTo(30.0);
        // DEMO stay A1 52 (running) -> 52.0
        assertThat(stage(p, Stage.DEMO).averageDaysInStage()).isEqualTo(52.0);
        // PROPOSAL stays A3 61 (running), A4 45 -> 53.0
        assertThat(stage(p, Stage.PROPOSAL).averageDaysInStage()).isEqualTo(53.0);
        assertThat(p.slippedDeals()).extracting(SlippedDeal::opportunityId).containsExactly(a1.id(), a3.id());
        // won A4, nothing lost -> 1 / 1 = 1.0
        assertThat(p.wonInWindow()).isEqualTo(1);
        assertThat(p.lostInWindow()).isZero();
        assertThat(p.winRate()).isEqualTo(1.0);
    }

    @Test
    void bobOnly() {
        Pipeline p = Pipeline.of(deals(bob), NOW, PROBABILITIES, WINDOW);

        // open B1 (QUALIFIED), B4 (DISCOVERY) = 2
        assertThat(p.openCount()).isEqualTo(2);
        // EUR 2500.50 + 4000.00 = 6500.50; no USD deal
        assertThat(p.openValue()).isEqualTo(Map.of("EUR", new BigDecimal("6500.50")));
        // EUR 250.05 + 800.00 = 1050.05
        assertThat(p.weightedValue()).isEqualTo(Map.of("EUR", new BigDecimal("1050.05")));
        assertThat(p.stages()).extracting(StageFigures::openCount).containsExactly(1, 1, 0, 0, 0);
        // QUALIFIED stays B1 21 (running), B3 90, B5 30 -> 141 / 3 = 47.0
        assertThat(stage(p, Stage.QUALIFIED).averageDaysInStage()).isEqualTo(47.0);
        // DISCOVERY stays B4 30, B4 10 (running) -> 20.0
        assertThat(stage(p, Stage.DISCOVERY).averageDaysInStage()).isEqualTo(20.0);
        // DEMO stays B2 40, B4 21 -> 61 / 2 = 30.5
        assertThat(stage(p, Stage.DEMO).averageDaysInStage()).isEqualTo(30.5);
        // no PROPOSAL stay at all
        assertThat(stage(p, Stage.PROPOSAL).averageDaysInStage()).isNull();
        // B2 slipped but is lost: no open slipped deal
        assertThat(p.slippedDeals()).isEmpty();
        // won B5, lost B2 (B3 is outside the window) -> 1 / 2 = 0.5
        assertThat(p.wonInWindow()).isEqualTo(1);
        assertThat(p.lostInWindow()).isEqualTo(1);
        assertThat(p.winRate()).isEqualTo(0.5);
    }

    @Test
    void winRateIsNullWhenNothingClosedInTheWindow() {
        // open deals plus B3, which was won before the window started
        Pipeline p = Pipeline.of(deals(List.of(a1, a2, a3, b1, b4, b3)), NOW, PROBABILITIES, WINDOW);

        assertThat(p.wonInWindow()).isZero();
        assertThat(p.lostInWindow()).isZero();
        assertThat(p.winRate()).isNull();
        assertThat(p.openCount()).isEqualTo(5);
    }

    @Test
    void anEmptyBookHasNoFigures() {
        Pipeline p = Pipeline.of(deals(List.of()), NOW, PROBABILITIES, WINDOW);

        assertThat(p.openCount()).isZero();
        assertThat(p.openValue()).isEmpty();
        assertThat(p.weightedValue()).isEmpty();
        assertThat(p.slippedDeals()).isEmpty();
        assertThat(p.winRate()).isNull();
        assertThat(p.stages()).allSatisfy(s -> assertThat(s.averageDaysInStage()).isNull());
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static Instant day(String date) {
        return LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static StageFigures stage(Pipeline p, Stage stage) {
        return p.stages().stream().filter(s -> s.stage() == stage).findFirst().orElseThrow();
    }

    /** Builds a deal by deciding each command and applying its event at the given (midnight UTC) day. */
    private record Deal(Opportunity deal) {

        static Deal open(String name, String owner, String amount, String currency, Stage stage, String closeDate,
                         String at) {
            Opportunity o = Opportunity.none();
            UUID id = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
            UUID account = UUID.nameUUIDFromBytes(("account-" + name).getBytes(StandardCharsets.UTF_8));
            return new Deal(o).accept(o.open(id, account, name, OpportunityType.NEW_BUSINESS,
                    new Money(new BigDecimal(amount), currency), stage, LocalDate.parse(closeDate), owner,
                    "team-" + owner, List.of()), at);
        }

        Deal stage(Stage to, String at) {
            return accept(deal.changeStage(to, day(at)), at);
        }

        Deal closeDate(String to, String at) {
            return accept(deal.changeCloseDate(LocalDate.parse(to)), at);
        }

        Deal amount(String to, String currency, String at) {
            return accept(deal.changeAmount(new Money(new BigDecimal(to), currency)), at);
        }

        Deal win(String at) {
            return accept(deal.win(day(at)), at);
        }

        Deal lose(String at) {
            return accept(deal.lose(LossReason.PRICE, null, List.of(), null, day(at)), at);
        }

        private Deal accept(OpportunityEvent event, String at) {
            deal.apply(new Opportunity.Recorded(event, day(at)));
            return this;
        }
    }

    private static List<Pipeline.Deal> deals(List<Opportunity> opportunities) {
        return opportunities.stream().map(Pipeline.Deal::of).toList();
    }
}
