package io.qsredis.it.operator;

import io.qsredis.it.fixtures.ClusterManifests;
import io.qsredis.it.fixtures.SentinelGroupManifests;
import io.qsredis.model.RedisCluster;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
 * Ready means a failover could happen now: a master's process killed 0, 1 or 3 s after its resource first reports
 * Ready writes again within the budget with every acknowledged write, for a RedisReplication watched by a
 * RedisSentinel, one with its own Sentinels, and a RedisCluster (before Ready meant it, a kill in the first seconds
 * left a Sentinel group without a master for 90 s). A kill in the steady state is the Sentinel groups' crash tests'
 * ({@code MasterCrashFailsOverWith*IT}); for the cluster, 10 s after Ready stands for it here.
 */
class MasterKilledAnyMomentAfterReadyFailsOverIT {
    private static final Duration SENTINEL_BUDGET = Duration.ofSeconds(10);
    private static final Duration CLUSTER_BUDGET = Duration.ofSeconds(5);

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @ParameterizedTest(name = "killed {0} s after Ready")
    @ValueSource(ints = {0, 1, 3})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aRedisSentinelGroupsMasterKilledAnyMomentAfterReadyIsFailedOverWithinTheBudget(int secondsAfterReady) throws InterruptedException {
        world.apply(MasterCrashScenario.SECRET + "---\n" + SentinelGroupManifests.replicationWithSentinels("mymaster"));
        world.awaitReady(RedisReplication.class, "app", Duration.ofSeconds(60));
        world.awaitReady(RedisSentinel.class, "app", Duration.ofSeconds(30));
        Thread.sleep(secondsAfterReady * 1000L);

        killTheMasterAndWriteAgain("app-sentinel", "mymaster");
    }

    @ParameterizedTest(name = "killed {0} s after Ready")
    @ValueSource(ints = {0, 1, 3})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void anEmbeddedSentinelGroupsMasterKilledAnyMomentAfterReadyIsFailedOverWithinTheBudget(int secondsAfterReady) throws InterruptedException {
        world.apply(MasterCrashScenario.SECRET + "---\n" + SentinelGroupManifests.replication() + """
                  sentinel:
                    size: 3
                """);
        world.awaitReady(RedisReplication.class, "app", Duration.ofSeconds(60));
        Thread.sleep(secondsAfterReady * 1000L);

        killTheMasterAndWriteAgain("app-s-hl", "myMaster");
    }

    @ParameterizedTest(name = "killed {0} s after Ready")
    @ValueSource(ints = {0, 1, 3, 10})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aClusterMasterKilledAnyMomentAfterReadyIsFailedOverWithinTheBudget(int secondsAfterReady) throws InterruptedException {
        ShopCluster shop = new ShopCluster(world);
        world.apply(ClusterManifests.shop(ShopCluster.PASSWORD));
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(60));
        Thread.sleep(secondsAfterReady * 1000L);

        String victim = shop.aMaster();
        String tag = shop.tagServedBy(victim);
        List<String> acknowledged = shop.writeAcknowledged(victim, tag, 20);
        assertThat(acknowledged).as("writes the replica acknowledged").isNotEmpty();
        try (JedisCluster client = shop.client(500, 2)) {
            long killed = System.nanoTime();
            world.hooks().crashContainer(TestingOperatorWorld.NAMESPACE, victim);
            Duration outage = ShopCluster.awaitWrite(client, tag + ":after", killed);
            assertThat(outage).as("writes unavailable after the master was killed").isLessThan(CLUSTER_BUDGET);
            assertThat(acknowledged.stream().filter(key -> client.get(key) == null).toList()).as("acknowledged writes lost").isEmpty();
        }
    }

    /** Kills the master the Sentinels behind {@code sentinelService} name; a client through them must write again in time. */
    private void killTheMasterAndWriteAgain(String sentinelService, String group) {
        String oldMaster = world.get(RedisReplication.class, "app").getStatus().masterNode;
        String oldMasterIp = world.podIp(oldMaster);
        try (JedisSentinelPool pool = new JedisSentinelPool(group, world.sentinelAddresses(sentinelService),
                TestingOperatorWorld.clientConfig(MasterCrashScenario.PASSWORD, 500), TestingOperatorWorld.clientConfig(null))) {
            List<String> acknowledged = MasterCrashScenario.writeAcknowledged(pool, "before:", 20);
            assertThat(acknowledged).as("writes a replica acknowledged").isNotEmpty();

            long killed = System.nanoTime();
            world.hooks().crashContainer(TestingOperatorWorld.NAMESPACE, oldMaster);
            Duration outage = Await.until("a write accepted by a new master", Duration.ofSeconds(60), () -> {
                try (Jedis jedis = pool.getResource()) {
                    HostAndPort at = pool.getCurrentHostMaster();
                    if (at.getHost().equals(oldMasterIp)) {
                        return Optional.empty();
                    }
                    jedis.set("after", "1");
                    return Optional.of(Duration.ofNanos(System.nanoTime() - killed));
                } catch (RuntimeException unavailable) {
                    return Optional.empty();
                }
            });
            assertThat(outage).as("writes unavailable after the master was killed").isLessThan(SENTINEL_BUDGET);
            try (Jedis jedis = pool.getResource()) {
                assertThat(jedis.mget(acknowledged.toArray(String[]::new))).as("acknowledged writes on the new master").doesNotContainNull();
            }
        }
    }
}
