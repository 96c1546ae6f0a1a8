package io.qsredis.it.operator;

import io.qsredis.it.fixtures.SentinelGroupManifests;
import io.qsredis.model.RedisReplication;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A replication without Sentinel and without persistence: its master's process is killed and restarted in place,
 * empty. Its replicas would wipe themselves by resyncing from it; the operator must promote a replica instead, and the
 * old master must come back as a replica of it. Servers start as replicas of nothing, so that this holds while the
 * operator is down too: the restarted master takes no write and is no source to resync from until the operator is back.
 */
class EmptyRestartedMasterNeverBecomesTheSourceIT {
    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void theEmptyMasterComesBackAsAReplicaOfASurvivingNodeAndNoAcknowledgedWriteIsLost() {
        String oldMaster = healthyReplication();
        List<String> acknowledged = writeAcknowledgedByBothReplicas(oldMaster);
        int restarts = world.hooks().restartCount(TestingOperatorWorld.NAMESPACE, oldMaster);

        world.hooks().crashContainer(TestingOperatorWorld.NAMESPACE, oldMaster);

        String promoted = Await.until("a replica promoted", Duration.ofSeconds(10), () ->
                Optional.ofNullable(world.get(RedisReplication.class, "app").getStatus().masterNode).filter(name -> !name.equals(oldMaster)));
        world.hooks().awaitRestartedAndReady(TestingOperatorWorld.NAMESPACE, oldMaster, restarts + 1, Duration.ofSeconds(15));
        String promotedIp = world.podIp(promoted);
        Await.until("the old master replicating the promoted one", Duration.ofSeconds(20), () -> {
            try (Jedis jedis = world.connect(oldMaster, MasterCrashScenario.PASSWORD)) {
                String info = jedis.info("replication");
                return info.contains("role:slave") && info.contains("master_host:" + promotedIp) && info.contains("master_link_status:up");
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        // Longer than repl-diskless-sync-delay (5 s): a replica syncing from the empty master would have wiped itself by now.
        world.awaitHealthy(RedisReplication.class, "app", Duration.ofSeconds(20));
        for (String pod : List.of("app-0", "app-1", "app-2")) {
            try (Jedis jedis = world.connect(pod, MasterCrashScenario.PASSWORD)) {
                assertThat(jedis.mget(acknowledged.toArray(String[]::new))).as("acknowledged writes on " + pod).doesNotContainNull();
            }
        }
        assertThat(world.labels(promoted)).containsEntry("redis-role", "master");
        assertThat(world.labels(oldMaster)).containsEntry("redis-role", "slave");
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void whileTheOperatorIsDownTheRestartedEmptyMasterRefusesWritesAndWipesNoReplica() {
        String oldMaster = healthyReplication();
        List<String> acknowledged = writeAcknowledgedByBothReplicas(oldMaster);
        int restarts = world.hooks().restartCount(TestingOperatorWorld.NAMESPACE, oldMaster);

        world.stopOperator();
        world.hooks().crashContainer(TestingOperatorWorld.NAMESPACE, oldMaster);
        world.hooks().awaitRestartedAndReady(TestingOperatorWorld.NAMESPACE, oldMaster, restarts + 1, Duration.ofSeconds(15));
        // Longer than repl-diskless-sync-delay (5 s): had it come back a master, its replicas would have resynced from it.
        sleep(Duration.ofSeconds(7));

        try (Jedis restarted = world.connect(oldMaster, MasterCrashScenario.PASSWORD)) {
            assertThat(restarted.info("replication")).contains("role:slave");
            assertThatThrownBy(() -> restarted.set("lost", "write")).hasMessageContaining("READONLY");
        }
        for (String pod : List.of("app-0", "app-1", "app-2")) {
            if (!pod.equals(oldMaster)) {
                try (Jedis replica = world.connect(pod, MasterCrashScenario.PASSWORD)) {
                    assertThat(replica.mget(acknowledged.toArray(String[]::new))).as("acknowledged writes on " + pod).doesNotContainNull();
                }
            }
        }

        world.startOperator();
        String promoted = Await.until("a replica promoted", Duration.ofSeconds(15), () ->
                Optional.ofNullable(world.get(RedisReplication.class, "app").getStatus().masterNode).filter(name -> !name.equals(oldMaster)));
        world.awaitHealthy(RedisReplication.class, "app", Duration.ofSeconds(30));
        for (String pod : List.of("app-0", "app-1", "app-2")) {
            try (Jedis jedis = world.connect(pod, MasterCrashScenario.PASSWORD)) {
                assertThat(jedis.mget(acknowledged.toArray(String[]::new))).as("acknowledged writes on " + pod).doesNotContainNull();
            }
        }
        assertThat(world.labels(promoted)).containsEntry("redis-role", "master");
    }

    /** Applies the replication of 3 (no Sentinel, no persistence), waits until it is healthy; returns its master. */
    private String healthyReplication() {
        world.apply(MasterCrashScenario.SECRET + "---\n" + SentinelGroupManifests.replication());
        world.awaitHealthy(RedisReplication.class, "app", Duration.ofSeconds(40));
        return world.get(RedisReplication.class, "app").getStatus().masterNode;
    }

    /** Writes 100 keys on the master, each acknowledged by both replicas ({@code WAIT 2}); returns the acknowledged ones. */
    private List<String> writeAcknowledgedByBothReplicas(String master) {
        List<String> acknowledged = new ArrayList<>();
        try (Jedis jedis = world.connect(master, MasterCrashScenario.PASSWORD)) {
            for (int i = 0; i < 100; i++) {
                jedis.set("k" + i, "v" + i);
                if (jedis.waitReplicas(2, 2_000) >= 2) {
                    acknowledged.add("k" + i);
                }
            }
        }
        assertThat(acknowledged).hasSizeGreaterThan(90);
        return acknowledged;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
