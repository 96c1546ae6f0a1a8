package io.qsredis.it.operator;

import io.qsredis.it.fixtures.ClusterManifests;
import io.qsredis.model.RedisCluster;
import io.qsredis.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The password Secret of a 3x1 RedisCluster changes: every node takes the new password live (no pod restarts),
 * clients reconnect with it and read every key; and an operator that was down while the Secret changed still knows
 * the old password (the resource's password history Secret) and finishes the rotation.
 */
class ClusterPasswordRotationIT {
    private static final String OLD = "old-cluster-pw";
    private static final String NEW = "new-cluster-pw";
    private static final List<String> PODS = ClusterManifests.PODS;
    private static final int KEYS = 300;

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aChangedSecretReachesEveryNodeLiveAndClientsReconnectWithTheNewPassword() {
        Set<String> pods = start();
        Map<String, Long> events = world.eventCounts();

        world.apply(ClusterManifests.shop(NEW));

        awaitEveryNodeOn(NEW);
        assertThat(PodAvailabilityWatch.uids(world, "shop-leader")).as("no pod restarted").isSubsetOf(pods);
        assertEveryKey(NEW);
        world.awaitEvent("PasswordRotated", events, Duration.ofSeconds(10));
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aRotationWhileTheOperatorIsDownResumesWhenItIsBack() {
        start();
        world.stopOperator();

        world.apply(ClusterManifests.shop(NEW));
        world.startOperator();

        awaitEveryNodeOn(NEW);
        assertEveryKey(NEW);
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(30));
    }

    private Set<String> start() {
        world.apply(ClusterManifests.shop(OLD));
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(60));
        try (JedisCluster client = client(OLD)) {
            IntStream.range(0, KEYS).forEach(i -> client.set("k" + i, "v" + i));
        }
        return PodAvailabilityWatch.uids(world, "shop-leader");
    }

    private void awaitEveryNodeOn(String password) {
        Await.until("every node accepting only the new password", Duration.ofSeconds(40), () -> Optional.of(true).filter(x -> PODS.stream()
                .allMatch(pod -> accepts(pod, password) && !accepts(pod, OLD))));
    }

    private boolean accepts(String pod, String password) {
        try (Jedis jedis = world.connect(pod, password)) {
            return "PONG".equals(jedis.ping());
        } catch (RuntimeException refused) {
            return false;
        }
    }

    private void assertEveryKey(String password) {
        try (JedisCluster client = client(password)) {
            assertThat(IntStream.range(0, KEYS).filter(i -> !("v" + i).equals(client.get("k" + i))).count()).as("keys lost").isZero();
        }
    }

    private JedisCluster client(String password) {
        Set<HostAndPort> nodes = PODS.stream().map(pod -> new HostAndPort(world.podIp(pod), 6379)).collect(Collectors.toSet());
        return new JedisCluster(nodes, TestingOperatorWorld.clientConfig(password), 5);
    }
}
