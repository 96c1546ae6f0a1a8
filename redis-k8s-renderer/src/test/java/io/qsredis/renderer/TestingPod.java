package io.qsredis.renderer;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one pod of a rendered StatefulSet as real processes, the way docs/POD-LAYOUT.md lets a runtime do: each
 * volume is a directory, mount paths are rewritten to those directories, the operator's init containers run with
 * {@code sh}, then the main container's stock binary, listening on 127.0.0.1 and a free port of 32000-32999.
 */
final class TestingPod implements AutoCloseable {
    private final StatefulSet statefulSet;
    private final String podName;
    private final String namespace;
    private final Map<String, ConfigMap> configMaps;
    private final Map<String, Map<String, String>> secrets;
    private final Path root;
    private final Map<String, Path> volumeDirs = new HashMap<>();
    private final Map<String, Path> mountPaths = new HashMap<>();
    private final int port;
    private final int busPort;
    private Process process;

    TestingPod(StatefulSet statefulSet, int ordinal, List<ConfigMap> configMaps, Map<String, Map<String, String>> secrets, Path root) {
        this.statefulSet = statefulSet;
        this.podName = statefulSet.getMetadata().getName() + "-" + ordinal;
        this.namespace = statefulSet.getMetadata().getNamespace();
        this.configMaps = new HashMap<>();
        configMaps.forEach(configMap -> this.configMaps.put(configMap.getMetadata().getName(), configMap));
        this.secrets = secrets;
        this.root = root;
        this.port = freePort(0);
        this.busPort = freePort(port);
    }

    int port() {
        return port;
    }

    String podName() {
        return podName;
    }

    long pid() {
        return process.pid();
    }

    /** Where a path inside the pod is on this machine. */
    Path path(String podPath) {
        return Path.of(translate(podPath));
    }

    /**
     * Materialises the volumes, runs the operator's init containers, starts the main container and waits for its
     * liveness probe (a Sentinel is ready only once it monitors its group: {@link #readinessProbe()} tells).
     */
    TestingPod start() {
        PodSpec pod = statefulSet.getSpec().getTemplate().getSpec();
        pod.getVolumes().forEach(this::materialise);
        for (PersistentVolumeClaim claim : statefulSet.getSpec().getVolumeClaimTemplates()) {
            volumeDirs.put(claim.getMetadata().getName(), directory("pvc-" + claim.getMetadata().getName()));
        }
        Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream())
                .flatMap(container -> container.getVolumeMounts().stream())
                .forEach(mount -> mountPaths.put(mount.getMountPath(), volumeDirs.get(mount.getName())));
        pod.getVolumes().stream().filter(volume -> volume.getConfigMap() != null).forEach(this::rewriteConfigMapFiles);

