package io.qsredis.it.bench;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One measurement: a {@link WriteProbe} writes through Sentinel, the master is killed (or frozen), and the trial waits
 * until Sentinel names another master and it keeps the client's writes (then thaws a frozen one), and until the master
 * the Sentinels name has kept the latest writes for a second; then it reads back which acknowledged writes that master
 * holds. Unavailable: the longest stretch from the fault to the end without a write acknowledged and kept. The same
 * client settings for the stock reference and for the operator.
 */
final class FailoverTrial {
    static final Duration CLIENT_TIMEOUT = Duration.ofMillis(500);
    static final Duration WRITE_PAUSE = Duration.ofMillis(10);
    /** How long the trial waits, once another master is named, for the client to settle on the final one. */
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private FailoverTrial() {}

    /** What the trial does to the master, and what it undoes once another master is named (or it gives up). */
    interface Disruption {
        /** Disrupts the master and returns its address. */
        String inject();

        /** A crash leaves nothing to undo; a frozen master is thawed, to rejoin as a replica. */
        default void undo() {}
    }

    /** A crash: {@code kill} kills the master and returns its address. */
    static Disruption crash(Supplier<String> kill) {
        return kill::get;
    }

    /**
     * @param disruption what befalls the master
     * @param budget how long the failover may take before the trial gives up
     */
    static WriteProbe.Outage run(String group, Set<HostAndPort> sentinels, String password, Disruption disruption, Duration budget) {
        DefaultJedisClientConfig master = Clients.config(password, CLIENT_TIMEOUT);
        DefaultJedisClientConfig sentinel = Clients.config(null, CLIENT_TIMEOUT);
        try (JedisSentinelPool pool = new JedisSentinelPool(group, sentinels, master, sentinel);
                WriteProbe probe = new WriteProbe(pool, WRITE_PAUSE)) {
            awaitCondition(() -> probe.acks().size() >= 50, Duration.ofSeconds(30), "the probe never wrote");
            long killNanos = System.nanoTime();
            String killed = disruption.inject();
            long deadline = killNanos + budget.toNanos();
            String newMaster = null;
            try {
                while (System.nanoTime() < deadline) {
                    String named = masterNamedBy(group, sentinels);
                    if (named != null && !named.equals(killed)) {
                        newMaster = named;
                        break;
                    }
                    WriteProbe.sleep(Duration.ofMillis(20));
                }
                // A frozen master thawed before the client has moved on takes its writes and loses them when Sentinel
                // demotes it: that is a failover racing the thaw, not the one measured. Thaw once the new master keeps writes.
                if (newMaster != null) {
                    String promoted = newMaster;
                    long named = System.nanoTime();
                    awaitQuietly(() -> keptSince(probe, promoted, password, named), Duration.ofNanos(Math.max(0, deadline - named)));
                }
            } finally {
                disruption.undo();
            }
            if (newMaster == null) {
                return new WriteProbe.Outage(Optional.empty(), 0, 0, probe.acks().size());
            }
            // Done once the master the Sentinels name has kept the client's latest writes for a second: by then an old
            // master that came back has been turned into a replica and the client writes where Sentinel says.
            String finalMaster = newMaster;
            long quietSince = -1;
            long settleDeadline = System.nanoTime() + SETTLE.toNanos();
            while (System.nanoTime() < settleDeadline) {
                long now = System.nanoTime();
                String named = masterNamedBy(group, sentinels);
                if (named != null && keptSince(probe, named, password, now - CLIENT_TIMEOUT.toNanos())) {
                    if (!named.equals(finalMaster)) {
                        finalMaster = named;
                        quietSince = now;
                    } else if (quietSince < 0) {
                        quietSince = now;
                    } else if (now - quietSince >= Duration.ofSeconds(1).toNanos()) {
                        break;
                    }
                } else {
                    quietSince = -1;
                }
                WriteProbe.sleep(Duration.ofMillis(100));
            }
            long until = System.nanoTime();
            probe.close();
            return probe.outage(killNanos, until, probeKeys(finalMaster, password));
        }
    }

    /** Whether {@code host} holds the latest write the probe had acknowledged after {@code sinceNanos}. */
    private static boolean keptSince(WriteProbe probe, String host, String password, long sinceNanos) {
        Optional<WriteProbe.Ack> last = probe.lastAck().filter(ack -> ack.nanos() > sinceNanos);
        if (last.isEmpty()) {
            return false;
        }
        try (Jedis jedis = new Jedis(new HostAndPort(host, 6379), Clients.config(password, Duration.ofMillis(300)))) {
            return jedis.exists(last.get().key());
        } catch (RuntimeException unreachable) {
            return false;
        }
    }

    private static void awaitQuietly(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            WriteProbe.sleep(Duration.ofMillis(20));
        }
    }

    private static String masterNamedBy(String group, Set<HostAndPort> sentinels) {
        for (HostAndPort address : sentinels) {
            try (Jedis jedis = new Jedis(address, Clients.config(null, Duration.ofMillis(300)))) {
                List<String> master = jedis.sentinelGetMasterAddrByName(group);
                if (master != null && !master.isEmpty()) {
                    return master.get(0);
                }
            } catch (RuntimeException tryNext) {
                // ask the next Sentinel
            }
        }
        return null;
    }

    private static Set<String> probeKeys(String host, String password) {
        Set<String> keys = new HashSet<>();
        try (Jedis jedis = new Jedis(new HostAndPort(host, 6379), Clients.config(password, Duration.ofSeconds(2)))) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = jedis.scan(cursor, new ScanParams().match(WriteProbe.KEY_PREFIX + "*").count(1_000));
                keys.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        }
        return keys;
    }

    static void awaitCondition(BooleanSupplier condition, Duration timeout, String failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure + " within " + timeout.toSeconds() + " s");
            }
            WriteProbe.sleep(Duration.ofMillis(10));
        }
    }
}
