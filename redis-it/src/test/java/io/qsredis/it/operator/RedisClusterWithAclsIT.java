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
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisDataException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A RedisCluster with {@code acl.secret}: the users of the file are in effect, the default user keeps the password
 * of {@code redisSecret} but may not change the cluster's shape, so only the operator's own ACL user can form and
 * scale and heal it, and a changed file is applied live.
 */
class RedisClusterWithAclsIT {
    private static final String PASSWORD = ShopCluster.PASSWORD;
    private static final String NEW_PASSWORD = "rotated-cluster-pw";
    private static final String READER = "user reader on >reader-pw ~* +@read";
    /** The default user may neither meet nodes nor move slots: forming the cluster takes the operator's own user. */
    private static final String DEFAULT_LINE = "user default on ~* &* +@all -cluster|meet -cluster|addslots -cluster|setslot -migrate";

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aUserWithReadOnlyRightsIsRefusedWrites() {
        start(3, READER);

        try (Jedis reader = as("shop-leader-0", "reader", "reader-pw")) {
            assertThat(reader.dbSize()).as("a read is allowed").isNotNegative();
            assertThatThrownBy(() -> reader.set("k", "v")).isInstanceOf(JedisDataException.class).hasMessageContaining("NOPERM");
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void theOperatorFormsAndScalesOutTheClusterWithItsOwnUser() {
        start(3, READER);

        world.apply(manifest(4, READER));

        Await.until("4 masters", Duration.ofSeconds(120), () -> Optional.of(true).filter(x -> masters() == 4));
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(60));
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void theOperatorHealsTheClusterWithItsOwnUserAfterAMastersPodIsDeleted() {
        start(3, READER);
        ShopCluster shop = new ShopCluster(world);
        String victim = shop.aMaster();
        String oldAddress = world.podIp(victim);
        List<String> acknowledged = shop.writeAcknowledged(victim, shop.tagServedBy(victim), 100);

        world.hooks().deletePod(TestingOperatorWorld.NAMESPACE, victim);

        world.hooks().awaitReadyAtNewAddress(TestingOperatorWorld.NAMESPACE, victim, oldAddress, Duration.ofSeconds(60));
        Await.until(victim + " met and replicating", Duration.ofSeconds(60), () -> shop.replicating(victim));
        Await.until("mastership back on the leader pods", Duration.ofSeconds(60), () -> shop.masters(ClusterManifests.PODS).equals(ClusterManifests.LEADERS));
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(60));
        try (JedisCluster client = shop.client()) {
            assertThat(acknowledged.stream().filter(key -> client.get(key) == null).toList()).as("acknowledged writes lost").isEmpty();
        }
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aChangedAclFileIsAppliedLiveWithoutRestartingAPod() {
        start(3, READER);
        Set<String> pods = PodAvailabilityWatch.uids(world, "shop-leader");
        Map<String, Long> events = world.eventCounts();

        world.apply(manifest(3, "user writer on >writer-pw ~* +@all"));

        Await.until("the writer on every leader", Duration.ofSeconds(40), () -> Optional.of(true).filter(x -> java.util.stream.IntStream.range(0, 3)
                .allMatch(i -> accepts("shop-leader-" + i, "writer", "writer-pw") && !accepts("shop-leader-" + i, "reader", "reader-pw"))));
        assertThat(PodAvailabilityWatch.uids(world, "shop-leader")).as("no pod restarted").isSubsetOf(pods);
        world.awaitEvent("AclApplied", events, Duration.ofSeconds(10));
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aChangedRedisSecretReachesTheDefaultUserOfEveryNodeLive() {
        start(3, READER);
        Set<String> pods = PodAvailabilityWatch.uids(world, "shop-leader");
        Map<String, Long> events = world.eventCounts();

        world.apply(manifest(NEW_PASSWORD, 3, READER));

        Await.until("the default user of every node on the new password only", Duration.ofSeconds(40), () -> ClusterManifests.PODS.stream()
                .allMatch(pod -> accepts(pod, "default", NEW_PASSWORD) && !accepts(pod, "default", PASSWORD)));
        assertThat(accepts("shop-leader-0", "reader", "reader-pw")).as("the file's users keep theirs").isTrue();
        assertThat(PodAvailabilityWatch.uids(world, "shop-leader")).as("no pod restarted").isSubsetOf(pods);
        world.awaitEvent("PasswordRotated", events, Duration.ofSeconds(10));
    }

    private void start(int shards, String users) {
        world.apply(manifest(shards, users));
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(90));
    }

    private static String manifest(int shards, String users) {
        return manifest(PASSWORD, shards, users);
    }

    private static String manifest(String password, int shards, String users) {
        return ClusterManifests.shop(password).replace("clusterSize: 3", "clusterSize: " + shards) + """
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

    /** Whether {@code pod} lets {@code user} in with {@code password}: DBSIZE is a read, so a reader may run it. */
    private boolean accepts(String pod, String user, String password) {
        try (Jedis jedis = as(pod, user, password)) {
            return jedis.dbSize() >= 0;
        } catch (RuntimeException refused) {
            return false;
        }
    }

    private Jedis as(String pod, String user, String password) {
        return new Jedis(new HostAndPort(world.podIp(pod), 6379), DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).timeoutMillis(3_000).user(user).password(password).build());
    }
}
