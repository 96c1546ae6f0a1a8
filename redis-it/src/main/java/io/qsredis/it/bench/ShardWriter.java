package io.qsredis.it.bench;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * A cluster client writing numbered keys to each shard in turn (one hash tag per shard), as an application would,
 * remembering per shard which writes were acknowledged and when, so that a shard's longest stretch without a write is
 * known even while the other shards serve.
 */
public final class ShardWriter {
    private final JedisCluster client;
    private final List<String> tags;
    private final Map<String, List<String>> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> times = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public ShardWriter(JedisCluster client, List<String> tags) {
        this.client = client;
        this.tags = tags;
        tags.forEach(tag -> {
            acknowledged.put(tag, Collections.synchronizedList(new ArrayList<>()));
            times.put(tag, Collections.synchronizedList(new ArrayList<>()));
        });
        thread = new Thread(this::run, "shard-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** A hash tag in a slot of each master, one per master, as {@code node} sees the slots. */
    public static List<String> oneHashTagPerShard(Jedis node) {
        List<long[]> ranges = new ArrayList<>();
        Set<String> masters = new HashSet<>();
        for (Object entry : node.clusterSlots()) {
            List<?> range = (List<?>) entry;
            Object host = ((List<?>) range.get(2)).get(0);
            if (masters.add((host instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(host))
                    + ":" + ((List<?>) range.get(2)).get(1))) {
                ranges.add(new long[] {(Long) range.get(0), (Long) range.get(1)});
            }
        }
        List<String> tags = new ArrayList<>();
        for (long[] range : ranges) {
            for (int i = 0; ; i++) {
                long slot = node.clusterKeySlot("{t" + i + "}");
                if (slot >= range[0] && slot <= range[1]) {
                    tags.add("{t" + i + "}");
                    break;
                }
            }
        }
        return tags;
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

    /** When the last write to {@code tag}'s shard was acknowledged (System.nanoTime), if any was. */
    public OptionalLong lastAcknowledged(String tag) {
        List<Long> at = times.get(tag);
        synchronized (at) {
            return at.isEmpty() ? OptionalLong.empty() : OptionalLong.of(at.get(at.size() - 1));
        }
    }

    /** The writes to {@code tag}'s shard acknowledged up to {@code nanos} (System.nanoTime). */
    public List<String> acknowledgedUntil(String tag, long nanos) {
        List<String> keys = List.copyOf(acknowledged.get(tag));
        List<Long> at = List.copyOf(times.get(tag));
        List<String> until = new ArrayList<>();
        for (int i = 0; i < Math.min(keys.size(), at.size()) && at.get(i) <= nanos; i++) {
            until.add(keys.get(i));
        }
        return until;
    }

    public int acknowledged() {
        return acknowledged.values().stream().mapToInt(List::size).sum();
    }

    public Map<String, List<String>> stop() {
        running.set(false);
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
        return acknowledged.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }

    /**
     * Per shard, the longest stretch between {@code sinceNanos} and {@code untilNanos} without a write that was
     * acknowledged and is still {@code kept} (a write acknowledged and lost is no better than a refused one).
     */
    public Map<String, Duration> longestGaps(long sinceNanos, long untilNanos, Set<String> kept) {
        Map<String, Duration> gaps = new LinkedHashMap<>();
        for (String tag : tags) {
            List<String> keys = List.copyOf(acknowledged.get(tag));
            List<Long> at = List.copyOf(times.get(tag));
            long previous = sinceNanos;
            long longest = 0;
            for (int i = 0; i < Math.min(keys.size(), at.size()); i++) {
                if (at.get(i) > sinceNanos && at.get(i) <= untilNanos && kept.contains(keys.get(i))) {
                    longest = Math.max(longest, at.get(i) - previous);
                    previous = at.get(i);
                }
            }
            gaps.put(tag, Duration.ofNanos(Math.max(longest, untilNanos - previous)));
        }
        return gaps;
    }
}
