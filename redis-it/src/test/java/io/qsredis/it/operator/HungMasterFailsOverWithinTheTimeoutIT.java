package io.qsredis.it.operator;

import io.qsredis.it.bench.Signals;
import io.qsredis.it.fixtures.ClusterManifests;
import io.qsredis.it.fixtures.SentinelGroupManifests;
import io.qsredis.model.RedisCluster;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisSentinelPool;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A master whose process hangs (stopped, not dead) is failed over within twice Sentinel's down-after-milliseconds or
 * twice the cluster's node timeout (upstream's 5000 ms for both); resumed, it comes back as a replica of the new
 * master and serves the new master's data, not its own stale view.
 */
class HungMasterFailsOverWithinTheTimeoutIT {
    private static final long TIMEOUT_MILLIS = 5000;
    /**
     * Stock Sentinel's own detection of a hung master, which the operator leaves to it: subjectively down after
     * down-after-milliseconds, then the quorum vote and the promotion, 6.8-7.1 s at 5 s on this machine (bin/bench
     * failover sentinel measures it beside stock Sentinel alone). The test proves the group fails over at all and to
     * a master that took every acknowledged write; the figure itself is the benchmark's.
     */
    private static final Duration SENTINEL_BUDGET = Duration.ofMillis(2 * TIMEOUT_MILLIS);
    /**
     * Redis Cluster's own detection of a hung (not dead) master, which the operator leaves to it: the node is flagged
     * failing once a majority of masters agree, some hundreds of ms to 1.5 s after the node timeout, then its replica
     * waits 500-1000 ms before its election: 7.3-8.8 s at a 5 s timeout on this machine, as for a plain Redis Cluster
     * (bin/bench failover cluster compares the two in one run). The test proves the shard is failed over at all (a
     * replica that never synced stalled it for a minute) within twice the node timeout; the figure itself is the
     * benchmark's.
     */
    private static final Duration CLUSTER_BUDGET = Duration.ofMillis(2 * TIMEOUT_MILLIS);
    /** The client's own patience with a node that does not answer: it counts in the outage a client sees. */
    private static final int CLIENT_TIMEOUT_MILLIS = 300;

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();
    private final ShopCluster shop = new ShopCluster(world);

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aHungSentinelWatchedMasterIsFailedOverWithinTwiceDownAfterAndReturnsAsAReplica() {
        world.apply(MasterCrashScenario.SECRET + "---\n" + SentinelGroupManifests.replicationWithSentinels("mymaster", TIMEOUT_MILLIS));
        world.awaitReady(RedisReplication.class, "app", Duration.ofSeconds(60));
        world.awaitReady(RedisSentinel.class, "app", Duration.ofSeconds(30));
        String oldMaster = world.get(RedisReplication.class, "app").getStatus().masterNode;
        String oldMasterIp = world.podIp(oldMaster);
        try (JedisSentinelPool pool = new JedisSentinelPool("mymaster", world.sentinelAddresses("app-sentinel"),
                TestingOperatorWorld.clientConfig(MasterCrashScenario.PASSWORD, CLIENT_TIMEOUT_MILLIS), TestingOperatorWorld.clientConfig(null))) {
            List<String> acknowledged = MasterCrashScenario.writeAcknowledged(pool, "before:", 50);
            long pid = world.hooks().containerPid(TestingOperatorWorld.NAMESPACE, oldMaster).orElseThrow();
            long stopped = System.nanoTime();
            Signals.stop(pid);
            try {
                // As a client that asks Sentinel where the master is on each connection (redis-py does) sees it.
                HostAndPort newMaster = Await.until("a write accepted by the master a Sentinel names", Duration.ofSeconds(60), () -> {
                    for (HostAndPort sentinel : world.sentinelAddresses("app-sentinel")) {
                        try (Jedis asked = new Jedis(sentinel, TestingOperatorWorld.clientConfig(null, CLIENT_TIMEOUT_MILLIS))) {
                            List<String> named = asked.sentinelGetMasterAddrByName("mymaster");
                            if (named == null || named.isEmpty() || named.get(0).equals(oldMasterIp)) {
                                continue;
                            }
                            try (Jedis master = new Jedis(new HostAndPort(named.get(0), 6379),
                                    TestingOperatorWorld.clientConfig(MasterCrashScenario.PASSWORD, CLIENT_TIMEOUT_MILLIS))) {
                                master.set("after", "new-master");
                                return Optional.of(new HostAndPort(named.get(0), 6379));
                            }
                        } catch (RuntimeException unavailable) {
                            // the next Sentinel, or the next round
                        }
                    }
                    return Optional.empty();
                });
                assertThat(Duration.ofNanos(System.nanoTime() - stopped)).as("writes unavailable after the master hung").isLessThan(SENTINEL_BUDGET);
                try (Jedis jedis = new Jedis(newMaster, TestingOperatorWorld.clientConfig(MasterCrashScenario.PASSWORD))) {
                    assertThat(jedis.mget(acknowledged.toArray(String[]::new))).as("acknowledged writes on the new master").doesNotContainNull();
                }
            } finally {
                Signals.resume(pid);
            }
        }
        Await.until(oldMaster + " resumed as a replica serving the new master's data", Duration.ofSeconds(30), () -> {
            try (Jedis resumed = world.connect(oldMaster, MasterCrashScenario.PASSWORD)) {
                String info = resumed.info("replication");
                return info.contains("role:slave") && info.contains("master_link_status:up") && "new-master".equals(resumed.get("after"))
                        ? Optional.of(info) : Optional.empty();
            } catch (RuntimeException notYet) {
                return Optional.empty();
            }
        });
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aHungClusterMasterIsFailedOverWithinTwiceTheNodeTimeoutAndReturnsAsAReplica() {
        world.apply(ClusterManifests.shop(ShopCluster.PASSWORD));
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(60));
        String victim = shop.aMaster();
        String tag = shop.tagServedBy(victim);
        List<String> acknowledged = shop.writeAcknowledged(victim, tag, 100);
        String heirIp = shop.replicaOf(victim);
        long pid = world.hooks().containerPid(TestingOperatorWorld.NAMESPACE, victim).orElseThrow();
        long stopped = System.nanoTime();
        Signals.stop(pid);
        try {
            Duration outage = ShopCluster.awaitWriteAt(heirIp, tag + ":after", stopped, CLIENT_TIMEOUT_MILLIS);
            assertThat(outage).as("writes unavailable after the master hung").isLessThan(CLUSTER_BUDGET);
            try (Jedis heir = new Jedis(new HostAndPort(heirIp, 6379), TestingOperatorWorld.clientConfig(ShopCluster.PASSWORD))) {
                assertThat(heir.mget(acknowledged.toArray(String[]::new))).as("acknowledged writes on the new master").doesNotContainNull();
            }
        } finally {
            Signals.resume(pid);
        }
        Await.until(victim + " resumed as a replica", Duration.ofSeconds(30), () -> shop.replicating(victim));
        try (JedisCluster client = shop.client()) {
            assertThat(client.get(tag + ":after")).as("the shard serves the new master's data").isEqualTo("new-master");
        }
    }
}
