package io.qsredis.it.operator;

import io.qsredis.it.fixtures.SentinelGroupManifests;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.operator.testbed.Await;
import org.junit.jupiter.api.AfterEach;
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
 * The operator is stopped; the master's pod goes away and Sentinel fails over on its own; the operator starts again and
 * must adopt Sentinel's choice: report it, label it, point the re-created pod at it, and never move the master back.
 */
class OperatorRestartAdoptsSentinelChoiceIT {
    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @AfterEach
    void tearDown() {
        world.close();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theRestartedOperatorAdoptsTheMasterSentinelChoseWhileItWasAway() {
        world.apply(MasterCrashScenario.SECRET + "---\n" + SentinelGroupManifests.replicationWithSentinels("mymaster", 1000));
        world.awaitHealthy(RedisReplication.class, "app", Duration.ofSeconds(40));
        world.awaitHealthy(RedisSentinel.class, "app", Duration.ofSeconds(20));
        String oldMaster = world.get(RedisReplication.class, "app").getStatus().masterNode;
        String oldAddress = world.podIp(oldMaster);
        List<HostAndPort> sentinels = List.copyOf(world.sentinelAddresses("app-sentinel"));
        List<String> acknowledged;
        try (JedisSentinelPool pool = new JedisSentinelPool("mymaster", world.sentinelAddresses("app-sentinel"),
                TestingOperatorWorld.clientConfig(MasterCrashScenario.PASSWORD), TestingOperatorWorld.clientConfig(null))) {
            acknowledged = MasterCrashScenario.writeAcknowledged(pool, "k", 50);
        }

        world.stopOperator();
        world.hooks().deletePod(TestingOperatorWorld.NAMESPACE, oldMaster);
        String chosen = Await.until("Sentinel's own failover", Duration.ofSeconds(20), () -> masterNamedBy(sentinels)
                .filter(address -> !address.equals(oldAddress)));
        world.hooks().awaitReadyAtNewAddress(TestingOperatorWorld.NAMESPACE, oldMaster, oldAddress, Duration.ofSeconds(30));

        world.startOperator();

        String adopted = Await.until("status.masterNode adopting Sentinel's choice", Duration.ofSeconds(15), () ->
                Optional.ofNullable(world.get(RedisReplication.class, "app").getStatus().masterNode).filter(name -> !name.equals(oldMaster)));
        assertThat(world.podIp(adopted)).isEqualTo(chosen);
        Await.until("labels and the app-master Service on Sentinel's choice", Duration.ofSeconds(15), () ->
                "master".equals(world.labels(adopted).get("redis-role"))
                        && world.serviceEndpoints("app-master").equals(List.of(chosen + ":6379")));
        Await.until("the re-created pod replicating Sentinel's choice", Duration.ofSeconds(20), () -> {
            try (Jedis jedis = world.connect(oldMaster, MasterCrashScenario.PASSWORD)) {
                String info = jedis.info("replication");
                return info.contains("role:slave") && info.contains("master_host:" + chosen) && info.contains("master_link_status:up");
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        assertThat(masterNamedBy(sentinels)).as("the operator never moved the master back").hasValue(chosen);
        try (Jedis master = new Jedis(new HostAndPort(chosen, 6379), TestingOperatorWorld.clientConfig(MasterCrashScenario.PASSWORD))) {
            assertThat(master.mget(acknowledged.toArray(String[]::new))).doesNotContainNull();
        }
    }

    private static Optional<String> masterNamedBy(List<HostAndPort> sentinels) {
        for (HostAndPort sentinel : sentinels) {
            try (Jedis jedis = new Jedis(sentinel, TestingOperatorWorld.clientConfig(null))) {
                List<String> address = jedis.sentinelGetMasterAddrByName("mymaster");
                if (address != null && !address.isEmpty()) {
                    return Optional.of(address.get(0));
                }
            } catch (RuntimeException next) {
                // ask the next Sentinel
            }
        }
        return Optional.empty();
    }
}
