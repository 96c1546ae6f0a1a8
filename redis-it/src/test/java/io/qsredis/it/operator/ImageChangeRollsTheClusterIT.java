package io.qsredis.it.operator;

import io.qsredis.model.RedisCluster;
import io.qsredis.operator.testbed.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image of a RedisCluster of 3 shards with a replica each changes while a cluster client writes to every shard:
 * every pod restarts on the new revision one at a time, each master after a graceful failover to its replica; every
 * shard goes on taking writes with only brief pauses, and no acknowledged write is lost.
 */
class ImageChangeRollsTheClusterIT {
    private static final String PASSWORD = "cluster-pw";
    private static final String MANIFESTS = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: shop-auth
            stringData:
              password: %s
            ---
            apiVersion: redis.redis.opstreelabs.in/v1beta2
            kind: RedisCluster
            metadata:
              name: shop
            spec:
              clusterSize: 3
              kubernetesConfig:
                image: redis:7.0.15
                redisSecret:
                  name: shop-auth
                  key: password
            """.formatted(PASSWORD);
    private static final List<String> PODS = List.of("shop-leader-0", "shop-leader-1", "shop-leader-2",
            "shop-follower-0", "shop-follower-1", "shop-follower-2");
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
        List<String> tags = oneHashTagPerShard();

        ShardWriter writer = new ShardWriter(client(), tags);
        try (PodAvailabilityWatch watch = new PodAvailabilityWatch(world, Map.of("shop-leader", 3, "shop-follower", 3))) {
            Await.until("writes flowing", Duration.ofSeconds(10), () -> Optional.of(writer.acknowledged()).filter(n -> n > 100));
            world.apply(MANIFESTS.replace("image: redis:7.0.15", "image: redis:7.2.4"));
            Await.until("every pod replaced and the cluster Ready on the new revision", Duration.ofSeconds(200), () -> {
                Set<String> now = new HashSet<>(PodAvailabilityWatch.uids(world, "shop-leader"));
                now.addAll(PodAvailabilityWatch.uids(world, "shop-follower"));
                return now.size() == 6 && now.stream().noneMatch(before::contains)
                        && ImageChangeRollsTheSentinelGroupIT.upToDateAndReady(world.get(RedisCluster.class, "shop")) ? Optional.of(true) : Optional.empty();
            });
            assertThat(watch.fewestReadyTogether()).as("pods ready at the worst moment, of 6").isGreaterThanOrEqualTo(5);
        }
        Map<String, List<String>> acknowledged = writer.stop();
        try (JedisCluster client = client()) {
            for (String tag : tags) {
                List<String> keys = acknowledged.get(tag);
                assertThat(keys).as("writes acknowledged by shard " + tag).hasSizeGreaterThan(50);
                long lost = keys.stream().filter(key -> client.get(key) == null).count();
                assertThat(lost).as("acknowledged writes lost on shard " + tag + " of " + keys.size()).isZero();
            }
        }
        System.out.println("rollout of the cluster: longest gap per shard " + writer.longestGaps());
        writer.longestGaps().forEach((tag, gap) -> assertThat(gap).as("longest stretch without an acknowledged write on shard " + tag)
                .isLessThanOrEqualTo(SHARD_GAP_BUDGET));
        Map<String, Long> events = world.eventCounts();
        assertThat(events.get("PodRestarted")).as("one PodRestarted event per pod").isEqualTo(6L);
        assertThat(events.getOrDefault("MasterHandedOver", 0L) + events.getOrDefault("MasterHandingOver", 0L))
                .as("each master handed its slots over before its restart").isEqualTo(3L);
        assertThat(events).as("no hand-over failed").doesNotContainKey("HandOverFailed");
    }

    /** A hash tag whose slot each master serves, one per master. */
    private List<String> oneHashTagPerShard() {
        try (Jedis jedis = world.connect("shop-leader-0", PASSWORD)) {
            List<long[]> ranges = new ArrayList<>();
            Set<String> masters = new HashSet<>();
            for (Object entry : jedis.clusterSlots()) {
                List<?> range = (List<?>) entry;
                Object host = ((List<?>) range.get(2)).get(0);
                if (masters.add((host instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(host))
                        + ":" + ((List<?>) range.get(2)).get(1))) {
                    ranges.add(new long[] {(Long) range.get(0), (Long) range.get(1)});
                }
            }
            List<String> tags = new ArrayList<>();
            for (long[] range : ranges) {
                for (int i = 0; ; i++) {
                    long slot = jedis.clusterKeySlot("{t" + i + "}");
                    if (slot >= range[0] && slot <= range[1]) {
                        tags.add("{t" + i + "}");
                        break;
                    }
                }
            }
            return tags;
        }
    }

    private JedisCluster client() {
        Set<HostAndPort> nodes = PODS.stream().map(pod -> new HostAndPort(world.podIp(pod), 6379)).collect(Collectors.toSet());
        return new JedisCluster(nodes, TestingOperatorWorld.clientConfig(PASSWORD), 3);
    }

    /** Writes numbered keys to each shard in turn and remembers, per shard, which were acknowledged and when. */
    private static final class ShardWriter {
        private final JedisCluster client;
        private final List<String> tags;
        private final Map<String, List<String>> acknowledged = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<String, List<Long>> times = new java.util.concurrent.ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        ShardWriter(JedisCluster client, List<String> tags) {
            this.client = client;
            this.tags = tags;
            tags.forEach(tag -> {
                acknowledged.put(tag, java.util.Collections.synchronizedList(new ArrayList<>()));
                times.put(tag, java.util.Collections.synchronizedList(new ArrayList<>()));
            });
            thread = new Thread(this::run, "shard-writer");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            for (long i = 0; running.get(); i++) {
                String tag = tags.get((int) (i % tags.size()));
                String key = tag + ":" + i;
                try {
                    client.set(key, "v");
                    acknowledged.get(tag).add(key);
                    times.get(tag).add(System.nanoTime());
                } catch (JedisException unavailable) {
                    // Counted by the gap it leaves.
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        int acknowledged() {
            return acknowledged.values().stream().mapToInt(List::size).sum();
        }

        Map<String, List<String>> stop() {
            running.set(false);
            try {
                thread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            client.close();
            return acknowledged.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
        }

        Map<String, Duration> longestGaps() {
            return times.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> {
                List<Long> at = List.copyOf(e.getValue());
                long longest = 0;
                for (int i = 1; i < at.size(); i++) {
                    longest = Math.max(longest, at.get(i) - at.get(i - 1));
                }
                return Duration.ofNanos(longest);
            }));
        }
    }
}
