package io.qsredis.it.bench;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The reference: three {@code redis-server}s and three {@code redis-sentinel}s configured by hand, as the Redis
 * documentation shows, with no operator. Each process has its own loopback address (servers
 * {@code 127.0.250.1-3}, Sentinels {@code 127.0.250.4-6}, away from the testbed's pool and from the ports other
 * tests use) and the two settings one machine needs ({@code bind-source-addr}, {@code sentinel announce-ip}).
 * A killed master stays dead, as a crashed VM's would: Sentinel fails over after {@code down-after-milliseconds}; a
 * frozen one is thawed once another master is named, and Sentinel turns it into a replica.
 */
final class StockSentinelGroup implements AutoCloseable {
    static final String GROUP = "mymaster";
    private static final String PREFIX = "127.0.250.";

    private final Path dir;
    private final String password;
    private final List<Process> servers = new ArrayList<>();
    private final List<Process> sentinels = new ArrayList<>();

    private StockSentinelGroup(Path dir, String password) {
        this.dir = dir;
        this.password = password;
    }

    static StockSentinelGroup start(Path dir, String password, long downAfterMillis) throws IOException {
        StockSentinelGroup group = new StockSentinelGroup(dir, password);
        try {
            for (int i = 1; i <= 6; i++) {
                requireFree(PREFIX + i, i <= 3 ? 6379 : 26379);
            }
            for (int i = 1; i <= 3; i++) {
                group.servers.add(group.startServer(i));
            }
            awaitPing(PREFIX + 1, 6379, password);
            for (int i = 1; i <= 3; i++) {
                group.sentinels.add(group.startSentinel(i + 3, downAfterMillis));
            }
            group.awaitHealthy();
        } catch (IOException | RuntimeException e) {
            group.close();
            throw e;
        }
        return group;
    }

    private Process startServer(int n) throws IOException {
        String ip = PREFIX + n;
        Path home = Files.createDirectories(dir.resolve("redis-" + n));
        StringBuilder conf = new StringBuilder()
                .append("bind ").append(ip).append('\n')
                .append("bind-source-addr ").append(ip).append('\n')
                .append("port 6379\nprotected-mode no\nsave \"\"\nappendonly no\n")
                .append("dir ").append(home).append('\n')
                .append("requirepass \"").append(password).append("\"\n")
                .append("masterauth \"").append(password).append("\"\n");
        if (n > 1) {
            conf.append("replicaof ").append(PREFIX).append(1).append(" 6379\n");
        }
        Path file = home.resolve("redis.conf");
        Files.writeString(file, conf);
        return new ProcessBuilder("redis-server", file.toString())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("redis.log").toFile())
                .start();
    }

    private Process startSentinel(int n, long downAfterMillis) throws IOException {
        String ip = PREFIX + n;
        Path home = Files.createDirectories(dir.resolve("sentinel-" + n));
        String conf = "bind " + ip + "\nport 26379\nprotected-mode no\n"
                + "dir " + home + "\n"
                + "sentinel announce-ip " + ip + "\n"
                + "sentinel monitor " + GROUP + " " + PREFIX + "1 6379 2\n"
                + "sentinel auth-pass " + GROUP + " \"" + password + "\"\n"
                + "sentinel down-after-milliseconds " + GROUP + " " + downAfterMillis + "\n"
                + "sentinel failover-timeout " + GROUP + " 10000\n"
                + "sentinel parallel-syncs " + GROUP + " 1\n";
        Path file = home.resolve("sentinel.conf");
        Files.writeString(file, conf);
        return new ProcessBuilder("redis-sentinel", file.toString())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("sentinel.log").toFile())
                .start();
    }

    /** Every Sentinel sees the other two and both replicas, and both replicas have synced, so a failover loses nothing. */
    private void awaitHealthy() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            boolean healthy = true;
            for (HostAndPort sentinel : sentinelAddresses()) {
                try (Jedis jedis = new Jedis(sentinel, Clients.config(null, Duration.ofMillis(500)))) {
                    var master = jedis.sentinelMaster(GROUP);
                    healthy &= "2".equals(String.valueOf(master.get("num-other-sentinels")))
                            && "2".equals(String.valueOf(master.get("num-slaves")));
                } catch (RuntimeException notYet) {
                    healthy = false;
                }
            }
            for (int n = 2; n <= 3 && healthy; n++) {
                try (Jedis jedis = new Jedis(new HostAndPort(PREFIX + n, 6379), Clients.config(password, Duration.ofMillis(500)))) {
                    healthy = jedis.info("replication").contains("master_link_status:up");
                } catch (RuntimeException notYet) {
                    healthy = false;
                }
            }
            if (healthy) {
                return;
            }
            WriteProbe.sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException("stock Sentinels did not settle within 30 s; see " + dir);
    }

    Set<HostAndPort> sentinelAddresses() {
        return List.of(4, 5, 6).stream().map(n -> new HostAndPort(PREFIX + n, 26379)).collect(Collectors.toSet());
    }

    /** Kills the process Sentinel names master with SIGKILL, and returns its address. */
    String killMaster() {
        String master = currentMaster();
        int n = Integer.parseInt(master.substring(PREFIX.length()));
        servers.get(n - 1).destroyForcibly();
        return master;
    }

    /** Freezes the process Sentinel names master with SIGSTOP, until {@link FailoverTrial.Disruption#undo()} thaws it. */
    FailoverTrial.Disruption hangMaster() {
        return new FailoverTrial.Disruption() {
            private long pid = -1;

            @Override
            public String inject() {
                String master = currentMaster();
                pid = servers.get(Integer.parseInt(master.substring(PREFIX.length())) - 1).pid();
                Signals.stop(pid);
                return master;
            }

            @Override
            public void undo() {
                if (pid > 0) {
                    Signals.resume(pid);
                }
            }
        };
    }

    String currentMaster() {
        for (HostAndPort sentinel : sentinelAddresses()) {
            try (Jedis jedis = new Jedis(sentinel, Clients.config(null, Duration.ofMillis(500)))) {
                return jedis.sentinelGetMasterAddrByName(GROUP).get(0);
            } catch (RuntimeException tryNext) {
                // another Sentinel answers
            }
        }
        throw new IllegalStateException("no Sentinel answers");
    }

    private static void awaitPing(String host, int port, String password) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Jedis jedis = new Jedis(new HostAndPort(host, port), Clients.config(password, Duration.ofMillis(500)))) {
                jedis.ping();
                return;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(host + ":" + port + " did not answer within 10 s", notYet);
                }
                WriteProbe.sleep(Duration.ofMillis(50));
            }
        }
    }

    private static void requireFree(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new UncheckedIOException(host + ":" + port + " is in use: the stock Sentinel reference needs it", e);
        }
    }

    @Override
    public void close() {
        List<Process> all = new ArrayList<>(sentinels);
        all.addAll(servers);
        all.forEach(Process::destroyForcibly);
        for (Process process : all) {
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
