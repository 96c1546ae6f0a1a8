package io.qsredis.it.operator;

import io.qsredis.it.fixtures.SentinelGroupManifests;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.operator.testbed.Await;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ready means a failover could happen now: a RedisReplication watched by a RedisSentinel, its master's process killed
 * 0, 1, 3, 5 or 10 s after both first report Ready, writes again through Sentinel within the budget with every
 * acknowledged write (before Ready meant it, a kill in the first seconds left the group without a master for 90 s).
 */
class MasterKilledAnyMomentAfterReadyFailsOverIT {
    private static final Duration BUDGET = Duration.ofSeconds(10);

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @ParameterizedTest(name = "killed {0} s after Ready")
    @ValueSource(ints = {0, 1, 3, 5, 10})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aMasterKilledAnyMomentAfterReadyIsFailedOverWithinTheBudgetLosingNoAcknowledgedWrite(int secondsAfterReady) throws InterruptedException {
        world.apply(MasterCrashScenario.SECRET + "---\n" + SentinelGroupManifests.replicationWithSentinels("mymaster"));
        world.awaitReady(RedisReplication.class, "app", Duration.ofSeconds(60));
        world.awaitReady(RedisSentinel.class, "app", Duration.ofSeconds(30));
        Thread.sleep(secondsAfterReady * 1000L);

        String oldMaster = world.get(RedisReplication.class, "app").getStatus().masterNode;
        String oldMasterIp = world.podIp(oldMaster);
        try (JedisSentinelPool pool = new JedisSentinelPool("mymaster", world.sentinelAddresses("app-sentinel"),
                TestingOperatorWorld.clientConfig(MasterCrashScenario.PASSWORD), TestingOperatorWorld.clientConfig(null))) {
            List<String> acknowledged = MasterCrashScenario.writeAcknowledged(pool, "before:", 20);
            assertThat(acknowledged).as("writes a replica acknowledged").isNotEmpty();

            long killed = System.nanoTime();
            world.hooks().crashContainer(TestingOperatorWorld.NAMESPACE, oldMaster);
            Duration outage = Await.until("a write accepted by a new master", Duration.ofSeconds(60), () -> {
                try (Jedis jedis = pool.getResource()) {
                    jedis.set("after", "1");
                    HostAndPort at = pool.getCurrentHostMaster();
                    return at.getHost().equals(oldMasterIp) ? Optional.empty() : Optional.of(Duration.ofNanos(System.nanoTime() - killed));
                } catch (RuntimeException unavailable) {
                    return Optional.empty();
                }
            });
            assertThat(outage).as("writes unavailable after the master was killed").isLessThan(BUDGET);
            try (Jedis jedis = pool.getResource()) {
                assertThat(jedis.mget(acknowledged.toArray(String[]::new))).as("acknowledged writes on the new master").doesNotContainNull();
            }
        }
    }
}
