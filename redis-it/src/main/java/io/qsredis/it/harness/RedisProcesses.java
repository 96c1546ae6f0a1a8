package io.qsredis.it.harness;

import io.qsredis.topology.Endpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A group of {@link RedisProcess}es under one temporary directory. Closing it kills every process and
 * deletes the directory; a JVM shutdown hook does the same if the test or benchmark dies first.
 */
public final class RedisProcesses implements AutoCloseable {

    private final Path root;
    private final Map<String, String> config;
    private final List<RedisProcess> processes = new ArrayList<>();
    private final Thread hook;

    public RedisProcesses(String name, Map<String, String> config) {
        try {
            this.root = Files.createTempDirectory("qsredis-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.config = new LinkedHashMap<>(config);
        this.hook = new Thread(this::killAll, "kill-redis-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public RedisProcesses(String name) {
        this(name, Map.of());
    }

    public synchronized RedisProcess start(int port) {
        RedisProcess process = RedisProcess.start(port, root.resolve(Integer.toString(port) + "-" + processes.size()), config);
        processes.add(process);
        return process;
    }

    public List<RedisProcess> start(int firstPort, int count) {
        List<RedisProcess> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(start(firstPort + i));
        }
        return started;
    }

    public synchronized List<RedisProcess> all() {
        return List.copyOf(processes);
    }

    public synchronized List<RedisProcess> alive() {
        return processes.stream().filter(RedisProcess::isAlive).toList();
    }

    public static List<Endpoint> endpoints(List<RedisProcess> processes) {
        return processes.stream().map(RedisProcess::endpoint).toList();
    }

    private synchronized void killAll() {
        processes.forEach(RedisProcess::close);
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run: nothing left to remove.
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
