package io.qsredis.it.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.qsredis.it.fixtures.SentinelGroupManifests;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.model.common.CommonStatus;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSentinelPool;
import redis.clients.jedis.exceptions.JedisDataException;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A RedisReplication of 3 with {@code acl.secret} watched by a RedisSentinel of 3, the user's file restricting the
 * default user to reads ({@code +@read}: no PING, INFO, PSYNC, REPLCONF): the replicas, the Sentinels, the probes and
 * the operator all log in as the operator's own user, so the replication forms, fails over and takes changes live.
 */
class ReplicationWithAclsIT {
    private static final String PASSWORD = "acl-replication-pw";
    private static final List<String> SERVERS = List.of("app-0", "app-1", "app-2");
    private static final String RESTRICTED_DEFAULT = "user default on ~* &* +@read";
    private static final String USERS = RESTRICTED_DEFAULT + "\nuser writer on >writer-pw ~* &* +@all\nuser reader on >reader-pw ~* +@read";
    /** From the kill to a client write accepted by the new master. */
    private static final Duration FAILOVER_BUDGET = Duration.ofSeconds(15);

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aRestrictedDefaultUserLeavesReplicationAndSentinelFailoverWorking() {
        start(PASSWORD, USERS);
        String oldMaster = world.get(RedisReplication.class, "app").getStatus().masterNode;
        try (Jedis asDefault = world.connect(oldMaster, PASSWORD); Jedis reader = as(oldMaster, "reader", "reader-pw")) {
            assertThat(asDefault.get("k")).as("the default user may read").isNull();
            assertThatThrownBy(() -> asDefault.info("replication")).as("nor INFO, which the operator needs").hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> reader.set("k", "v")).isInstanceOf(JedisDataException.class).hasMessageContaining("NOPERM");
        }
        assertThat(condition(world.get(RedisReplication.class, "app"), "AclFileInvalid")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));

        String oldMasterIp = world.podIp(oldMaster);
        try (JedisSentinelPool pool = new JedisSentinelPool("mymaster", world.sentinelAddresses("app-sentinel"), writer(),
                TestingOperatorWorld.clientConfig(null))) {
            List<String> acknowledged = MasterCrashScenario.writeAcknowledged(pool, "before:", 100);
            assertThat(acknowledged).as("writes a replica acknowledged: the replicas sync as the operator's user").hasSizeGreaterThan(75);
            int restarts = world.hooks().restartCount(TestingOperatorWorld.NAMESPACE, oldMaster);

            world.hooks().crashContainer(TestingOperatorWorld.NAMESPACE, oldMaster);

            MasterCrashScenario.awaitWriteOnNewMaster(pool, oldMasterIp, FAILOVER_BUDGET);
            try (Jedis jedis = pool.getResource()) {
                assertThat(jedis.mget(acknowledged.toArray(String[]::new))).as("acknowledged writes on the new master").doesNotContainNull();
            }
            world.hooks().awaitRestartedAndReady(TestingOperatorWorld.NAMESPACE, oldMaster, restarts + 1, Duration.ofSeconds(20));
            Await.until("the old master back as a replica of the master Sentinel names", Duration.ofSeconds(40),
                    () -> world.agreedMaster("app-sentinel", "mymaster").filter(master -> !master.equals(oldMasterIp))
                            .filter(master -> replicates(oldMaster, master)));
        }
        world.awaitHealthy(RedisReplication.class, "app", Duration.ofSeconds(40));
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aChangedFileAndARotatedPasswordAreAppliedLiveWithoutARestart() {
        start(PASSWORD, USERS);
        Map<String, Long> pids = new HashMap<>();
        SERVERS.forEach(pod -> pids.put(pod, world.hooks().containerPid(TestingOperatorWorld.NAMESPACE, pod).orElseThrow()));
        Map<String, Long> events = world.eventCounts();

        world.apply(manifests(PASSWORD, RESTRICTED_DEFAULT + "\nuser writer on >writer-pw ~* &* +@all\nuser auditor on >auditor-pw ~* +@read"));

        Await.until("the auditor on every server and the reader gone", Duration.ofSeconds(40), () -> SERVERS.stream()
                .allMatch(pod -> accepts(pod, "auditor", "auditor-pw") && !accepts(pod, "reader", "reader-pw")));
        world.awaitEvent("AclApplied", events, Duration.ofSeconds(10));

        world.apply(manifests("rotated-pw", RESTRICTED_DEFAULT + "\nuser writer on >writer-pw ~* &* +@all\nuser auditor on >auditor-pw ~* +@read"));

        Await.until("the default user taking only the new password on every server", Duration.ofSeconds(40), () -> SERVERS.stream()
                .allMatch(pod -> accepts(pod, "default", "rotated-pw") && !accepts(pod, "default", PASSWORD)));
        for (String pod : SERVERS) {
            assertThat(world.hooks().containerPid(TestingOperatorWorld.NAMESPACE, pod)).as("no restart of " + pod).hasValue(pids.get(pod));
        }
        String master = world.get(RedisReplication.class, "app").getStatus().masterNode;
        try (Jedis jedis = as(master, "writer", "writer-pw")) {
            jedis.set("after-rotation", "1");
            assertThat(jedis.waitReplicas(2, 5_000)).as("both replicas still linked, acknowledging a write").isEqualTo(2);
        }
        world.awaitHealthy(RedisReplication.class, "app", Duration.ofSeconds(30));
        world.awaitHealthy(RedisSentinel.class, "app", Duration.ofSeconds(30));
    }

    private void start(String password, String users) {
        world.apply(manifests(password, users));
        world.awaitHealthy(RedisReplication.class, "app", Duration.ofSeconds(60));
        world.awaitHealthy(RedisSentinel.class, "app", Duration.ofSeconds(30));
    }

    /** The password Secret, the ACL Secret, the replication with {@code acl.secret} and its RedisSentinel. */
    private static String manifests(String password, String users) {
        return SentinelGroupManifests.secret(password) + """
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: app-acl
                stringData:
                  user.acl: |
                %s
                ---
                """.formatted(users.lines().map(line -> "    " + line).reduce((a, b) -> a + "\n" + b).orElseThrow())
                + SentinelGroupManifests.withSentinels(SentinelGroupManifests.replication() + """
                          acl:
                            secret:
                              secretName: app-acl
                        """, "mymaster", 2000);
    }

    private boolean replicates(String pod, String master) {
        try (Jedis jedis = as(pod, "writer", "writer-pw")) {
            String info = jedis.info("replication");
            return info.contains("role:slave") && info.contains("master_host:" + master) && info.contains("master_link_status:up");
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private boolean accepts(String pod, String user, String password) {
        try (Jedis jedis = as(pod, user, password)) {
            // A user that may not PING is still logged in when AUTH passed: a read proves it.
            jedis.exists("probe");
            return true;
        } catch (RuntimeException refusedOrDown) {
            return false;
        }
    }

    private static JedisClientConfig writer() {
        return DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).timeoutMillis(3_000).user("writer").password("writer-pw").build();
    }

    private Jedis as(String pod, String user, String password) {
        return new Jedis(new HostAndPort(world.podIp(pod), 6379),
                DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).timeoutMillis(3_000).user(user).password(password).build());
    }

    static Optional<Condition> condition(CustomResource<?, ? extends CommonStatus> cr, String type) {
        return cr.getStatus() == null || cr.getStatus().conditions == null ? Optional.empty()
                : cr.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
