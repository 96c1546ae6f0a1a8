package io.qsredis.it.harness;

import io.qsredis.topology.Endpoint;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code redis-server} process in cluster mode on 127.0.0.1, with its own data directory. Started
 * in the foreground, so it dies with {@link #kill()} or {@link #close()}, and with the JVM through
 * {@link RedisProcesses}' shutdown hook.
 *
 * <p>Ports 30000-31999; the cluster bus listens {@value #BUS_OFFSET} below ({@code cluster-port}), at
 * 20000-21999, not at Redis' default +10000: 40000-41999 lies in Linux's ephemeral port range
 * (32768-60999), where any outgoing connection of the machine may hold the port and the node fails to start.
 */
public final class RedisProcess implements AutoCloseable {

    private static final DefaultJedisClientConfig PING_CONFIG = DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(500)
            .socketTimeoutMillis(500)
            .autoNegotiateProtocol(false)
            .build();

    /** The cluster bus port is the node's port minus this. */
    public static final int BUS_OFFSET = 10000;

    private final int port;
    private final Path dir;
    private final Process process;

    private RedisProcess(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /** Starts a node and waits until it answers PING. {@code extraConfig} lines go after the defaults. */
    public static RedisProcess start(int port, Path dir, Map<String, String> extraConfig) {
        if (port < 30000 || port > 31999) {
            throw new IllegalArgumentException("test nodes use ports 30000-31999, got " + port);
        }
        try {
            Files.createDirectories(dir);
            StringBuilder config = new StringBuilder()
                    .append("port ").append(port).append('\n')
                    .append("bind 127.0.0.1\n")
                    .append("protected-mode no\n")
                    .append("daemonize no\n")
                    .append("dir ").append(dir.toAbsolutePath()).append('\n')
                    .append("logfile redis.log\n")
                    .append("save \"\"\n")
                    .append("appendonly no\n")
                    .append("cluster-enabled yes\n")
                    .append("cluster-config-file nodes.conf\n")
                    .append("cluster-port ").append(port - BUS_OFFSET).append('\n')
                    .append("cluster-node-timeout 2000\n");
            extraConfig.forEach((key, value) -> config.append(key).append(' ').append(value).append('\n'));
            Path file = dir.resolve("redis.conf");
            Files.writeString(file, config.toString(), StandardCharsets.UTF_8);
            Process process = new ProcessBuilder("redis-server", file.toAbsolutePath().toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .start();
            RedisProcess node = new RedisProcess(port, dir, process);
            node.awaitPing(Duration.ofSeconds(10));
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitPing(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited: " + logTail());
            }
            try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", port), PING_CONFIG)) {
                jedis.sendCommand(Protocol.Command.PING);
                return;
            } catch (JedisException e) {
                String message = String.valueOf(e.getMessage());
                if (message.contains("NOAUTH") || message.contains("WRONGPASS") || message.contains("-NOPERM")) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("redis-server on port " + port + " does not answer", e);
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The last lines of the node's log (the directory may be gone by the time anyone reads the report). */
    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("redis.log"), StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "no log at " + dir.resolve("redis.log");
        }
    }

    public int port() {
        return port;
    }

    public Endpoint endpoint() {
        return new Endpoint("127.0.0.1", port);
    }

    public Path dir() {
        return dir;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as a crash or a lost machine. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
