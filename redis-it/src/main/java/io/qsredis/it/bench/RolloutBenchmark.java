package io.qsredis.it.bench;

import io.qsredis.it.fixtures.ClusterManifests;
import io.qsredis.it.fixtures.SentinelGroupManifests;
import io.qsredis.model.RedisCluster;
import io.qsredis.model.RedisReplication;
import io.qsredis.model.RedisSentinel;
import io.qsredis.testbed.Await;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A full rolling restart (the image changes) under a steady write load, for a Sentinel group of 3 (and its 3
 * Sentinels) and a 3x1 RedisCluster: the operator's rollout (replicas first, one at a time, each master after a
 * hand-over) next to the same restart done the way a plain StatefulSet RollingUpdate does it (the CR asks for
 * {@code updateStrategy: RollingUpdate}, so the testbed's StatefulSet controller deletes pods from the highest ordinal,
 * the next once all are ready, each StatefulSet on its own, with no hand-over first), in the same run. Prints the
 * longest stretch without an acknowledged write (per shard for the cluster) and the acknowledged writes lost.
 * Run with {@code bin/bench rollout [sentinel|cluster]}.
 */
public final class RolloutBenchmark {
    private static final String PASSWORD = "bench-password";
    private static final String NAMESPACE = "default";
    private static final Duration CONVERGE = Duration.ofSeconds(150);
    private static final String PLAIN = "    updateStrategy:\n      type: RollingUpdate\n";
    private static final String CLUSTER = ClusterManifests.shop(PASSWORD);

    /** One measured rollout. */
    record Trial(String shape, String how, Optional<Duration> longestGap, int lost, int acknowledged, Optional<Duration> took) {}

    private RolloutBenchmark() {}

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        String only = args.length > 0 ? args[0] : "all";
        List<Trial> trials = new ArrayList<>();
        if (!only.equals("cluster")) {
            trials.add(sentinelGroup(false));
            trials.add(sentinelGroup(true));
        }
        if (!only.equals("sentinel")) {
            trials.add(cluster(false));
            trials.add(cluster(true));
        }
        System.out.println();
        System.out.println(String.format(Locale.ROOT, "%-28s %-44s %16s %10s %10s %12s", "shape", "restarts", "longest gap ms", "acked lost",
                "acked", "rollout s"));
        for (Trial trial : trials) {
            System.out.println(String.format(Locale.ROOT, "%-28s %-44s %16s %10d %10d %12s", trial.shape(), trial.how(),
                    trial.longestGap().map(d -> Long.toString(d.toMillis())).orElse("-"), trial.lost(), trial.acknowledged(),
                    trial.took().map(d -> String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0)).orElse("not done")));
        }
        System.out.println("targets: the operator loses 0 acknowledged writes; its longest gap is at most 2000 ms and at most half the plain one");
    }

    private static Trial sentinelGroup(boolean plain) {
        String manifests = SentinelGroupManifests.all(PASSWORD, "mymaster", 5000);
        if (plain) {
            manifests = manifests.replace("    image: redis:7.0.15\n", "    image: redis:7.0.15\n" + PLAIN);
        }
        try (OperatorWorld world = new OperatorWorld();
                SentinelServiceClient client = new SentinelServiceClient(() -> world.endpoints("app-sentinel"), "mymaster", PASSWORD)) {
            world.testbed.apply("bench", manifests, NAMESPACE);
            world.awaitHealthy(RedisReplication.class, "app", Duration.ofSeconds(60));
            world.awaitHealthy(RedisSentinel.class, "app", Duration.ofSeconds(60));
            Set<String> before = world.uids("app", "app-sentinel");
            WriteProbe probe = new WriteProbe(client::master, Duration.ofMillis(5));
            Await.until("writes flowing", Duration.ofSeconds(20), () -> Optional.of(probe.acks().size()).filter(n -> n > 50));
            long changed = System.nanoTime();
            world.testbed.apply("bench", manifests.replace("image: redis:7.0.15", "image: redis:7.2.4"), NAMESPACE);
            Optional<Duration> took = world.awaitReplaced(before, changed, CONVERGE, List.of("app", "app-sentinel"),
                    () -> world.ready(RedisReplication.class, "app") && world.ready(RedisSentinel.class, "app"));
            probe.close();
            WriteProbe.Outage outage;
            try (Jedis master = client.master()) {
                outage = probe.outage(changed, probe.surviving(master));
            }
            return new Trial("Sentinel group 3 + 3", plain ? "plain StatefulSet RollingUpdate" : "operator (replicas first, hand-over)",
                    outage.unavailable(), outage.lostBeforeKill() + outage.lostAfterKill(), outage.acknowledged(), took);
        }
    }

    private static Trial cluster(boolean plain) {
        String manifests = plain ? CLUSTER.replace("    image: redis:7.0.15\n", "    image: redis:7.0.15\n" + PLAIN) : CLUSTER;
        try (OperatorWorld world = new OperatorWorld()) {
            world.testbed.apply("bench", manifests, NAMESPACE);
            world.awaitHealthy(RedisCluster.class, "shop", Duration.ofSeconds(90));
            Set<String> before = world.uids("shop-leader", "shop-follower");
            List<HostAndPort> nodes = world.testbed.client().pods().inNamespace(NAMESPACE).list().getItems().stream()
                    .filter(p -> p.getMetadata().getName().startsWith("shop-"))
                    .map(p -> new HostAndPort(p.getStatus().getPodIP(), 6379)).toList();
            List<String> tags;
            try (Jedis node = new Jedis(nodes.get(0), Clients.config(PASSWORD, Duration.ofSeconds(3)))) {
                tags = ShardWriter.oneHashTagPerShard(node);
            }
            ShardWriter writer = new ShardWriter(new JedisCluster(Set.copyOf(nodes), Clients.config(PASSWORD, Duration.ofSeconds(2)), 3), tags);
            Await.until("writes flowing", Duration.ofSeconds(20), () -> Optional.of(writer.acknowledged()).filter(n -> n > 100));
            long changed = System.nanoTime();
            world.testbed.apply("bench", manifests.replace("image: redis:7.0.15", "image: redis:7.2.4"), NAMESPACE);
            Optional<Duration> took = world.awaitReplaced(before, changed, CONVERGE, List.of("shop-leader", "shop-follower"),
                    () -> world.ready(RedisCluster.class, "shop"));
            long until = System.nanoTime();
            Map<String, List<String>> acknowledged = writer.stop();
            List<HostAndPort> now = world.testbed.client().pods().inNamespace(NAMESPACE).list().getItems().stream()
                    .filter(p -> p.getMetadata().getName().startsWith("shop-") && p.getStatus() != null && p.getStatus().getPodIP() != null)
                    .map(p -> new HostAndPort(p.getStatus().getPodIP(), 6379)).toList();
            int total = 0;
            Set<String> kept = new HashSet<>();
            try (JedisCluster client = new JedisCluster(Set.copyOf(now), Clients.config(PASSWORD, Duration.ofSeconds(3)), 5)) {
                for (List<String> keys : acknowledged.values()) {
                    total += keys.size();
                    keys.stream().filter(key -> client.get(key) != null).forEach(kept::add);
                }
            }
            int lost = total - kept.size();
            Optional<Duration> longest = writer.longestGaps(changed, until, kept).values().stream().max(Duration::compareTo);
            return new Trial("RedisCluster 3x1", plain ? "plain StatefulSet RollingUpdate" : "operator (followers first, CLUSTER FAILOVER)",
                    longest, lost, total, took);
        }
    }
}
