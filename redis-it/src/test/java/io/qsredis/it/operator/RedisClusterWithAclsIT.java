package io.qsredis.it.operator;

import io.qsredis.it.fixtures.ClusterManifests;
import io.qsredis.model.RedisCluster;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A RedisCluster with {@code acl.secret}: the users of the file are in effect, the default user keeps the password
 * of {@code redisSecret} but may not change the cluster's shape, so only the operator's own ACL user can form and
 * scale it, and a changed file is applied live.
 */
class RedisClusterWithAclsIT {
    private static final String PASSWORD = "acl-cluster-pw";
    /** The default user may neither meet nodes nor move slots: forming the cluster takes the operator's own user. */
    private static final String DEFAULT_LINE = "user default on ~* &* +@all -cluster|meet -cluster|addslots -cluster|setslot -migrate";

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aUserWithReadOnlyRightsIsRefusedWrites() {
        start(3, "user reader on >reader-pw ~* +@read");

        try (Jedis reader = as("shop-leader-0", "reader", "reader-pw")) {
            assertThat(reader.dbSize()).as("a read is allowed").isNotNegative();
            assertThatThrownBy(() -> reader.set("k", "v")).isInstanceOf(JedisDataException.class).hasMessageContaining("NOPERM");
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void theOperatorFormsAndScalesOutTheClusterWithItsOwnUser() {
        start(3, "user reader on >reader-pw ~* +@read");

        world.apply(manifest(4, "user reader on >reader-pw ~* +@read"));

        Await.until("4 masters", Duration.ofSeconds(120), () -> Optional.of(true).filter(x -> masters() == 4));
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(60));
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aChangedAclFileIsAppliedLiveWithoutRestartingAPod() {
        start(3, "user reader on >reader-pw ~* +@read");
        java.util.Set<String> pods = PodAvailabilityWatch.uids(world, "shop-leader");

        world.apply(manifest(3, "user writer on >writer-pw ~* +@all"));

        Await.until("the writer on every leader", Duration.ofSeconds(40), () -> Optional.of(true).filter(x -> java.util.stream.IntStream.range(0, 3)
                .allMatch(i -> accepts("shop-leader-" + i, "writer", "writer-pw") && !accepts("shop-leader-" + i, "reader", "reader-pw"))));
        assertThat(PodAvailabilityWatch.uids(world, "shop-leader")).as("no pod restarted").isSubsetOf(pods);
        assertThat(world.eventCounts()).containsKey("AclApplied");
    }

    private void start(int shards, String users) {
        world.apply(manifest(shards, users));
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(90));
    }

    private static String manifest(int shards, String users) {
        return ClusterManifests.shop(PASSWORD).replace("clusterSize: 3", "clusterSize: " + shards) + """
                  acl:
                    secret:
                      secretName: shop-acl
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: shop-acl
                stringData:
                  user.acl: |
                    %s
                    %s
                """.formatted(DEFAULT_LINE, users);
    }

    private long masters() {
        try (Jedis jedis = world.connect("shop-leader-0", PASSWORD)) {
            return jedis.clusterNodes().lines().filter(line -> line.contains("master") && !line.contains("fail")).filter(line -> line.split(" ").length > 8).count();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private boolean accepts(String pod, String user, String password) {
        try (Jedis jedis = as(pod, user, password)) {
            return "PONG".equals(jedis.ping());
        } catch (RuntimeException refused) {
            return false;
        }
    }

    private Jedis as(String pod, String user, String password) {
        return new Jedis(new HostAndPort(world.podIp(pod), 6379), DefaultJedisClientConfig.builder().user(user).password(password).build());
    }
}
