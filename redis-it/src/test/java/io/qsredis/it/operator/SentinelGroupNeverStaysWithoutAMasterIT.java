package io.qsredis.it.operator;

import io.qsredis.it.charts.Charts;
import io.qsredis.it.fixtures.SentinelGroupManifests;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Sentinel-watched replication gets a writable master again, named by every Sentinel, whatever fails with its
 * master: the Sentinel the operator asks first, the operator itself, every Sentinel, every server pod without
 * persistence, or the master's pod in a release of the Sentinel chart (persistence on).
 */
class SentinelGroupNeverStaysWithoutAMasterIT {
    private static final List<String> SENTINELS = List.of("app-sentinel-0", "app-sentinel-1", "app-sentinel-2");
    private static final List<String> SERVERS = List.of("app-0", "app-1", "app-2");
    private static final Duration BUDGET = Duration.ofSeconds(20);

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    private String readyGroup() {
        world.apply(MasterCrashScenario.SECRET + "---\n" + SentinelGroupManifests.replicationWithSentinels("mymaster"));
        world.awaitReady(RedisReplication.class, "app", Duration.ofSeconds(60));
        world.awaitReady(RedisSentinel.class, "app", Duration.ofSeconds(30));
        return world.get(RedisReplication.class, "app").getStatus().masterNode;
    }

    /** Waits until every Sentinel names one master other than {@code notAt}, and it takes a write; returns it. */
    private HostAndPort awaitWritableMaster(List<String> notAt, Duration within) {
        return Await.until("every Sentinel naming one writable master", within,
                () -> world.agreedMaster("app-sentinel", "mymaster").filter(ip -> !notAt.contains(ip)).flatMap(ip -> {
                    try (Jedis jedis = new Jedis(new HostAndPort(ip, 6379), TestingOperatorWorld.clientConfig(MasterCrashScenario.PASSWORD, 500))) {
                        jedis.set("after", "1");
                        return Optional.of(new HostAndPort(ip, 6379));
                    } catch (RuntimeException notYet) {
                        return Optional.empty();
                    }
                }));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theMasterAndTheSentinelAskedFirstDyingTogetherStillFailsOver() {
        String master = readyGroup();
        String masterIp = world.podIp(master);

        world.hooks().crashContainer(TestingOperatorWorld.NAMESPACE, master);
        world.hooks().crashContainer(TestingOperatorWorld.NAMESPACE, SENTINELS.get(0));

        awaitWritableMaster(List.of(masterIp), BUDGET);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aFailoverWhileTheOperatorIsDownIsFinishedAndReportedOnceItIsBack() {
        String master = readyGroup();
        String masterIp = world.podIp(master);

        world.stopOperator();
        world.hooks().crashContainer(TestingOperatorWorld.NAMESPACE, master);
        world.startOperator();

        HostAndPort promoted = awaitWritableMaster(List.of(masterIp), BUDGET);
        Await.until("status naming the promoted master", Duration.ofSeconds(30), () -> Optional.ofNullable(
                world.get(RedisReplication.class, "app").getStatus().masterNode).filter(name -> world.podIp(name).equals(promoted.getHost())));
        world.awaitReady(RedisReplication.class, "app", Duration.ofSeconds(30));
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void everySentinelRestartedAtOnceMonitorsTheMasterAgainAndCanFailItOver() {
        String master = readyGroup();
        String masterIp = world.podIp(master);

        // Deleted, so that each comes back as a new pod with an empty configuration, at a new address.
        List<String> oldSentinels = SENTINELS.stream().map(world::podIp).toList();
        SENTINELS.forEach(pod -> world.hooks().deletePod(TestingOperatorWorld.NAMESPACE, pod));
        for (int i = 0; i < SENTINELS.size(); i++) {
            world.hooks().awaitReadyAtNewAddress(TestingOperatorWorld.NAMESPACE, SENTINELS.get(i), oldSentinels.get(i), Duration.ofSeconds(60));
        }
        world.awaitReady(RedisSentinel.class, "app", Duration.ofSeconds(30));
        assertThat(awaitWritableMaster(List.of(), BUDGET).getHost()).as("the master the new Sentinels monitor").isEqualTo(masterIp);

        world.hooks().crashContainer(TestingOperatorWorld.NAMESPACE, master);
        awaitWritableMaster(List.of(masterIp), BUDGET);
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void theMastersPodDeletedInTheSentinelChartsReleaseFailsOver() {
        world.apply(Charts.template("qs-redis-sentinel", "app", TestingOperatorWorld.NAMESPACE,
                java.util.Map.of("auth.password", MasterCrashScenario.PASSWORD)));
        world.awaitReady(RedisReplication.class, "app", Duration.ofSeconds(60));
        world.awaitReady(RedisSentinel.class, "app", Duration.ofSeconds(30));
        String master = world.get(RedisReplication.class, "app").getStatus().masterNode;
        String masterIp = world.podIp(master);
        List<String> replicaIps = SERVERS.stream().filter(pod -> !pod.equals(master)).map(world::podIp).toList();

        world.hooks().deletePod(TestingOperatorWorld.NAMESPACE, master);

        HostAndPort promoted = awaitWritableMaster(List.of(masterIp), BUDGET);
        assertThat(promoted.getHost()).as("a replica promoted, not the master's pod back at a new address").isIn(replicaIps);
        world.awaitReady(RedisReplication.class, "app", Duration.ofSeconds(60));
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void everyServerPodDeletedWithoutPersistenceGetsAMasterAgain() {
        readyGroup();
        List<String> oldAddresses = SERVERS.stream().map(world::podIp).toList();

        SERVERS.forEach(pod -> world.hooks().deletePod(TestingOperatorWorld.NAMESPACE, pod));

        awaitWritableMaster(oldAddresses, Duration.ofSeconds(60));
        world.awaitReady(RedisReplication.class, "app", Duration.ofSeconds(60));
    }
}
