package io.qsredis.it.operator;

import io.qsredis.it.fixtures.SentinelGroupManifests;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisReplicationStatus;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replication of 3 watched by 3 Sentinels, with a password: a client that finds the master through Sentinel writes,
 * each write acknowledged by a replica ({@code WAIT 1}); the master's process is killed; then a replica must be master,
 * the client must write again, no acknowledged write may be missing, status, labels and the master Service must follow,
 * and the old master must come back as a replica.
 */
abstract class MasterCrashScenario {
    static final String PASSWORD = "rotate-me-not";
    static final String SECRET = SentinelGroupManifests.secret(PASSWORD);
    /** From the kill to a client write accepted by the new master. */
    static final Duration FAILOVER_BUDGET = Duration.ofSeconds(10);

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    abstract String manifests();

    abstract String sentinelService();

    abstract String group();

    /** Waits for the resources the scenario creates to be Ready. */
    abstract void awaitReady();

    JedisSentinelPool pool() {
        return new JedisSentinelPool(group(), world.sentinelAddresses(sentinelService()),
                TestingOperatorWorld.clientConfig(PASSWORD), TestingOperatorWorld.clientConfig(null));
    }

    /** Waits until a write through {@code pool} is accepted by a master other than the one at {@code oldMasterIp}. */
    static void awaitWriteOnNewMaster(JedisSentinelPool pool, String oldMasterIp, Duration budget) {
        Await.until("a write accepted by a new master", budget, () -> {
            try (Jedis jedis = pool.getResource()) {
                jedis.set("after", "1");
                HostAndPort at = pool.getCurrentHostMaster();
                return at.getHost().equals(oldMasterIp) ? Optional.empty() : Optional.of(at);
            } catch (RuntimeException unavailable) {
                return Optional.empty();
            }
        });
    }

    /** Writes {@code count} keys, each acknowledged by at least one replica; returns the acknowledged ones. */
    static List<String> writeAcknowledged(JedisSentinelPool pool, String prefix, int count) {
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try (Jedis jedis = pool.getResource()) {
                jedis.set(prefix + i, Integer.toString(i));
                if (jedis.waitReplicas(1, 2_000) >= 1) {
                    acknowledged.add(prefix + i);
                }
            }
        }
        return acknowledged;
    }

    void killingTheMasterPromotesAReplicaAndLosesNoAcknowledgedWrite() {
        world.apply(SECRET + "---\n" + manifests());
        awaitReady();
        RedisReplicationStatus.ConnectionInfo connection = world.get(RedisReplication.class, "app").getStatus().connectionInfo;
        assertThat(connection.host).as("where clients connect").isEqualTo(sentinelService() + ".default.svc.cluster.local");
        assertThat(connection.port).isEqualTo(26379);
        assertThat(connection.masterName).isEqualTo(group());
        String oldMaster = world.get(RedisReplication.class, "app").getStatus().masterNode;
        String oldMasterIp = world.podIp(oldMaster);
        try (JedisSentinelPool pool = pool()) {
            assertThat(pool.getCurrentHostMaster().getHost()).isEqualTo(oldMasterIp);
            List<String> acknowledged = writeAcknowledged(pool, "before:", 200);
            assertThat(acknowledged).as("writes a replica acknowledged").hasSizeGreaterThan(150);

            int restarts = world.hooks().restartCount(TestingOperatorWorld.NAMESPACE, oldMaster);
            world.hooks().crashContainer(TestingOperatorWorld.NAMESPACE, oldMaster);

            awaitWriteOnNewMaster(pool, oldMasterIp, FAILOVER_BUDGET);
            try (Jedis jedis = pool.getResource()) {
                List<String> values = jedis.mget(acknowledged.toArray(String[]::new));
                assertThat(values).as("acknowledged writes on the new master").doesNotContainNull();
            }

            // Sentinel's word once its Sentinels agree: on a loaded machine stock Sentinel may fail over once more on its own.
            world.hooks().awaitRestartedAndReady(TestingOperatorWorld.NAMESPACE, oldMaster, restarts + 1, Duration.ofSeconds(15));
            Await.until("status, redis-role labels, the app-master Service and the old master following the master Sentinel names",
                    Duration.ofSeconds(40), () -> world.agreedMaster(sentinelService(), group())
                            .filter(agreed -> !agreed.equals(oldMasterIp))
                            .filter(agreed -> followsEverywhere(agreed, oldMaster)));
            try (Jedis replica = world.connect(oldMaster, PASSWORD)) {
                assertThat(replica.exists(acknowledged.get(0))).as("the old master resynced from the new one").isTrue();
            }
        }
    }

    /** Status, labels and the master Service name the pod at {@code master}; {@code oldMaster} replicates it. */
    private boolean followsEverywhere(String master, String oldMaster) {
        String reported = world.get(RedisReplication.class, "app").getStatus().masterNode;
        if (reported == null || reported.equals(oldMaster) || !master.equals(world.podIp(reported))
                || !"master".equals(world.labels(reported).get("redis-role")) || !"slave".equals(world.labels(oldMaster).get("redis-role"))
                || !world.serviceEndpoints("app-master").equals(List.of(master + ":6379"))) {
            return false;
        }
        try (Jedis jedis = world.connect(oldMaster, PASSWORD)) {
            String info = jedis.info("replication");
            return info.contains("role:slave") && info.contains("master_host:" + master) && info.contains("master_link_status:up");
        } catch (RuntimeException notYet) {
            return false;
        }
    }
}