        for (Container init : pod.getInitContainers()) {
            if (init.getName().equals(PodLayout.CONFIG_INIT_CONTAINER) || init.getName().equals(PodLayout.SENTINEL_CONFIG_INIT_CONTAINER)) {
                ProcessResult result = run(command(init), environment(init), null);
                if (result.exitCode() != 0) {
                    throw new AssertionError("init container " + init.getName() + " failed: " + result.output());
                }
            }
        }
        Container main = pod.getContainers().get(0);
        List<String> command = command(main);
        command.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1"));
        if (main.getPorts().stream().anyMatch(containerPort -> containerPort.getName().equals("redis-bus"))) {
            command.addAll(List.of("--cluster-port", String.valueOf(busPort)));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(root.resolve(podName + ".log").toFile());
        builder.environment().putAll(environment(main));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!probe(main.getLivenessProbe())) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new AssertionError(podName + " did not become ready: " + log());
            }
            sleep();
        }
        return this;
    }

    /** The main container's rendered readiness probe, pointed at this pod's port. */
    boolean readinessProbe() {
        return probe(statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe());
    }

    private boolean probe(io.fabric8.kubernetes.api.model.Probe rendered) {
        Container main = statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0);
        int containerPort = main.getPorts().get(0).getContainerPort();
        List<String> probe = rendered.getExec().getCommand().stream()
                .map(part -> translate(part).replace(" -p " + containerPort + " ", " -p " + port + " "))
                .toList();
        return run(probe, environment(main), null).exitCode() == 0;
    }

    /** redis-cli against this pod, authenticated with {@code password} through stdin when it is not null. */
    ProcessResult cli(String password, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
        if (password != null) {
            command.add("--askpass");
        }
        command.addAll(List.of(args));
        return run(command, Map.of(), password);
    }

    String log() {
        try {
            return Files.readString(root.resolve(podName + ".log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    record ProcessResult(int exitCode, String output) {}

    private void materialise(Volume volume) {
        Path dir = directory("volume-" + volume.getName());
        volumeDirs.put(volume.getName(), dir);
        if (volume.getConfigMap() != null) {
            ConfigMap configMap = configMaps.get(volume.getConfigMap().getName());
            if (configMap == null) {
                throw new AssertionError("ConfigMap " + volume.getConfigMap().getName() + " is not given to the pod");
            }
            write(dir, configMap.getData(), volume.getConfigMap().getItems());
        } else if (volume.getSecret() != null) {
            Map<String, String> secret = secrets.get(volume.getSecret().getSecretName());
            if (secret == null) {
                throw new AssertionError("Secret " + volume.getSecret().getSecretName() + " is not given to the pod");
            }
            write(dir, secret, volume.getSecret().getItems());
        }
    }

    private void rewriteConfigMapFiles(Volume volume) {
        try (Stream<Path> files = Files.list(volumeDirs.get(volume.getName()))) {
            for (Path file : files.toList()) {
                Files.writeString(file, translate(Files.readString(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path dir, Map<String, String> data, List<KeyToPath> items) {
        Map<String, String> files = new HashMap<>();
        if (items == null || items.isEmpty()) {
            files.putAll(data);
        } else {
            items.forEach(item -> files.put(item.getPath(), data.get(item.getKey())));
        }
        files.forEach((name, content) -> {
            try {
                Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private List<String> command(Container container) {
        List<String> command = new ArrayList<>();
        Stream.concat(container.getCommand().stream(), container.getArgs().stream()).forEach(part -> command.add(translate(part)));
        return command;
    }

    private Map<String, String> environment(Container container) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar var : container.getEnv()) {
            if (var.getValue() != null) {
                env.put(var.getName(), translate(var.getValue()));
            } else if (var.getValueFrom().getFieldRef() != null) {
                String field = var.getValueFrom().getFieldRef().getFieldPath();
                env.put(var.getName(), switch (field) {
                    case "metadata.name" -> podName;
                    case "metadata.namespace" -> namespace;
                    case "status.podIP" -> "127.0.0.1";
                    default -> throw new AssertionError("unsupported fieldRef " + field);
                });
            } else {
                throw new AssertionError("unsupported env source of " + var.getName());
            }
        }
        return env;
    }

    /** Mount paths are rewritten longest first, so that {@code /data/redis} is not read as {@code /data}. */
    private String translate(String text) {
        String result = text;
        List<String> paths = mountPaths.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        for (String path : paths) {
            result = result.replace(path, mountPaths.get(path).toString());
        }
        return result;
    }

    private Path directory(String name) {
        try {
            return Files.createDirectories(root.resolve(podName).resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ProcessResult run(List<String> command, Map<String, String> env, String stdin) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process child = builder.start();
            try (var in = child.getOutputStream()) {
                if (stdin != null) {
                    in.write((stdin + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new ProcessResult(child.exitValue(), new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static int freePort(int other) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(32000, 33000);
            if (candidate == other) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getByName("127.0.0.1"))) {
                return socket.getLocalPort();
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new AssertionError("no free port in 32000-32999");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
