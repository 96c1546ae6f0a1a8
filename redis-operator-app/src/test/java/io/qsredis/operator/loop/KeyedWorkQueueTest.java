package io.qsredis.operator.loop;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.qsredis.operator.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

class KeyedWorkQueueTest {

    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(10), Duration.ofMillis(80));

    private final TestingScheduler scheduler = new TestingScheduler();
    private final List<KeyedWorkQueue<String>> queues = new ArrayList<>();

    @AfterEach
    void closeQueues() {
        queues.forEach(KeyedWorkQueue::close);
    }

    private KeyedWorkQueue<String> queue(int workers, KeyedWorkQueue.Handler<String> handler) {
        KeyedWorkQueue<String> queue = new KeyedWorkQueue<>("test", handler, BACKOFF, scheduler);
        queues.add(queue);
        queue.start(workers);
        return queue;
    }

    @Test
    void neverRunsOneKeyOnTwoWorkersAndNeverLosesAnAddMadeDuringARun() throws Exception {
        int keys = 8;
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        Map<String, Long> lastAdded = new ConcurrentHashMap<>();
        Map<String, Long> lastStarted = new ConcurrentHashMap<>();
        AtomicLong clock = new AtomicLong();
        AtomicInteger overlaps = new AtomicInteger();
        KeyedWorkQueue<String> queue = queue(4, key -> {
            lastStarted.put(key, clock.incrementAndGet());
            if (inFlight.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            Thread.sleep(0, 200_000);
            inFlight.get(key).decrementAndGet();
            return Outcome.done();
        });

        ExecutorService producers = Executors.newFixedThreadPool(6);
        for (int p = 0; p < 6; p++) {
            producers.submit(() -> {
                for (int i = 0; i < 3_000; i++) {
                    String key = "k" + ThreadLocalRandom.current().nextInt(keys);
                    // Stamp before adding: a run that starts after this stamp has seen this add.
                    lastAdded.merge(key, clock.incrementAndGet(), Math::max);
                    queue.add(key);
                }
            });
        }
        producers.shutdown();
        assertThat(producers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        await(queue::isIdle);

        assertThat(overlaps).hasValue(0);
        assertThat(lastAdded).hasSize(keys);
        lastAdded.forEach((key, added) -> assertThat(lastStarted.get(key)).as("last run of %s", key).isGreaterThan(added));
    }

    @Test
    void mergesDuplicateAddsOfAWaitingKey() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> runs = Collections.synchronizedList(new ArrayList<>());
        KeyedWorkQueue<String> queue = queue(1, key -> {
            runs.add(key);
            if (key.equals("blocker")) {
                release.await();
            }
            return Outcome.done();
        });
        queue.add("blocker");
        await(() -> runs.contains("blocker"));
        for (int i = 0; i < 100; i++) {
            queue.add("a");
            queue.add("b");
        }
        assertThat(queue.depth()).isEqualTo(2);
        release.countDown();
        await(queue::isIdle);

        assertThat(runs).containsExactly("blocker", "a", "b");
    }

    @Test
    void runsAKeyAddedDuringItsRunExactlyOnceMore() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        KeyedWorkQueue<String> queue = queue(3, key -> {
            if (runs.incrementAndGet() == 1) {
                started.countDown();
                release.await();
            }
            return Outcome.done();
        });
        queue.add("a");
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 5; i++) {
            queue.add("a");
        }
        // Two idle workers are free, yet neither may take "a" while it runs.
        Thread.sleep(50);
        assertThat(runs).hasValue(1);
        release.countDown();
        await(queue::isIdle);

        assertThat(runs).hasValue(2);
    }

    @Test
    void retriesAFailingKeyWithCappedExponentialBackoffAndForgetsFailuresAfterASuccess() {
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger failUntilRun = new AtomicInteger(6);
        KeyedWorkQueue<String> queue = queue(1, key -> {
            if (runs.incrementAndGet() <= failUntilRun.get()) {
                throw new IllegalStateException("boom " + runs.get());
            }
            return Outcome.done();
        });
        queue.add("a");
        for (int run = 1; run <= 6; run++) {
            int expectedDelays = run;
            await(() -> scheduler.requestedDelays().size() == expectedDelays);
            // Exactly to the retry's due time: a retry it schedules falls after that, so one failure per round.
            scheduler.advance(scheduler.requestedDelays().get(run - 1));
        }
        await(() -> runs.get() == 7 && queue.isIdle());
        assertThat(scheduler.requestedDelays()).extracting(Duration::toMillis).containsExactly(10L, 20L, 40L, 80L, 80L, 80L);

        failUntilRun.set(8);
        queue.add("a");
        await(() -> scheduler.requestedDelays().size() == 7);
        assertThat(scheduler.requestedDelays().get(6)).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void keepsOnlyTheEarliestOfSeveralDelayedAdds() {
        AtomicInteger runs = new AtomicInteger();
        KeyedWorkQueue<String> queue = queue(1, key -> {
            runs.incrementAndGet();
            return Outcome.done();
        });
        queue.addAfter("a", Duration.ofSeconds(10));
        queue.addAfter("a", Duration.ofSeconds(2));
        queue.addAfter("a", Duration.ofSeconds(5));

        scheduler.advance(Duration.ofSeconds(2));
        await(() -> runs.get() == 1 && queue.isIdle());
        scheduler.advance(Duration.ofSeconds(60));
        await(queue::isIdle);
        assertThat(runs).hasValue(1);
    }

    @Test
    void requeuesAfterTheDelayASuccessfulRunAsksFor() {
        AtomicInteger runs = new AtomicInteger();
        KeyedWorkQueue<String> queue = queue(1, key -> runs.incrementAndGet() == 1 ? Outcome.requeueAfter(Duration.ofSeconds(3)) : Outcome.done());
        queue.add("a");
        await(() -> scheduler.requestedDelays().size() == 1);
        scheduler.advance(Duration.ofMillis(2_999));
        assertThat(runs).hasValue(1);
        scheduler.advance(Duration.ofMillis(1));
        await(() -> runs.get() == 2);
    }

    @Test
    void resyncAddsEveryKnownKeyEachPeriod() {
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        KeyedWorkQueue<String> queue = queue(2, key -> {
            runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            return Outcome.done();
        });
        queue.resyncEvery(Duration.ofMinutes(1), () -> List.of("a", "b"));
        scheduler.advance(Duration.ofSeconds(59));
        assertThat(runs).isEmpty();
        scheduler.advance(Duration.ofSeconds(1));
        await(() -> runs.size() == 2 && queue.isIdle());
        scheduler.advance(Duration.ofMinutes(1));
        await(() -> runs.get("a").get() == 2 && runs.get("b").get() == 2);
    }

    @Test
    void shutdownLetsTheRunningKeyFinishAndStartsNoOther() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        List<String> finished = Collections.synchronizedList(new ArrayList<>());
        KeyedWorkQueue<String> queue = queue(1, key -> {
            started.countDown();
            Thread.sleep(100);
            finished.add(key);
            return Outcome.done();
        });
        queue.add("a");
        queue.add("b");
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(queue.shutdown(Duration.ofSeconds(5))).isTrue();
        assertThat(finished).containsExactly("a");
        queue.add("c");
        assertThat(queue.depth()).isZero();
    }
}
