package io.qsredis.it.operator;

import io.qsredis.it.fixtures.ClusterManifests;
import io.qsredis.testbed.Await;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@code shop} RedisCluster of {@link ClusterManifests} as the failover tests use it: a master, a key tag it serves, a client. */
final class ShopCluster {
    static final String PASSWORD = "cluster-pw";

    private final TestingOperatorWorld world;

    ShopCluster(TestingOperatorWorld world) {
        this.world = world;
    }

    /** The first pod (leaders first) that is a master serving slots. */
    String aMaster() {
        return ClusterManifests.PODS.stream().filter(this::servesSlots).findFirst().orElseThrow();
    }

    /** A hash tag in the first slot range {@code pod} serves. */
    String tagServedBy(String pod) {
        try (Jedis jedis = world.connect(pod, PASSWORD)) {
            String[] mine = jedis.clusterNodes().lines().filter(line -> line.contains("myself")).findFirst().orElseThrow().split(" ");
            String[] range = mine[8].split("-");
            long first = Long.parseLong(range[0]);
            long last = range.length > 1 ? Long.parseLong(range[1]) : first;
            for (int i = 0; ; i++) {
                long slot = jedis.clusterKeySlot("{t" + i + "}");
                if (slot >= first && slot <= last) {
                    return "{t" + i + "}";
                }
            }
        }
    }

    /** Writes {@code count} keys under {@code tag} on {@code master}, each acknowledged by its replica ({@code WAIT 1}); the acknowledged ones. */
    List<String> writeAcknowledged(String master, String tag, int count) {
        List<String> acknowledged = new ArrayList<>();
        try (Jedis jedis = world.connect(master, PASSWORD)) {
            for (int i = 0; i < count; i++) {
                jedis.set(tag + ":" + i, "v" + i);
                if (jedis.waitReplicas(1, 2_000) >= 1) {
                    acknowledged.add(tag + ":" + i);
                }
            }
        }
        return acknowledged;
    }

    /** A cluster client seeded with every pod's current address. */
    JedisCluster client() {
        return client(3_000, 5);
    }

    /** A cluster client that gives up on a node after {@code timeoutMillis}, {@code attempts} times per command. */
    JedisCluster client(int timeoutMillis, int attempts) {
        Set<HostAndPort> nodes = ClusterManifests.PODS.stream().map(pod -> new HostAndPort(world.podIp(pod), 6379)).collect(Collectors.toSet());
        return new JedisCluster(nodes, TestingOperatorWorld.clientConfig(PASSWORD, timeoutMillis), attempts);
    }

    /** The address of the replica of the master {@code pod}, as the master sees it. */
    String replicaOf(String pod) {
        try (Jedis jedis = world.connect(pod, PASSWORD)) {
            String id = jedis.clusterNodes().lines().filter(line -> line.contains("myself")).findFirst().orElseThrow().split(" ")[0];
            return jedis.clusterNodes().lines().map(line -> line.split(" "))
                    .filter(fields -> fields[2].contains("slave") && fields[3].equals(id))
                    .map(fields -> fields[1].substring(0, fields[1].indexOf(':')))
                    .findFirst().orElseThrow();
        }
    }

    /** Waits until {@code client} can write {@code key} again; how long that took since {@code sinceNanos}. */
    static Duration awaitWrite(JedisCluster client, String key, long sinceNanos) {
        return Await.until("a write of " + key, Duration.ofSeconds(60), () -> {
            try {
                client.set(key, "new-master");
                return Optional.of(Duration.ofNanos(System.nanoTime() - sinceNanos));
            } catch (RuntimeException unavailable) {
                return Optional.empty();
            }
        });
    }

    /**
     * Waits until the node at {@code ip} (a replica taking over, which answers MOVED until it is master) accepts a write
     * of {@code key}, giving up on each try after {@code timeoutMillis}; how long that took since {@code sinceNanos}.
     */
    static Duration awaitWriteAt(String ip, String key, long sinceNanos, int timeoutMillis) {
        return Await.until("a write of " + key + " accepted at " + ip, Duration.ofSeconds(60), () -> {
            try (Jedis node = new Jedis(new HostAndPort(ip, 6379), TestingOperatorWorld.clientConfig(PASSWORD, timeoutMillis))) {
                node.set(key, "new-master");
                return Optional.of(Duration.ofNanos(System.nanoTime() - sinceNanos));
            } catch (RuntimeException notYet) {
                return Optional.empty();
            }
        });
    }

    /** Whether {@code pod} replicates a master with its link up. */
    boolean replicating(String pod) {
        try (Jedis jedis = world.connect(pod, PASSWORD)) {
            String info = jedis.info("replication");
            return info.contains("role:slave") && info.contains("master_link_status:up");
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    /** The pods that are masters serving slots, as every pod of {@code pods} that answers sees itself. */
    List<String> masters(List<String> pods) {
        return pods.stream().filter(this::servesSlots).toList();
    }

    private boolean servesSlots(String pod) {
        try (Jedis jedis = world.connect(pod, PASSWORD)) {
            return jedis.clusterNodes().lines().anyMatch(line -> line.contains("myself") && line.contains("master") && line.split(" ").length > 8);
        } catch (RuntimeException unreachable) {
            return false;
        }
    }
}
