package io.qsredis.it.operator;

import io.qsredis.it.bench.ShardWriter;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image of a RedisCluster of 3 shards with a replica each changes while a cluster client writes to every shard:
 * every pod restarts on the new revision one at a time, each master after a graceful failover to its replica; every
 * shard goes on taking writes with only brief pauses, and no acknowledged write is lost.
 */
class ImageChangeRollsTheClusterIT {
    private static final String PASSWORD = "cluster-pw";
    private static final String MANIFESTS = ClusterManifests.shop(PASSWORD);
    private static final List<String> PODS = ClusterManifests.PODS;
    /** The longest stretch a shard may go without an acknowledged write during the planned restart of the cluster. */
    private static final Duration SHARD_GAP_BUDGET = Duration.ofSeconds(3);

    @RegisterExtension
    final TestingOperatorWorld world = new TestingOperatorWorld();

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void everyPodRestartsOnTheNewImageEveryShardKeepsWritingAndNoAcknowledgedWriteIsLost() {
        world.apply(MANIFESTS);
        world.awaitReady(RedisCluster.class, "shop", Duration.ofSeconds(60));
        Set<String> before = new HashSet<>(PodAvailabilityWatch.uids(world, "shop-leader"));
        before.addAll(PodAvailabilityWatch.uids(world, "shop-follower"));
        assertThat(before).hasSize(6);
        List<String> tags;
        try (Jedis node = world.connect("shop-leader-0", PASSWORD)) {
            tags = ShardWriter.oneHashTagPerShard(node);
        }

        ShardWriter writer = new ShardWriter(client(), tags);
        long changed;
        try (PodAvailabilityWatch watch = new PodAvailabilityWatch(world, Map.of("shop-leader", 3, "shop-follower", 3))) {
            Await.until("writes flowing", Duration.ofSeconds(10), () -> Optional.of(writer.acknowledged()).filter(n -> n > 100));
            changed = System.nanoTime();
            world.apply(MANIFESTS.replace("image: redis:7.0.15", "image: redis:7.2.4"));
            Await.until("every pod replaced and the cluster Ready on the new revision", Duration.ofSeconds(200), () -> {
                Set<String> now = new HashSet<>(PodAvailabilityWatch.uids(world, "shop-leader"));
                now.addAll(PodAvailabilityWatch.uids(world, "shop-follower"));
                return now.size() == 6 && now.stream().noneMatch(before::contains)
                        && ImageChangeRollsTheSentinelGroupIT.upToDateAndReady(world.get(RedisCluster.class, "shop")) ? Optional.of(true) : Optional.empty();
            });
            assertThat(watch.fewestReadyTogether()).as("pods ready at the worst moment, of 6").isGreaterThanOrEqualTo(5);
        }
        long until = System.nanoTime();
        Map<String, List<String>> acknowledged = writer.stop();
        Set<String> kept = new HashSet<>();
        try (JedisCluster client = client()) {
            for (String tag : tags) {
                List<String> keys = acknowledged.get(tag);
                assertThat(keys).as("writes acknowledged by shard " + tag).hasSizeGreaterThan(50);
                keys.stream().filter(key -> client.get(key) != null).forEach(kept::add);
                long lost = keys.stream().filter(key -> !kept.contains(key)).count();
                assertThat(lost).as("acknowledged writes lost on shard " + tag + " of " + keys.size()).isZero();
            }
        }
        Map<String, Duration> gaps = writer.longestGaps(changed, until, kept);
        System.out.println("rollout of the cluster: longest gap per shard " + gaps);
        gaps.forEach((tag, gap) -> assertThat(gap).as("longest stretch without an acknowledged write on shard " + tag)
                .isLessThanOrEqualTo(SHARD_GAP_BUDGET));
        Map<String, Long> events = world.eventCounts();
        assertThat(events.get("PodRestarted")).as("one PodRestarted event per pod").isEqualTo(6L);
        assertThat(events.getOrDefault("MasterHandedOver", 0L) + events.getOrDefault("MasterHandingOver", 0L))
                .as("each master handed its slots over before its restart").isEqualTo(3L);
        assertThat(events).as("no hand-over failed").doesNotContainKey("HandOverFailed");
    }

    private JedisCluster client() {
        Set<HostAndPort> nodes = PODS.stream().map(pod -> new HostAndPort(world.podIp(pod), 6379)).collect(Collectors.toSet());
        return new JedisCluster(nodes, TestingOperatorWorld.clientConfig(PASSWORD), 3);
    }
}
