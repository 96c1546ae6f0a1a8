package io.qsredis.it.operator;

import io.qsredis.it.fixtures.SentinelGroupManifests;
import io.qsredis.model.RedisReplication;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator stops right after the first restart of a rollout and starts again a few seconds later: the rollout
 * resumes from what it observes, restarts each pod once, and never has two data pods down at once.
 */
class OperatorRestartMidRolloutIT {
    private static final String PASSWORD = "resume-me";
    /** How long the operator stays down mid-rollout: long enough for the restarted pod to come back meanwhile. */
    private static final Duration OPERATOR_DOWN = Duration.ofSeconds(3);
    private static final Duration SAMPLE = Duration.ofMillis(50);

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void theRolloutResumesRestartingEachPodOnceAndNeverTwoAtOnce() {
        String manifests = SentinelGroupManifests.secret(PASSWORD) + "---\n" + SentinelGroupManifests.replication();
        world.apply(manifests);
        world.awaitHealthy(RedisReplication.class, "app", Duration.ofSeconds(40));
        String master = world.get(RedisReplication.class, "app").getStatus().masterNode;
        try (Jedis jedis = world.connect(master, PASSWORD)) {
            for (int i = 0; i < 500; i++) {
                jedis.set("k" + i, "v" + i);
            }
        }
        Set<String> before = PodAvailabilityWatch.uids(world, "app");

        try (PodAvailabilityWatch watch = new PodAvailabilityWatch(world, Map.of("app", 3))) {
            world.apply(manifests.replace("image: redis:7.0.15", "image: redis:7.2.4"));
            Await.until("the first restart of the rollout", Duration.ofSeconds(40),
                    () -> Optional.ofNullable(world.eventCounts().get("PodRestarted")));
            world.stopOperator();
            // While the operator is down nobody restarts a pod: the count stays where the stopped operator left it.
            long restarted = world.eventCounts().get("PodRestarted");
            long deadline = System.nanoTime() + OPERATOR_DOWN.toNanos();
            while (System.nanoTime() < deadline) {
                assertThat(world.eventCounts().get("PodRestarted")).as("restarts while the operator is down").isEqualTo(restarted);
                LockSupport.parkNanos(SAMPLE.toNanos());
            }
            world.startOperator();

            Await.until("every pod replaced and the replication Ready on the new revision", Duration.ofSeconds(120), () -> {
                Set<String> now = new HashSet<>(PodAvailabilityWatch.uids(world, "app"));
                return now.size() == 3 && now.stream().noneMatch(before::contains)
                        && ImageChangeRollsTheSentinelGroupIT.upToDateAndReady(world.get(RedisReplication.class, "app")) ? Optional.of(true) : Optional.empty();
            });
            assertThat(watch.fewestReady("app")).as("data pods ready at the worst moment").isGreaterThanOrEqualTo(2);
        }
        assertThat(world.eventCounts().get("PodRestarted")).as("each pod restarted once").isEqualTo(3L);
        try (Jedis jedis = world.connect(world.get(RedisReplication.class, "app").getStatus().masterNode, PASSWORD)) {
            for (int i = 0; i < 500; i += 50) {
                assertThat(jedis.get("k" + i)).isEqualTo("v" + i);
            }
        }
    }
}
