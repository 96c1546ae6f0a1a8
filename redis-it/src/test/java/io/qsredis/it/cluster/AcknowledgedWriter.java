package io.qsredis.it.cluster;

import io.qsredis.topology.Endpoint;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client writing {@code ack:i} keys one by one through a cluster-aware client, as an application would
 * during a change of shape; it remembers which writes Redis acknowledged.
 */
final class AcknowledgedWriter implements AutoCloseable {

    private final JedisCluster client;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Integer> acknowledged = new ArrayList<>();
    private final Thread thread;
    private int failed;

    AcknowledgedWriter(Endpoint seed) {
        client = new JedisCluster(Set.of(new HostAndPort(seed.host(), seed.port())),
                DefaultJedisClientConfig.builder().socketTimeoutMillis(5000).autoNegotiateProtocol(false).build(), 10);
        thread = new Thread(this::write, "acknowledged-writer");
        thread.start();
    }

    private void write() {
        for (int i = 0; running.get(); i++) {
            try {
                client.set("ack:" + i, "ack-" + i);
                synchronized (this) {
                    acknowledged.add(i);
                }
            } catch (JedisException e) {
                synchronized (this) {
                    failed++;
                }
            }
        }
    }

    /** Stops writing; returns the numbers of the acknowledged writes. */
    List<Integer> stop() {
        running.set(false);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            return List.copyOf(acknowledged);
        }
    }

    synchronized int failed() {
        return failed;
    }

    /** Acknowledged writes that cannot be read back with their value. */
    List<Integer> lost(List<Integer> acknowledgedWrites) {
        List<Integer> lost = new ArrayList<>();
        for (int i : acknowledgedWrites) {
            if (!("ack-" + i).equals(client.get("ack:" + i))) {
                lost.add(i);
            }
        }
        return lost;
    }

    @Override
    public void close() {
        running.set(false);
        client.close();
    }
}
