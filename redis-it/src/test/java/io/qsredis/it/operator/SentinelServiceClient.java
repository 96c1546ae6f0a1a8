package io.qsredis.it.operator;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client that finds the master as one configured with the Sentinel Service's DNS name does on Kubernetes: it asks
 * whichever Sentinel the Service routes to now, every time it needs a connection. (A {@code JedisSentinelPool} built
 * from pod addresses loses every Sentinel once each has restarted at a new address, which pods do.)
 */
final class SentinelServiceClient implements AutoCloseable {
    private final TestingOperatorWorld world;
    private final String service;
    private final String group;
    private final String password;
    private final Map<HostAndPort, JedisPool> pools = new ConcurrentHashMap<>();

    SentinelServiceClient(TestingOperatorWorld world, String service, String group, String password) {
        this.world = world;
        this.service = service;
        this.group = group;
        this.password = password;
    }

    /** A pooled connection to the master the first answering Sentinel of the Service names. */
    Jedis master() {
        for (HostAndPort sentinel : world.sentinelAddresses(service)) {
            try (Jedis jedis = new Jedis(sentinel, TestingOperatorWorld.clientConfig(null))) {
                List<String> address = jedis.sentinelGetMasterAddrByName(group);
                if (address != null && address.size() == 2) {
                    HostAndPort master = new HostAndPort(address.get(0), Integer.parseInt(address.get(1)));
                    return pools.computeIfAbsent(master, at -> new JedisPool(at,
                            TestingOperatorWorld.clientConfig(password))).getResource();
                }
            } catch (JedisConnectionException unreachable) {
                // The next Sentinel behind the Service.
            }
        }
        throw new JedisConnectionException("no Sentinel behind " + service + " names a master of " + group);
    }

    @Override
    public void close() {
        pools.values().forEach(JedisPool::close);
    }
}
