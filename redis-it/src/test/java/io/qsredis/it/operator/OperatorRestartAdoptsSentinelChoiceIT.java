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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator is stopped; the master's pod goes away and Sentinel fails over on its own; the operator starts again and
 * must adopt Sentinel's choice: report it, label it, point the re-created pod at it, and never choose a master itself.
 *
 * <p>Sentinel's choice is the master all Sentinels name once they agree, not the first answer: with
 * {@code down-after-milliseconds 1000} on a loaded machine, stock Sentinel may fail over a second time on its own (the
 * freshly promoted master does not answer its first PING within a second, and the peers' down votes about the old master
 * still count toward the quorum), and the operator must follow that too.
 */
class OperatorRestartAdoptsSentinelChoiceIT {
    /** Events by which the operator itself would move the master: a promotion, a failover it asks for or starts. */
    private static final List<String> OPERATOR_CHOICES = List.of("Promoted", "FailoverRequested", "FailoverStarted");

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theRestartedOperatorAdoptsTheMasterSentinelChoseWhileItWasAway() {
        world.apply(MasterCrashScenario.SECRET + "---\n" + SentinelGroupManifests.replicationWithSentinels("mymaster", 1000));
        world.awaitHealthy(RedisReplication.class, "app", Duration.ofSeconds(40));
        world.awaitHealthy(RedisSentinel.class, "app", Duration.ofSeconds(20));
        String oldMaster = world.get(RedisReplication.class, "app").getStatus().masterNode;
        String oldAddress = world.podIp(oldMaster);
        List<String> acknowledged;
        try (JedisSentinelPool pool = new JedisSentinelPool("mymaster", world.sentinelAddresses("app-sentinel"),
                TestingOperatorWorld.clientConfig(MasterCrashScenario.PASSWORD), TestingOperatorWorld.clientConfig(null))) {
            acknowledged = MasterCrashScenario.writeAcknowledged(pool, "k", 50);
        }

        world.stopOperator();
        world.hooks().deletePod(TestingOperatorWorld.NAMESPACE, oldMaster);
        Await.until("Sentinel's own failover", Duration.ofSeconds(20), () -> world.agreedMaster("app-sentinel", "mymaster").filter(address -> !address.equals(oldAddress)));
        world.hooks().awaitReadyAtNewAddress(TestingOperatorWorld.NAMESPACE, oldMaster, oldAddress, Duration.ofSeconds(30));
        Map<String, Long> eventsBefore = world.eventCounts();

        world.startOperator();

        String adopted = Await.until("status, labels, the app-master Service and the re-created pod on the master all Sentinels name",
                Duration.ofSeconds(40), () -> world.agreedMaster("app-sentinel", "mymaster").flatMap(chosen -> adoptedEverywhere(chosen, oldMaster)));
        Map<String, Long> eventsAfter = world.eventCounts();
        for (String reason : OPERATOR_CHOICES) {
            assertThat(eventsAfter.getOrDefault(reason, 0L)).as("the operator chose no master itself (%s events)", reason)
                    .isEqualTo(eventsBefore.getOrDefault(reason, 0L));
        }
        try (Jedis master = new Jedis(new HostAndPort(world.podIp(adopted), 6379), TestingOperatorWorld.clientConfig(MasterCrashScenario.PASSWORD))) {
            assertThat(master.mget(acknowledged.toArray(String[]::new))).doesNotContainNull();
        }
    }

    /** The pod at {@code chosen} when status, its labels, the master Service and the re-created pod all follow it. */
    private Optional<String> adoptedEverywhere(String chosen, String recreated) {
        Optional<String> reported = Optional.ofNullable(world.get(RedisReplication.class, "app").getStatus().masterNode)
                .filter(name -> chosen.equals(world.podIp(name)));
        if (reported.isEmpty() || !"master".equals(world.labels(reported.get()).get("redis-role"))
                || !world.serviceEndpoints("app-master").equals(List.of(chosen + ":6379"))) {
            return Optional.empty();
        }
        try (Jedis jedis = world.connect(recreated, MasterCrashScenario.PASSWORD)) {
            String info = jedis.info("replication");
            boolean follows = info.contains("role:slave") && info.contains("master_host:" + chosen) && info.contains("master_link_status:up");
            return follows ? reported : Optional.empty();
        } catch (RuntimeException notYet) {
            return Optional.empty();
        }
    }
}
