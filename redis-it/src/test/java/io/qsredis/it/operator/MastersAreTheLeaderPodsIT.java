package io.qsredis.it.operator;

import io.qsredis.it.fixtures.ClusterManifests;
import io.qsredis.model.RedisCluster;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upstream's contract: a RedisCluster's masters are its {@code -leader} pods and its replicas the {@code -follower}
 * pods, so that the {@code -leader} Services and PDBs mean what they say: after the bootstrap, after a scale-out and
 * after every pod restarted at once.
 */
class MastersAreTheLeaderPodsIT {

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();
    private final ShopCluster shop = new ShopCluster(world);

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void afterBootstrapScaleOutAndAFullRestartEveryMasterIsALeaderPod() {
        world.apply(ClusterManifests.shop(ShopCluster.PASSWORD));
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(60));
        assertThat(shop.masters(ClusterManifests.PODS)).as("masters after bootstrap").isEqualTo(leaders(3));

        world.apply(ClusterManifests.shop(ShopCluster.PASSWORD).replace("clusterSize: 3", "clusterSize: 4"));
        List<String> pods = pods(4);
        Await.until("4 shards served by the 4 leader pods", Duration.ofSeconds(90), () -> shop.masters(pods).equals(leaders(4)));
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(60));

        List<String> oldAddresses = pods.stream().map(world::podIp).toList();
        pods.forEach(pod -> world.hooks().deletePod(TestingOperatorWorld.NAMESPACE, pod));
        for (int i = 0; i < pods.size(); i++) {
            world.hooks().awaitReadyAtNewAddress(TestingOperatorWorld.NAMESPACE, pods.get(i), oldAddresses.get(i), Duration.ofSeconds(60));
        }
        Await.until("after a full restart, the 4 leader pods serving the 4 shards", Duration.ofSeconds(90),
                () -> shop.masters(pods).equals(leaders(4)));
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(60));
    }

    private static List<String> leaders(int shards) {
        List<String> leaders = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            leaders.add("shop-leader-" + i);
        }
        return leaders;
    }

    private static List<String> pods(int shards) {
        List<String> pods = new ArrayList<>(leaders(shards));
        for (int i = 0; i < shards; i++) {
            pods.add("shop-follower-" + i);
        }
        return pods;
    }
}
