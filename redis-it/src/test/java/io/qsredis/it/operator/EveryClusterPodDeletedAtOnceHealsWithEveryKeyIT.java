package io.qsredis.it.operator;

import io.qsredis.it.fixtures.ClusterManifests;
import io.qsredis.model.RedisCluster;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A persistent RedisCluster (PVCs, AOF on) whose six pods are all deleted at once: they come back at new addresses with
 * their data and their nodes.conf. The followers are ready first, so the operator fails every shard over to them at once
 * ({@code TAKEOVER}); then the leaders come back holding the same keys and still claiming their slots under an older
 * config epoch. The cluster must heal: every node sees {@code cluster_state:ok}, three masters with one replica each,
 * and every write a replica acknowledged before the restart is readable. Upstream's clusters stay broken after this.
 */
class EveryClusterPodDeletedAtOnceHealsWithEveryKeyIT {
    private static final String STORAGE = """
              persistenceEnabled: true
              storage:
                volumeClaimTemplate:
                  spec:
                    accessModes: [ReadWriteOnce]
                    resources:
                      requests:
                        storage: 1Gi
            """;
    private static final String NODE_CONF = """
                nodeConfVolume: true
                nodeConfVolumeClaimTemplate:
                  spec:
                    accessModes: [ReadWriteOnce]
                    resources:
                      requests:
                        storage: 1Gi
            """;

    /** The leaders answer their readiness probe 6 s (testbed pace) after they start, as a node loading a large AOF would. */
    private static final String SLOW_LEADERS = """
              redisLeader:
                readinessProbe:
                  initialDelaySeconds: 60
            """;

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();
    private final ShopCluster shop = new ShopCluster(world);

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void withNodesConfOnItsOwnVolumeTheClusterHealsAndKeepsEveryAcknowledgedKey() {
        restartEveryPodAndExpectEveryKey(ClusterManifests.shop(ShopCluster.PASSWORD) + STORAGE + NODE_CONF + SLOW_LEADERS);
    }

    private void restartEveryPodAndExpectEveryKey(String manifests) {
        world.apply(manifests);
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(90));
        List<String> acknowledged = new ArrayList<>();
        for (String master : shop.masters(ClusterManifests.PODS)) {
            acknowledged.addAll(shop.writeAcknowledged(master, shop.tagServedBy(master), 100));
        }
        assertThat(acknowledged).as("writes a replica acknowledged").hasSizeGreaterThan(250);
        List<String> oldAddresses = ClusterManifests.PODS.stream().map(world::podIp).toList();

        ClusterManifests.PODS.forEach(pod -> world.hooks().deletePod(TestingOperatorWorld.NAMESPACE, pod));
        for (int i = 0; i < ClusterManifests.PODS.size(); i++) {
            world.hooks().awaitReadyAtNewAddress(TestingOperatorWorld.NAMESPACE, ClusterManifests.PODS.get(i), oldAddresses.get(i),
                    Duration.ofSeconds(60));
        }

        Await.until("every node reports cluster_state:ok and sees 3 masters with one replica each", Duration.ofSeconds(90), this::healed);
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(60));
        try (JedisCluster client = shop.client()) {
            assertThat(acknowledged.stream().filter(key -> client.get(key) == null).toList()).as("acknowledged keys lost").isEmpty();
        }
    }

    private boolean healed() {
        for (String pod : ClusterManifests.PODS) {
            try (Jedis jedis = world.connect(pod, ShopCluster.PASSWORD)) {
                if (!jedis.clusterInfo().contains("cluster_state:ok")) {
                    return false;
                }
                List<String[]> lines = jedis.clusterNodes().lines().map(line -> line.split(" ")).toList();
                long masters = lines.stream().filter(l -> l[2].contains("master") && l.length > 8).count();
                long replicas = lines.stream().filter(l -> l[2].contains("slave")).count();
                if (lines.size() != ClusterManifests.PODS.size() || masters != 3 || replicas != 3
                        || lines.stream().anyMatch(l -> l[2].contains("fail"))) {
                    return false;
                }
            } catch (RuntimeException notYet) {
                return false;
            }
        }
        return true;
    }
}
