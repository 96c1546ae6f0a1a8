package io.qsredis.it.bench;

import io.qsredis.topology.cluster.ClusterNode;
import io.qsredis.topology.cluster.ClusterNodesParser;
import io.qsredis.topology.cluster.SlotRange;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * One measurement on a {@link ClusterUnderTest}: a {@link ShardWriter} writes to each shard in turn through a
 * {@code JedisCluster} (500 ms timeouts, one attempt per write, so a failed write refreshes the slot map and the next
 * one goes wherever the cluster now says), the master of the first shard meets the fault, a frozen master is thawed
 * once another node serves its slots and has taken a write (or the budget is spent), and the trial goes on until the cluster is settled by
 * its own account and that shard has taken writes for {@link #QUIET} in a row. Then it reads back every acknowledged
 * key. What counts is that shard's longest stretch without a write that was acknowledged and kept, from the fault on.
 */
final class ClusterFailoverTrial {
    static final Duration CLIENT_TIMEOUT = Duration.ofMillis(500);
    /** How long the cluster must stay settled, the shard writable, before the trial ends. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    /**
     * @param unavailable the shard's longest stretch without a write acknowledged and kept; empty when it never came back
     * @param lost acknowledged writes (to any shard) the cluster no longer holds at the end
     * @param shardBeforeFault the writes to the shard acknowledged before the fault, and how many of them were lost
     * @param promoted whether another node serves the shard's slots at the end (else the old master came back)
     * @param nodeTimeoutMillis the {@code cluster-node-timeout} the victim ran with, as it answered {@code CONFIG GET}
     */
    record Outcome(Optional<Duration> unavailable, int lost, int acknowledged, int shardBeforeFault, int shardLostBeforeFault,
            boolean promoted, long nodeTimeoutMillis) {
        @Override
        public String toString() {
            return "unavailable " + unavailable.map(d -> d.toMillis() + " ms").orElse("until the end") + ", " + lost + " of "
                    + acknowledged + " acknowledged writes lost (of the " + shardBeforeFault + " the shard took before the fault: "
                    + shardLostBeforeFault + "), " + (promoted ? "a replica took over" : "the same node serves again");
        }
    }

    private ClusterFailoverTrial() {}

    static Outcome run(ClusterUnderTest cluster, Fault fault, Duration budget) {
        List<HostAndPort> nodes = cluster.nodes();
        List<String> tags;
        int slot;
        HostAndPort victim;
        try (Jedis seed = connect(nodes.get(0), cluster.password())) {
            tags = ShardWriter.oneHashTagPerShard(seed);
            slot = (int) seed.clusterKeySlot(tags.get(0));
            victim = ownerOf(seed, slot);
        }
        String victimId;
        long nodeTimeout;
        try (Jedis master = connect(victim, cluster.password())) {
            victimId = master.clusterMyId();
            nodeTimeout = Long.parseLong(master.configGet("cluster-node-timeout").get("cluster-node-timeout"));
        }
        String tag = tags.get(0);
        ShardWriter writer = new ShardWriter(new JedisCluster(Set.copyOf(nodes), Clients.config(cluster.password(), CLIENT_TIMEOUT), 1), tags);
        long until;
        Map<String, List<String>> acknowledged;
        long faultNanos;
        try {
            FailoverTrial.awaitCondition(() -> writer.acknowledged() > 100, Duration.ofSeconds(30), "the writer never wrote");
            faultNanos = System.nanoTime();
            Runnable undo = cluster.inject(fault, victim);
            try {
                if (fault == Fault.HANG) {
                    long deadline = faultNanos + budget.toNanos();
                    if (awaitQuietly(() -> servedElsewhere(cluster, victim, victimId, slot), budget)) {
                        // Thawed before the client has moved on, the old master would take writes until it hears it was
                        // replaced: a race with the thaw, not the failover measured. Thaw once the new owner has taken one.
                        long servedElsewhere = System.nanoTime();
                        awaitQuietly(() -> writer.lastAcknowledged(tag).orElse(0) > servedElsewhere,
                                Duration.ofNanos(Math.max(0, deadline - servedElsewhere)));
                    } else {
                        System.out.println("  no other node serves slot " + slot + " " + budget.toSeconds() + " s after " + victim
                                + " froze; the others see:\n" + views(cluster, victim) + replicaLogs(cluster, victim, victimId));
                    }
                }
            } finally {
                undo.run();
            }
            awaitSettled(cluster, writer, tag, budget);
        } finally {
            until = System.nanoTime();
            acknowledged = writer.stop();
        }
        Set<String> kept = new HashSet<>();
        int total = 0;
        try (JedisCluster client = new JedisCluster(Set.copyOf(cluster.nodes()), Clients.config(cluster.password(), Duration.ofSeconds(3)), 5)) {
            for (List<String> keys : acknowledged.values()) {
                total += keys.size();
                keys.stream().filter(key -> client.get(key) != null).forEach(kept::add);
            }
        }
        // A shard that never took a kept write again has one gap: the whole window.
        Duration gap = writer.longestGaps(faultNanos, until, kept).get(tag);
        boolean cameBack = gap.toNanos() < until - faultNanos;
        List<String> before = writer.acknowledgedUntil(tag, faultNanos);
        int lostBefore = (int) before.stream().filter(key -> !kept.contains(key)).count();
        return new Outcome(cameBack ? Optional.of(gap) : Optional.empty(), total - kept.size(), total, before.size(), lostBefore,
                servedElsewhere(cluster, victim, victimId, slot), nodeTimeout);
    }

    /** Settled by the cluster's own account and the shard writable, both for {@link #QUIET} in a row; or the budget spent. */
    private static void awaitSettled(ClusterUnderTest cluster, ShardWriter writer, String tag, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        long quietSince = -1;
        while (System.nanoTime() < deadline) {
            long now = System.nanoTime();
            OptionalLong last = writer.lastAcknowledged(tag);
            boolean fine = last.isPresent() && now - last.getAsLong() < CLIENT_TIMEOUT.toNanos() && cluster.settled();
            if (!fine) {
                quietSince = -1;
            } else if (quietSince < 0) {
                quietSince = now;
            } else if (now - quietSince >= QUIET.toNanos()) {
                return;
            }
            WriteProbe.sleep(Duration.ofMillis(100));
        }
    }

    /** Whether some node other than {@code victim} names a master other than {@code victimId} for {@code slot}. */
    private static boolean servedElsewhere(ClusterUnderTest cluster, HostAndPort victim, String victimId, int slot) {
        for (HostAndPort node : cluster.nodes()) {
            if (node.equals(victim)) {
                continue;
            }
            try (Jedis jedis = new Jedis(node, Clients.config(cluster.password(), Duration.ofMillis(300)))) {
                Optional<String> owner = ClusterNodesParser.parse(jedis.clusterNodes()).stream()
                        .filter(line -> line.isMaster() && !line.isFailing() && covers(line.slots(), slot))
                        .map(ClusterNode::id)
                        .findFirst();
                if (owner.isPresent() && !owner.get().equals(victimId)) {
                    return true;
                }
            } catch (RuntimeException unreachable) {
                // ask the next node
            }
        }
        return false;
    }

    private static boolean covers(List<SlotRange> ranges, int slot) {
        return ranges.stream().anyMatch(r -> r.first() <= slot && slot <= r.last());
    }

    private static HostAndPort ownerOf(Jedis node, int slot) {
        for (Object entry : node.clusterSlots()) {
            List<?> range = (List<?>) entry;
            if ((Long) range.get(0) <= slot && slot <= (Long) range.get(1)) {
                List<?> master = (List<?>) range.get(2);
                Object host = master.get(0);
                String ip = host instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(host);
                return new HostAndPort(ip, ((Long) master.get(1)).intValue());
            }
        }
        throw new IllegalStateException("no master serves slot " + slot);
    }

    /** Whether {@code condition} came true within {@code timeout}. */
    private static boolean awaitQuietly(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            WriteProbe.sleep(Duration.ofMillis(50));
        }
        return true;
    }

    /** The log tails of the nodes that replicate {@code victimId}, as a peer sees them. */
    private static String replicaLogs(ClusterUnderTest cluster, HostAndPort victim, String victimId) {
        StringBuilder logs = new StringBuilder();
        for (HostAndPort node : cluster.nodes()) {
            if (node.equals(victim)) {
                continue;
            }
            try (Jedis jedis = new Jedis(node, Clients.config(cluster.password(), Duration.ofMillis(500)))) {
                for (ClusterNode line : ClusterNodesParser.parse(jedis.clusterNodes())) {
                    if (line.masterId().filter(victimId::equals).isPresent()) {
                        HostAndPort replica = new HostAndPort(line.ip(), line.port());
                        logs.append("  log of the replica ").append(replica).append(":\n").append(cluster.logTail(replica, 20).indent(4));
                    }
                }
                return logs.toString();
            } catch (RuntimeException unreachable) {
                // ask the next node
            }
        }
        return logs.toString();
    }

    private static String views(ClusterUnderTest cluster, HostAndPort victim) {
        StringBuilder views = new StringBuilder();
        for (HostAndPort node : cluster.nodes()) {
            if (!node.equals(victim)) {
                try (Jedis jedis = new Jedis(node, Clients.config(cluster.password(), Duration.ofMillis(500)))) {
                    views.append("  ").append(node).append(":\n").append(jedis.clusterNodes().strip().indent(4));
                } catch (RuntimeException unreachable) {
                    views.append("  ").append(node).append(": ").append(unreachable.getMessage()).append('\n');
                }
            }
        }
        return views.toString();
    }

    private static Jedis connect(HostAndPort node, String password) {
        return new Jedis(node, Clients.config(password, Duration.ofSeconds(3)));
    }
}
