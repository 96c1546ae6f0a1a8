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
 * One measurement: a {@link WriteProbe} writes through Sentinel, the master is killed, and the trial waits until
 * Sentinel names another master and writes have gone to it for a while; then it reads back which acknowledged writes
 * the final master holds. The same client settings for the stock reference and for the operator.
 */
final class FailoverTrial {
    static final Duration CLIENT_TIMEOUT = Duration.ofMillis(500);
    static final Duration WRITE_PAUSE = Duration.ofMillis(10);

    private FailoverTrial() {}

    /**
     * @param kill kills the master and returns its address
     * @param budget how long the failover may take before the trial gives up
     */
    static WriteProbe.Outage run(String group, Set<HostAndPort> sentinels, String password, Supplier<String> kill, Duration budget) {
        DefaultJedisClientConfig master = Clients.config(password, CLIENT_TIMEOUT);
        DefaultJedisClientConfig sentinel = Clients.config(null, CLIENT_TIMEOUT);
        try (JedisSentinelPool pool = new JedisSentinelPool(group, sentinels, master, sentinel);
                WriteProbe probe = new WriteProbe(pool, WRITE_PAUSE)) {
            awaitCondition(() -> probe.acks().size() >= 50, Duration.ofSeconds(30), "the probe never wrote");
            long killNanos = System.nanoTime();
            String killed = kill.get();
            long deadline = killNanos + budget.toNanos();
            String newMaster = null;
            while (System.nanoTime() < deadline) {
                String named = masterNamedBy(group, sentinels);
                if (named != null && !named.equals(killed)) {
                    newMaster = named;
                    break;
                }
                WriteProbe.sleep(Duration.ofMillis(20));
            }
            if (newMaster == null) {
                return new WriteProbe.Outage(Optional.empty(), 0, 0, probe.acks().size());
            }
            // Let writes reach the new master, and let an old master that came back be turned into a replica.
            long settled = System.nanoTime();
            awaitCondition(() -> probe.acknowledgedSince(settled), Duration.ofSeconds(30), "no write after the failover");
            WriteProbe.sleep(Duration.ofSeconds(1));
            probe.close();
            return probe.outage(killNanos, probeKeys(newMaster, password));
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
