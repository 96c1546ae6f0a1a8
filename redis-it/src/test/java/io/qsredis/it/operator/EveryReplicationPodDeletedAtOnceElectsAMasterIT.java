package io.qsredis.it.operator;

import io.qsredis.it.fixtures.SentinelGroupManifests;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Redis pod of a Sentinel-watched replication deleted at once, persistence on: the pods come back at new
 * addresses as replicas of nothing, and the Sentinels know only the old addresses, so they cannot fail over. The
 * operator promotes the server holding the most of the stream, points the others and the Sentinels at it, and every
 * acknowledged key is back (before, the group stayed without a master for more than 190 s).
 */
class EveryReplicationPodDeletedAtOnceElectsAMasterIT {
    private static final List<String> SERVERS = List.of("app-0", "app-1", "app-2");

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void theOperatorPromotesAServerWithEveryAcknowledgedKeyAndTheSentinelsFollowIt() {
        world.apply(MasterCrashScenario.SECRET + "---\n"
                + SentinelGroupManifests.withSentinels(SentinelGroupManifests.persistentReplication(), "mymaster", 5000));
        world.awaitReady(RedisReplication.class, "app", Duration.ofSeconds(60));
        world.awaitReady(RedisSentinel.class, "app", Duration.ofSeconds(30));
        List<String> acknowledged;
        try (JedisSentinelPool pool = new JedisSentinelPool("mymaster", world.sentinelAddresses("app-sentinel"),
                TestingOperatorWorld.clientConfig(MasterCrashScenario.PASSWORD), TestingOperatorWorld.clientConfig(null))) {
            acknowledged = MasterCrashScenario.writeAcknowledged(pool, "kept:", 100);
        }
        assertThat(acknowledged).as("writes a replica acknowledged").hasSizeGreaterThan(80);
        List<String> oldAddresses = SERVERS.stream().map(world::podIp).toList();

        SERVERS.forEach(pod -> world.hooks().deletePod(TestingOperatorWorld.NAMESPACE, pod));
        for (int i = 0; i < SERVERS.size(); i++) {
            world.hooks().awaitReadyAtNewAddress(TestingOperatorWorld.NAMESPACE, SERVERS.get(i), oldAddresses.get(i), Duration.ofSeconds(60));
        }

        HostAndPort master = Await.until("every Sentinel naming a writable master at a new address", Duration.ofSeconds(60),
                () -> world.agreedMaster("app-sentinel", "mymaster").filter(ip -> !oldAddresses.contains(ip)).flatMap(ip -> {
                    try (Jedis jedis = new Jedis(new HostAndPort(ip, 6379), TestingOperatorWorld.clientConfig(MasterCrashScenario.PASSWORD))) {
                        jedis.set("after", "1");
                        return Optional.of(new HostAndPort(ip, 6379));
                    } catch (RuntimeException notYet) {
                        return Optional.empty();
                    }
                }));
        try (Jedis jedis = new Jedis(master, TestingOperatorWorld.clientConfig(MasterCrashScenario.PASSWORD))) {
            assertThat(jedis.mget(acknowledged.toArray(String[]::new))).as("acknowledged keys on the new master").doesNotContainNull();
        }
        world.awaitReady(RedisReplication.class, "app", Duration.ofSeconds(60));
    }
}
