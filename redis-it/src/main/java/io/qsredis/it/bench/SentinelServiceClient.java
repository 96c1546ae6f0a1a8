package io.qsredis.it.bench;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A client that finds the master as one configured with the Sentinel Service's DNS name does on Kubernetes: it asks
 * whichever Sentinel the Service routes to now, every time it needs a connection. (A {@code JedisSentinelPool} built
 * from pod addresses loses every Sentinel once each has restarted at a new address, which pods do.)
 */
public final class SentinelServiceClient implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Supplier<Set<HostAndPort>> sentinels;
    private final String group;
    private final String password;
    private final Map<HostAndPort, JedisPool> pools = new ConcurrentHashMap<>();

    /** @param sentinels the ready endpoints of the Sentinel Service now */
    public SentinelServiceClient(Supplier<Set<HostAndPort>> sentinels, String group, String password) {
        this.sentinels = sentinels;
        this.group = group;
        this.password = password;
    }

    /** A pooled connection to the master the first answering Sentinel of the Service names. */
    public Jedis master() {
        for (HostAndPort sentinel : sentinels.get()) {
            try (Jedis jedis = new Jedis(sentinel, Clients.config(null, TIMEOUT))) {
                List<String> address = jedis.sentinelGetMasterAddrByName(group);
                if (address != null && address.size() == 2) {
                    HostAndPort master = new HostAndPort(address.get(0), Integer.parseInt(address.get(1)));
                    return pools.computeIfAbsent(master, at -> new JedisPool(at, Clients.config(password, TIMEOUT))).getResource();
                }
            } catch (JedisConnectionException unreachable) {
                // The next Sentinel behind the Service.
            }
        }
        throw new JedisConnectionException("no Sentinel of the Service names a master of " + group);
    }

    @Override
    public void close() {
        pools.values().forEach(JedisPool::close);
    }
}
