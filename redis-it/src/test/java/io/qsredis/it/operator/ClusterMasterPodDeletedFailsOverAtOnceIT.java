package io.qsredis.it.operator;

import io.qsredis.it.bench.Signals;
import io.qsredis.it.fixtures.ClusterManifests;
import io.qsredis.model.RedisCluster;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A RedisCluster master's pod is deleted: the operator fails its shard over to the replica at once (CLUSTER FAILOVER
 * FORCE) instead of the cluster waiting out cluster-node-timeout, so the master's slots take writes again within 3 s
 * with every acknowledged write; the pod comes back at a new address and joins as a replica, and once it has caught
 * up, mastership returns to it: masters are the {@code -leader} pods. A hung master whose pod is deleted lingers,
 * accepting connections and answering nothing, until its grace period ends: it is failed over at once all the same.
 */
class ClusterMasterPodDeletedFailsOverAtOnceIT {
    private static final Duration BUDGET = Duration.ofSeconds(3);
    /**
     * A pass that was already talking to the master when it hung waits out one node timeout (2 s) before the next pass
     * sees the pod deleted and fails it over.
     */
    private static final Duration HUNG_BUDGET = BUDGET.plusSeconds(2);

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();
    private final ShopCluster shop = new ShopCluster(world);

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void theDeletedMastersSlotsWriteAgainWithinThreeSecondsWithEveryAcknowledgedWriteAndMastershipReturnsToTheLeaderPod() {
        world.apply(ClusterManifests.shop(ShopCluster.PASSWORD));
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(60));
        assertThat(shop.masters(ClusterManifests.PODS)).as("masters after bootstrap").containsExactlyElementsOf(ClusterManifests.LEADERS);
        String victim = shop.aMaster();
        String oldAddress = world.podIp(victim);
        String tag = shop.tagServedBy(victim);
        List<String> acknowledged = shop.writeAcknowledged(victim, tag, 200);
        assertThat(acknowledged).as("writes the replica acknowledged").hasSizeGreaterThan(150);

        try (JedisCluster client = shop.client()) {
            long deleted = System.nanoTime();
            world.hooks().deletePod(TestingOperatorWorld.NAMESPACE, victim);
            Duration outage = ShopCluster.awaitWrite(client, tag + ":after", deleted);
            assertThat(outage).as("writes unavailable after the master's pod was deleted").isLessThan(BUDGET);
            assertThat(acknowledged.stream().filter(key -> client.get(key) == null).toList()).as("acknowledged writes lost").isEmpty();
        }

        world.hooks().awaitReadyAtNewAddress(TestingOperatorWorld.NAMESPACE, victim, oldAddress, Duration.ofSeconds(30));
        Await.until(victim + " replicating its former replica", Duration.ofSeconds(30), () -> shop.replicating(victim));
        Await.until("mastership back on the leader pods", Duration.ofSeconds(60), () -> shop.masters(ClusterManifests.PODS).equals(ClusterManifests.LEADERS));
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(60));
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aHungMastersPodBeingDeletedIsFailedOverBeforeItsGracePeriodEnds() {
        world.apply(ClusterManifests.shop(ShopCluster.PASSWORD));
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(60));
        String victim = shop.aMaster();
        String oldAddress = world.podIp(victim);
        String tag = shop.tagServedBy(victim);
        List<String> acknowledged = shop.writeAcknowledged(victim, tag, 100);
        String heirIp = shop.replicaOf(victim);
        // Stopped, the process ignores SIGTERM: it lingers until the kubelet kills it at the end of the grace period.
        Signals.stop(world.hooks().containerPid(TestingOperatorWorld.NAMESPACE, victim).orElseThrow());

        long deleted = System.nanoTime();
        world.hooks().deletePod(TestingOperatorWorld.NAMESPACE, victim);

        Duration outage = ShopCluster.awaitWriteAt(heirIp, tag + ":after", deleted, 300);
        assertThat(outage).as("writes unavailable after the hung master's pod was deleted").isLessThan(HUNG_BUDGET);
        try (Jedis heir = new Jedis(new HostAndPort(heirIp, 6379), TestingOperatorWorld.clientConfig(ShopCluster.PASSWORD))) {
            assertThat(heir.mget(acknowledged.toArray(String[]::new))).as("acknowledged writes on the new master").doesNotContainNull();
        }
        world.hooks().awaitReadyAtNewAddress(TestingOperatorWorld.NAMESPACE, victim, oldAddress, Duration.ofSeconds(60));
        Await.until("mastership back on the leader pods", Duration.ofSeconds(60), () -> shop.masters(ClusterManifests.PODS).equals(ClusterManifests.LEADERS));
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(60));
    }
}
