package io.qsredis.it.operator;

import io.qsredis.it.fixtures.ClusterManifests;
import io.qsredis.model.RedisCluster;
import io.qsredis.operator.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A RedisCluster master's pod is deleted: the operator fails its shard over to the replica at once (CLUSTER FAILOVER
 * FORCE) instead of the cluster waiting out cluster-node-timeout, so the master's slots take writes again within 3 s
 * with every acknowledged write; the pod comes back at a new address and joins as a replica.
 */
class ClusterMasterPodDeletedFailsOverAtOnceIT {
    private static final String PASSWORD = "cluster-pw";
    private static final Duration BUDGET = Duration.ofSeconds(3);

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void theDeletedMastersSlotsWriteAgainWithinThreeSecondsWithEveryAcknowledgedWriteAndThePodReturnsAsAReplica() {
        world.apply(ClusterManifests.shop(PASSWORD));
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(60));
        String victim = ClusterManifests.PODS.stream().filter(this::servesSlots).findFirst().orElseThrow();
        String oldAddress = world.podIp(victim);
        String tag = tagServedBy(victim);
        List<String> acknowledged = new ArrayList<>();
        try (Jedis master = world.connect(victim, PASSWORD)) {
            for (int i = 0; i < 200; i++) {
                master.set(tag + ":" + i, "v" + i);
                if (master.waitReplicas(1, 2_000) >= 1) {
                    acknowledged.add(tag + ":" + i);
                }
            }
        }
        assertThat(acknowledged).as("writes the replica acknowledged").hasSizeGreaterThan(150);

        try (JedisCluster client = client()) {
            long deleted = System.nanoTime();
            world.hooks().deletePod(TestingOperatorWorld.NAMESPACE, victim);
            Duration outage = Await.until("a write to the slots " + victim + " served", Duration.ofSeconds(30), () -> {
                try {
                    client.set(tag + ":after", "1");
                    return Optional.of(Duration.ofNanos(System.nanoTime() - deleted));
                } catch (RuntimeException unavailable) {
                    return Optional.empty();
                }
            });
            assertThat(outage).as("writes unavailable after the master's pod was deleted").isLessThan(BUDGET);
            assertThat(acknowledged.stream().filter(key -> client.get(key) == null).toList()).as("acknowledged writes lost").isEmpty();
        }

        world.hooks().awaitReadyAtNewAddress(TestingOperatorWorld.NAMESPACE, victim, oldAddress, Duration.ofSeconds(30));
        Await.until(victim + " replicating its former replica", Duration.ofSeconds(30), () -> {
            try (Jedis returned = world.connect(victim, PASSWORD)) {
                String info = returned.info("replication");
                return info.contains("role:slave") && info.contains("master_link_status:up") ? Optional.of(info) : Optional.empty();
            } catch (RuntimeException notYet) {
                return Optional.empty();
            }
        });
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(60));
    }

    private boolean servesSlots(String pod) {
        try (Jedis jedis = world.connect(pod, PASSWORD)) {
            return jedis.clusterNodes().lines().anyMatch(line -> line.contains("myself") && line.contains("master") && line.split(" ").length > 8);
        }
    }

    /** A hash tag whose slot {@code pod} serves. */
    private String tagServedBy(String pod) {
        try (Jedis jedis = world.connect(pod, PASSWORD)) {
            String[] mine = jedis.clusterNodes().lines().filter(line -> line.contains("myself")).findFirst().orElseThrow().split(" ");
            String[] range = mine[8].split("-");
            long first = Long.parseLong(range[0]);
            long last = range.length > 1 ? Long.parseLong(range[1]) : first;
            for (int i = 0; ; i++) {
                long slot = jedis.clusterKeySlot("{f" + i + "}");
                if (slot >= first && slot <= last) {
                    return "{f" + i + "}";
                }
            }
        }
    }

    private JedisCluster client() {
        Set<HostAndPort> nodes = ClusterManifests.PODS.stream().map(pod -> new HostAndPort(world.podIp(pod), 6379)).collect(Collectors.toSet());
        return new JedisCluster(nodes, TestingOperatorWorld.clientConfig(PASSWORD), 5);
    }
}
