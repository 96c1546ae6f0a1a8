package io.qsredis.it.operator;

import io.qsredis.it.fixtures.ClusterManifests;
import io.qsredis.model.RedisCluster;
import io.qsredis.model.RedisClusterStatus;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A RedisCluster of 3 shards, each a leader and a follower, reached by a cluster client through the pods' addresses:
 * the operator forms the cluster (3 masters owning all slots, one replica each); when a leader's pod is deleted and
 * comes back empty at a new address, the cluster heals: the replica took over, the new node joins as a replica, the
 * node it replaced is forgotten, and no key is lost. Then clusterSize 3 -> 2: the last shard's slots are drained to the
 * staying masters before its pods go, and no key is lost.
 */
class RedisClusterIT {
    private static final String PASSWORD = "cluster-pw";
    private static final String MANIFESTS = ClusterManifests.shop(PASSWORD);
    private static final List<String> PODS = ClusterManifests.PODS;
    private static final List<String> STAYING = List.of("shop-leader-0", "shop-leader-1", "shop-follower-0", "shop-follower-1");
    private static final int KEYS = 2_000;

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void theOperatorFormsTheClusterHealsItWhenALeaderComesBackEmptyAtANewAddressAndDrainsAShardBeforeScalingIn() {
        world.apply(MANIFESTS);
        RedisCluster ready = world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(60));
        assertThat(ready.getStatus().state).isEqualTo(RedisClusterStatus.RedisClusterState.Ready);
        assertThat(ready.getStatus().readyLeaderReplicas).isEqualTo(3);
        assertThat(ready.getStatus().readyFollowerReplicas).isEqualTo(3);
        assertHealthyThreeByOne();
        try (JedisCluster client = client()) {
            IntStream.range(0, KEYS).forEach(i -> client.set("k" + i, "v" + i));
        }

        String gone = "shop-leader-0";
        String oldAddress = world.podIp(gone);
        world.hooks().deletePod(TestingOperatorWorld.NAMESPACE, gone);
        world.hooks().awaitReadyAtNewAddress(TestingOperatorWorld.NAMESPACE, gone, oldAddress, Duration.ofSeconds(30));

        Await.until("every node sees 3 masters with one replica each and no failed node", Duration.ofSeconds(60), () -> healthy(PODS, 3));
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(30));
        try (JedisCluster client = client()) {
            assertThat(IntStream.range(0, KEYS).filter(i -> !("v" + i).equals(client.get("k" + i))).count()).as("keys lost").isZero();
        }

        world.apply(MANIFESTS.replace("clusterSize: 3", "clusterSize: 2"));
        Await.until("the StatefulSets shrunk to 2 leaders and 2 followers after the drain", Duration.ofSeconds(60), () ->
                replicas("shop-leader") == 2 && replicas("shop-follower") == 2);
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(60));
        Await.until("every staying node sees 2 masters with one replica each", Duration.ofSeconds(60), () -> healthy(STAYING, 2));
        try (JedisCluster client = client(STAYING)) {
            assertThat(IntStream.range(0, KEYS).filter(i -> !("v" + i).equals(client.get("k" + i))).count()).as("keys lost by the scale-in").isZero();
        }
    }

    private int replicas(String statefulSet) {
        return world.client().apps().statefulSets().inNamespace(TestingOperatorWorld.NAMESPACE).withName(statefulSet).get().getSpec().getReplicas();
    }

    private JedisCluster client() {
        return client(PODS);
    }

    private JedisCluster client(List<String> pods) {
        Set<HostAndPort> nodes = pods.stream().map(pod -> new HostAndPort(world.podIp(pod), 6379)).collect(Collectors.toSet());
        return new JedisCluster(nodes, TestingOperatorWorld.clientConfig(PASSWORD), 5);
    }

    private void assertHealthyThreeByOne() {
        assertThat(healthy(PODS, 3)).as("3 masters, one replica each, every node ok").isTrue();
    }

    /** Every pod reports cluster_state:ok and sees exactly the pods, {@code masters} masters with one replica each, none failed. */
    private boolean healthy(List<String> pods, int masters) {
        for (String pod : pods) {
            try (Jedis jedis = world.connect(pod, PASSWORD)) {
                if (!jedis.clusterInfo().contains("cluster_state:ok")) {
                    return false;
                }
                List<String[]> lines = jedis.clusterNodes().lines().map(line -> line.split(" ")).toList();
                if (lines.size() != pods.size() || lines.stream().anyMatch(l -> l[2].contains("fail"))) {
                    return false;
                }
                Map<String, Long> replicasByMaster = lines.stream().filter(l -> l[2].contains("slave"))
                        .collect(Collectors.groupingBy(l -> l[3], Collectors.counting()));
                long seenMasters = lines.stream().filter(l -> l[2].contains("master")).count();
                if (seenMasters != masters || replicasByMaster.size() != masters || replicasByMaster.values().stream().anyMatch(n -> n != 1)) {
                    return false;
                }
            } catch (RuntimeException notYet) {
                return false;
            }
        }
        return true;
    }
}
