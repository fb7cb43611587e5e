package com.accounthealth.healthscore.notification;

import com.accounthealth.healthscore.infrastructure.notification.NotificationChannels.Result;
import com.accounthealth.healthscore.infrastructure.notification.ReceiverGuards;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The guard of each receiver, with the test settings (2 sends at once, paused after 2 failed sends in a row, for 6 s):
 * what it lets through, what it leaves for later, and how a pause ends.
 */
@QuarkusTest
class ReceiverGuardsTest {

    private static final Result DELIVERED = new Result(true, "HTTP 200", false);
    private static final Result NO_ANSWER = new Result(false, "no answer within 10s", false);
    private static final Result REFUSED = new Result(false, "HTTP 410", true);

    // Senders of their own: the common pool may have a single thread on 2 cores, and these sends block.
    private final ExecutorService senders = Executors.newCachedThreadPool();

    @Inject
    ReceiverGuards guards;

    @AfterEach
    void stopSenders() {
        senders.shutdownNow();
    }

    @Test
    void aReceiverTakesTwoSendsAtOnceAndLeavesTheThirdForLater() throws Exception {
        String receiver = receiver();
        CountDownLatch answer = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        CompletableFuture<Optional<Result>> first = holding(receiver, started, answer);
        CompletableFuture<Optional<Result>> second = holding(receiver, started, answer);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        AtomicInteger sent = new AtomicInteger();
        assertThat(guards.unavailable()).contains(receiver);
        assertThat(guards.send(receiver, () -> { }, () -> {
            sent.incrementAndGet();
            return DELIVERED;
        })).isEmpty();
        assertThat(sent).as("the third send was not made").hasValue(0);

        answer.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).contains(DELIVERED);
        assertThat(second.get(10, TimeUnit.SECONDS)).contains(DELIVERED);
        assertThat(guards.unavailable()).doesNotContain(receiver);
    }

    @Test
    void failedSendsInARowPauseAReceiverAndARefusalForGoodDoesNot() {
        String refusing = receiver();
        assertThat(guards.send(refusing, () -> { }, () -> REFUSED)).contains(REFUSED);
        assertThat(guards.send(refusing, () -> { }, () -> REFUSED)).contains(REFUSED);
        assertThat(guards.unavailable()).as("a 4xx says nothing about the receiver's health").doesNotContain(refusing);

        String hanging = receiver();
        assertThat(guards.send(hanging, () -> { }, () -> NO_ANSWER)).contains(NO_ANSWER);
        assertThat(guards.unavailable()).doesNotContain(hanging);
        assertThat(guards.send(hanging, () -> { }, () -> NO_ANSWER)).contains(NO_ANSWER);
        assertThat(guards.unavailable()).contains(hanging);
        AtomicInteger sent = new AtomicInteger();
        assertThat(guards.send(hanging, sent::incrementAndGet, () -> DELIVERED)).isEmpty();
        assertThat(sent).as("nothing is sent to a paused receiver").hasValue(0);
    }

    @Test
    void afterThePauseOneTrialSendDecidesAndASuccessfulOneEndsThePause() throws Exception {
        String receiver = receiver();
        guards.send(receiver, () -> { }, () -> NO_ANSWER);
        guards.send(receiver, () -> { }, () -> NO_ANSWER);
        assertThat(guards.unavailable()).contains(receiver);
        await().atMost(Duration.ofSeconds(15)).until(() -> !guards.unavailable().contains(receiver));

        CountDownLatch answer = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Optional<Result>> trial = holding(receiver, started, answer);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(guards.unavailable()).as("one trial at a time").contains(receiver);
        assertThat(guards.send(receiver, () -> { }, () -> DELIVERED)).isEmpty();

        answer.countDown();
        assertThat(trial.get(10, TimeUnit.SECONDS)).contains(DELIVERED);
        assertThat(guards.unavailable()).doesNotContain(receiver);
        // Closed again: two at once, as before the pause.
        CountDownLatch again = new CountDownLatch(1);
        CountDownLatch both = new CountDownLatch(2);
        CompletableFuture<Optional<Result>> one = holding(receiver, both, again);
        CompletableFuture<Optional<Result>> two = holding(receiver, both, again);
        assertThat(both.await(10, TimeUnit.SECONDS)).isTrue();
        again.countDown();
        assertThat(one.get(10, TimeUnit.SECONDS)).contains(DELIVERED);
        assertThat(two.get(10, TimeUnit.SECONDS)).contains(DELIVERED);
    }

    private CompletableFuture<Optional<Result>> holding(String receiver, CountDownLatch started,
                                                        CountDownLatch answer) {
        return CompletableFuture.supplyAsync(() -> hold(receiver, started, answer), senders);
    }

    /** A send that begins, then waits for {@code answer} and is delivered. */
    private Optional<Result> hold(String receiver, CountDownLatch started, CountDownLatch answer) {
        return guards.send(receiver, started::countDown, () -> {
            try {
                answer.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return DELIVERED;
        });
    }

    private static String receiver() {
        return "receiver-" + UUID.randomUUID() + ".example:443";
    }
}
