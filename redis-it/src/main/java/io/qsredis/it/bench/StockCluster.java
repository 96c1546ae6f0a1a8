package io.qsredis.it.bench;

import io.qsredis.it.harness.RedisProcess;
import io.qsredis.it.harness.RedisProcesses;
import io.qsredis.topology.Endpoint;
import io.qsredis.topology.exec.RedisConnectionSettings;
import io.qsredis.topology.exec.RedisConnector;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The reference: six plain {@code redis-server}s in cluster mode (ports 31040-31045 on 127.0.0.1, the harness'
 * settings, a password, the given {@code cluster-node-timeout}) made a cluster of 3 masters with a replica each by
 * {@code redis-cli --cluster create --cluster-replicas 1}, with no operator: Redis Cluster's own failover. A killed or
 * terminated node stays down, as a lost VM's would; a frozen one is thawed once another node took over.
 */
final class StockCluster implements ClusterUnderTest {
    private static final int FIRST_PORT = 31040;

    private final String password;
    private final RedisConnector connector;
    private final RedisProcesses processes;
    private final List<RedisProcess> nodes;

    StockCluster(String password, long nodeTimeoutMillis) {
        this.password = password;
        this.connector = new RedisConnector(RedisConnectionSettings.builder().password(password)
                .connectTimeout(Duration.ofMillis(500)).socketTimeout(Duration.ofMillis(500)).build());
        processes = new RedisProcesses("failover-reference", Map.of("requirepass", password, "masterauth", password,
                "cluster-node-timeout", Long.toString(nodeTimeoutMillis)));
        try {
            nodes = processes.start(FIRST_PORT, 6);
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            nodes.forEach(n -> create.add(n.endpoint().toString()));
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            redisCli(create);
            FailoverTrial.awaitCondition(this::settled, Duration.ofSeconds(60), "the reference cluster never reported cluster_state:ok");
            ClusterAgreement.await(connector, RedisProcesses.endpoints(nodes), Duration.ofSeconds(30));
            FailoverTrial.awaitCondition(this::replicasInSync, Duration.ofSeconds(30), "the reference cluster's replicas never synced");
        } catch (RuntimeException e) {
            processes.close();
            throw e;
        }
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public List<HostAndPort> nodes() {
        return processes.alive().stream().map(n -> new HostAndPort(n.endpoint().host(), n.port())).toList();
    }

    @Override
    public Runnable inject(Fault fault, HostAndPort master) {
        RedisProcess node = nodes.stream().filter(n -> n.port() == master.getPort()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no reference node at " + master));
        switch (fault) {
            case CRASH -> node.kill();
            case HANG -> {
                long pid = pid(node.endpoint());
                Signals.stop(pid);
                return () -> Signals.resume(pid);
            }
            case DELETE -> Signals.terminate(pid(node.endpoint()));
        }
        return () -> {};
    }

    @Override
    public String logTail(HostAndPort node, int lines) {
        return nodes.stream().filter(n -> n.port() == node.getPort()).findFirst()
                .map(n -> Logs.tail(n.dir().resolve("redis.log"), lines))
                .orElse("no reference node at " + node);
    }

    /** Every running node reports {@code cluster_state:ok}. */
    @Override
    public boolean settled() {
        for (RedisProcess node : processes.alive()) {
            try (Jedis jedis = connector.connect(node.endpoint())) {
                if (!jedis.clusterInfo().contains("cluster_state:ok")) {
                    return false;
                }
            } catch (RuntimeException unreachable) {
                return false;
            }
        }
        return true;
    }

    private boolean replicasInSync() {
        for (RedisProcess node : nodes) {
            try (Jedis jedis = connector.connect(node.endpoint())) {
                String replication = jedis.info("replication");
                if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
                    return false;
                }
            }
        }
        return true;
    }

    private long pid(Endpoint node) {
        try (Jedis jedis = connector.connect(node)) {
            return jedis.info("server").lines().filter(l -> l.startsWith("process_id:"))
                    .mapToLong(l -> Long.parseLong(l.substring("process_id:".length()).trim()))
                    .findFirst().orElseThrow();
        }
    }

    /** Runs redis-cli with the password in {@code REDISCLI_AUTH}, where no process listing shows it. */
    private void redisCli(List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("REDISCLI_AUTH", password);
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        processes.close();
    }
}
