package io.qsredis.it.bench;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A client that writes a numbered key every few milliseconds through a {@link JedisSentinelPool} (or any way of finding
 * the master), as an application would, and remembers when each write was acknowledged. What counts is what survives: a write acknowledged by a
 * master that later loses it (a restarted empty master, say) was never really available.
 */
public final class WriteProbe implements AutoCloseable {
    public static final String KEY_PREFIX = "probe:";

    /** One acknowledged write. */
    public record Ack(long seq, long nanos) {
        public String key() {
            return KEY_PREFIX + seq;
        }
    }

    /**
     * What a kill cost: the longest time after the kill with no write acknowledged and kept, and how many acknowledged
     * writes were lost (before the kill: not yet replicated; after it: taken by a restarted empty master).
     */
    public record Outage(Optional<Duration> unavailable, int lostBeforeKill, int lostAfterKill, int acknowledged) {}

    private final Supplier<Jedis> connections;
    private final Duration pause;
    private final List<Ack> acks = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public WriteProbe(JedisSentinelPool pool, Duration pause) {
        this(pool::getResource, pause);
    }

    /** @param connections a connection to the master as the client finds it now, closed after each write */
    public WriteProbe(Supplier<Jedis> connections, Duration pause) {
        this.connections = connections;
        this.pause = pause;
        this.thread = new Thread(this::run, "write-probe");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        long seq = 0;
        while (running.get()) {
            seq++;
            try (Jedis jedis = connections.get()) {
                jedis.set(KEY_PREFIX + seq, Long.toString(seq));
                long now = System.nanoTime();
                synchronized (acks) {
                    acks.add(new Ack(seq, now));
                }
            } catch (RuntimeException unavailable) {
                // Counted by the gap it leaves between surviving acknowledgements.
            }
            sleep(pause);
        }
    }

    /** Acknowledged writes so far. */
    public List<Ack> acks() {
        synchronized (acks) {
            return List.copyOf(acks);
        }
    }

    /** The acknowledged keys that {@code master} still holds. */
    public Set<String> surviving(Jedis master) {
        List<Ack> all = acks();
        Set<String> surviving = new java.util.HashSet<>();
        if (all.isEmpty()) {
            return surviving;
        }
        List<String> values = master.mget(all.stream().map(Ack::key).toArray(String[]::new));
        for (int i = 0; i < all.size(); i++) {
            if (values.get(i) != null) {
                surviving.add(all.get(i).key());
            }
        }
        return surviving;
    }

    /** The latest acknowledged write, if any. */
    public Optional<Ack> lastAck() {
        synchronized (acks) {
            return acks.isEmpty() ? Optional.empty() : Optional.of(acks.get(acks.size() - 1));
        }
    }

    /** Whether some write after {@code sinceNanos} was acknowledged. */
    public boolean acknowledgedSince(long sinceNanos) {
        synchronized (acks) {
            return !acks.isEmpty() && acks.get(acks.size() - 1).nanos() > sinceNanos;
        }
    }

    /**
     * The outage around a kill at {@code killNanos}, given which acknowledged keys the final master still holds: the
     * longest stretch after the kill without a write that was acknowledged and kept (a write acknowledged and lost is
     * no better than a refused one), and the acknowledged writes lost before and after the kill.
     */
    public Outage outage(long killNanos, Set<String> surviving) {
        return outage(killNanos, -1, surviving);
    }

    /**
     * As {@link #outage(long, Set)}, counting the stretch from the last write acknowledged and kept to {@code untilNanos}
     * too (a client still writing to a master that loses its writes, at the end, is still without service).
     */
    public Outage outage(long killNanos, long untilNanos, Set<String> surviving) {
        List<Ack> all = acks();
        int lostBefore = 0;
        int lostAfter = 0;
        long previous = killNanos;
        long longest = -1;
        for (Ack ack : all) {
            boolean survived = surviving.contains(ack.key());
            if (ack.nanos() <= killNanos) {
                lostBefore += survived ? 0 : 1;
            } else if (!survived) {
                lostAfter++;
            } else {
                longest = Math.max(longest, ack.nanos() - previous);
                previous = ack.nanos();
            }
        }
        if (longest >= 0 && untilNanos > previous) {
            longest = Math.max(longest, untilNanos - previous);
        }
        Optional<Duration> unavailable = longest < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(longest));
        return new Outage(unavailable, lostBefore, lostAfter, all.size());
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
