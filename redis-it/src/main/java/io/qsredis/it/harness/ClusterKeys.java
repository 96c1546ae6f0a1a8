package io.qsredis.it.harness;

import io.qsredis.topology.Endpoint;
import io.qsredis.topology.cluster.ClusterNode;
import io.qsredis.topology.cluster.ClusterNodesParser;
import io.qsredis.topology.cluster.SlotRange;
import io.qsredis.topology.exec.RedisConnector;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads back numbered keys ({@code prefix:i} = {@code value-i}), straight to the master that
 * serves each key's slot, in large pipelines: a million keys load in seconds.
 */
public final class ClusterKeys {

    private static final int PIPELINE = 10_000;

    private final RedisConnector connector;

    public ClusterKeys(RedisConnector connector) {
        this.connector = connector;
    }

    public static String key(String prefix, int i) {
        return prefix + ":" + i;
    }

    public static String value(int i) {
        return "value-" + i;
    }

    /** The master endpoint serving each slot, as {@code seed} sees it. */
    public Endpoint[] owners(Endpoint seed) {
        Endpoint[] owners = new Endpoint[SlotRange.SLOTS];
        try (Jedis jedis = connector.connect(seed)) {
            String nodes = new String((byte[]) jedis.sendCommand(Protocol.Command.CLUSTER, "NODES"), StandardCharsets.UTF_8);
            for (ClusterNode line : ClusterNodesParser.parse(nodes)) {
                if (line.isMaster()) {
                    Endpoint endpoint = line.isMyself() ? seed : new Endpoint(line.ip(), line.port());
                    for (SlotRange range : line.slots()) {
                        for (int slot = range.first(); slot <= range.last(); slot++) {
                            owners[slot] = endpoint;
                        }
                    }
                }
            }
        }
        return owners;
    }

    public void load(Endpoint seed, String prefix, int count) {
        Map<Endpoint, List<Integer>> byOwner = byOwner(seed, prefix, count);
        byOwner.forEach((owner, numbers) -> {
            try (Jedis jedis = connector.connect(owner)) {
                for (int from = 0; from < numbers.size(); from += PIPELINE) {
                    Pipeline pipeline = jedis.pipelined();
                    List<Response<String>> replies = new ArrayList<>();
                    for (int i : numbers.subList(from, Math.min(numbers.size(), from + PIPELINE))) {
                        replies.add(pipeline.set(key(prefix, i), value(i)));
                    }
                    pipeline.sync();
                    replies.forEach(Response::get);
                }
            }
        });
    }

    /** How many of the keys are missing or hold another value, read from the masters serving them now. */
    public int missingOrWrong(Endpoint seed, String prefix, int count) {
        int bad = 0;
        for (Map.Entry<Endpoint, List<Integer>> entry : byOwner(seed, prefix, count).entrySet()) {
            try (Jedis jedis = connector.connect(entry.getKey())) {
                List<Integer> numbers = entry.getValue();
                for (int from = 0; from < numbers.size(); from += PIPELINE) {
                    List<Integer> chunk = numbers.subList(from, Math.min(numbers.size(), from + PIPELINE));
                    Pipeline pipeline = jedis.pipelined();
                    List<Response<String>> replies = new ArrayList<>();
                    for (int i : chunk) {
                        replies.add(pipeline.get(key(prefix, i)));
                    }
                    pipeline.sync();
                    for (int j = 0; j < chunk.size(); j++) {
                        if (!value(chunk.get(j)).equals(replies.get(j).get())) {
                            bad++;
                        }
                    }
                }
            }
        }
        return bad;
    }

    private Map<Endpoint, List<Integer>> byOwner(Endpoint seed, String prefix, int count) {
        Endpoint[] owners = owners(seed);
        Map<Endpoint, List<Integer>> byOwner = new HashMap<>();
        for (int i = 0; i < count; i++) {
            Endpoint owner = owners[JedisClusterCRC16.getSlot(key(prefix, i))];
            if (owner == null) {
                throw new IllegalStateException("slot of " + key(prefix, i) + " has no owner");
            }
            byOwner.computeIfAbsent(owner, o -> new ArrayList<>()).add(i);
        }
        return byOwner;
    }
}
