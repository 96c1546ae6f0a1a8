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
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.params.ClientKillParams;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The password in the Secret changes while a client is connected: every server takes it live (CONFIG SET), the
 * Sentinels take it as auth-pass, no process restarts, and the connected client notices nothing; only new connections
 * must use the new password.
 */
class PasswordRotationIT {
    private static final List<String> SERVERS = List.of("app-0", "app-1", "app-2");

    /** Times a Sentinel was told a changed auth-pass (at creation it comes with SENTINEL MONITOR). */
    private long sentinelAuthPassUpdates() {
        return world.client().v1().events().inNamespace(TestingOperatorWorld.NAMESPACE).list().getItems().stream()
                .filter(e -> "SentinelConfigured".equals(e.getReason()) && e.getMessage().contains("auth-pass"))
                .mapToLong(e -> e.getCount() == null ? 1 : e.getCount())
                .sum();
    }

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aNewPasswordIsAppliedLiveWithoutARestartAndConnectedClientsKeepWorking() throws InterruptedException {
        world.apply(SentinelGroupManifests.all("first-password", "mymaster", 1000));
        world.awaitHealthy(RedisReplication.class, "app", Duration.ofSeconds(40));
        world.awaitHealthy(RedisSentinel.class, "app", Duration.ofSeconds(20));
        String master = world.get(RedisReplication.class, "app").getStatus().masterNode;
        Map<String, Long> pids = new HashMap<>();
        SERVERS.forEach(pod -> pids.put(pod, world.hooks().containerPid(TestingOperatorWorld.NAMESPACE, pod).orElseThrow()));

        try (Jedis connected = world.connect(master, "first-password")) {
            connected.set("before", "1");

            world.apply(SentinelGroupManifests.all("second-password", "mymaster", 1000));

            Await.until("every server accepting only the new password", Duration.ofSeconds(15), () -> SERVERS.stream().allMatch(pod -> {
                try (Jedis fresh = world.connect(pod, "second-password")) {
                    fresh.ping();
                    return true;
                } catch (RuntimeException notYet) {
                    return false;
                }
            }));
            assertThat(connected.set("after", "2")).as("a connection opened before the switch").isEqualTo("OK");
            assertThat(connected.get("before")).isEqualTo("1");
        }
        for (String pod : SERVERS) {
            assertThatThrownBy(() -> world.connect(pod, "first-password").close()).as("the old password on " + pod)
                    .isInstanceOf(JedisAccessControlException.class);
            assertThat(world.hooks().containerPid(TestingOperatorWorld.NAMESPACE, pod)).as("no restart of " + pod).hasValue(pids.get(pod));
        }
        Await.until("replicas linked with the new masterauth", Duration.ofSeconds(10), () -> {
            try (Jedis jedis = world.connect(master, "second-password")) {
                return jedis.info("replication").contains("connected_slaves:2");
            }
        });
        Await.until("every Sentinel told the new auth-pass", Duration.ofSeconds(15), () -> sentinelAuthPassUpdates() >= 3);
        // Make every Sentinel reconnect: with a stale auth-pass they would see the master down after 1 s and fail over.
        try (Jedis jedis = world.connect(master, "second-password")) {
            jedis.clientKill(new ClientKillParams().type(ClientType.NORMAL).skipMe(ClientKillParams.SkipMe.YES));
        }
        Thread.sleep(3_000);
        for (String sentinel : world.serviceEndpoints("app-sentinel")) {
            try (Jedis jedis = new Jedis(HostAndPort.from(sentinel), TestingOperatorWorld.clientConfig(null))) {
                Map<String, String> group = jedis.sentinelMaster("mymaster");
                assertThat(group.get("flags")).as("Sentinel " + sentinel).isEqualTo("master");
                assertThat(group.get("ip")).isEqualTo(world.podIp(master));
            }
        }
    }
}
