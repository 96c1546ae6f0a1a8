package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One pod of a StatefulSet run as real processes with no API server: the testbed kubelet's own steps (the pod the
 * StatefulSet controller would create, its volumes as directories, the operator's init containers in order, the
 * main container's stock binary on its own loopback address and standard port), for tests of what the renderer
 * renders. ConfigMaps and Secrets are given; every claim exists. {@link #close()} stops the processes.
 */
public final class LocalPod implements AutoCloseable {

    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    /** Every local pod of this JVM takes its address from one block that no testbed of this JVM uses. */
    private static final LoopbackAddressPool ADDRESSES = new LoopbackAddressPool(
            TestbedConfig.isolated().firstAddress(), 200, LoopbackAddressPool.POD_PORTS);

    private final Pod pod;
    private final String address;
    private final Path directory;
    private final ProcessReaper reaper;
    private final PodTranslation translation;
    private final Container main;
    private final ContainerRole role;
    private final ObjectLookup lookup;
    private ContainerProcess process;

    private LocalPod(Pod pod, String address, Path directory, ProcessReaper reaper, ObjectLookup lookup) throws PodStartException {
        this.pod = pod;
        this.address = address;
        this.directory = directory;
        this.reaper = reaper;
        this.lookup = lookup;
        this.main = pod.getSpec().getContainers().stream()
                .filter(container -> ContainerRole.ofMain(container).isPresent())
                .findFirst()
                .orElseThrow(() -> new PodStartException("CreateContainerConfigError", "no container named redis or sentinel"));
        this.role = ContainerRole.ofMain(main).orElseThrow();
        List<Container> inits = pod.getSpec().getInitContainers().stream().filter(ContainerRole::isRunInit).toList();
        Map<String, Path> directories = PodTranslation.volumeDirectories(pod, directory, directory.resolve("claims"));
        this.translation = PodTranslation.of(pod, Stream.concat(Stream.of(main), inits.stream()).toList(), directories, directory, address);
        new PodVolumes(directories, lookup, new PodAddresses(address, address)).prepare(pod, translation);
        for (Container init : inits) {
            runInit(init);
        }
    }

    /**
     * Starts pod {@code ordinal} of {@code statefulSet} under {@code root} and waits until its main container
     * listens; fails with the container's log when it does not.
     */
    public static LocalPod start(StatefulSet statefulSet, int ordinal, Collection<ConfigMap> configMaps,
            Collection<Secret> secrets, Path root) {
        Pod pod = StatefulSetController.podOf(statefulSet, ordinal, "local", new KubernetesSerialization());
        pod.getMetadata().setUid(UUID.randomUUID().toString());
        String address = ADDRESSES.acquire();
        Path directory = root.resolve(pod.getMetadata().getName());
        ProcessReaper reaper = new ProcessReaper(directory.resolve("run"));
        LocalPod local;
        try {
            local = new LocalPod(pod, address, directory, reaper, new GivenObjects(configMaps, secrets));
            local.startMain();
        } catch (PodStartException | RuntimeException e) {
            reaper.close();
            ADDRESSES.release(address);
            throw new IllegalStateException(pod.getMetadata().getName() + " did not start: " + e.getMessage(), e);
        }
        return local;
    }

    /** The pod's address (its {@code status.podIP}). */
    public String address() {
        return address;
    }

    /** The port its main container listens on: 6379 for Redis, 26379 for Sentinel. */
    public int port() {
        return role.defaultPort();
    }

    /** The main container's process id. */
    public long pid() {
        return process.pid();
    }

    /** Where {@code podPath}, a path inside the pod's containers, is on this machine. */
    public Path path(String podPath) {
        return Path.of(translation.fileContent(podPath));
    }

    /** Runs the main container's rendered readiness probe once; true when it has none. */
    public boolean ready() {
        try {
            return ReadinessProbe.of(main, translation, environment(main))
                    .map(probe -> probe.succeeds(address))
                    .orElse(true);
        } catch (PodStartException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** What the main container wrote so far. */
    public String log() {
        try {
            return Files.readString(log(main));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the processes (SIGTERM, then SIGKILL) and frees the address; the directory stays for the caller. */
    @Override
    public void close() {
        try {
            if (process != null) {
                process.stop(Duration.ofSeconds(10));
            }
        } finally {
            reaper.close();
            ADDRESSES.release(address);
        }
    }

    private void runInit(Container init) throws PodStartException {
        ContainerProcess initProcess = ContainerProcess.start(translation.launch(init, ContainerRole.INIT, environment(init)), log(init), reaper);
        try {
            if (!initProcess.waitFor(INIT_TIMEOUT)) {
                initProcess.kill();
                throw new PodStartException("Init:Error", "init container " + init.getName() + " did not finish in " + INIT_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PodStartException("Init:Error", "interrupted");
        }
        if (initProcess.exitCode() != 0) {
            throw new PodStartException("Init:Error", "init container " + init.getName() + " exited with "
                    + initProcess.exitCode() + ": " + read(log(init)));
        }
    }

    private void startMain() throws PodStartException {
        process = ContainerProcess.start(translation.launch(main, role, environment(main)), log(main), reaper);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!listens()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.kill();
                throw new PodStartException("CrashLoopBackOff", "container " + main.getName() + " does not listen on "
                        + address + ":" + port() + ": " + log());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PodStartException("RunContainerError", "interrupted");
            }
        }
    }

    private boolean listens() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port()), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Map<String, String> environment(Container container) throws PodStartException {
        return ContainerEnvironment.resolve(pod, container, new PodAddresses(address, address), lookup);
    }

    private Path log(Container container) {
        return directory.resolve("logs").resolve(container.getName() + ".log");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ConfigMaps and Secrets a test gives the pod, by name in any namespace; every claim exists. */
    private record GivenObjects(Map<String, ConfigMap> configMaps, Map<String, Secret> secrets) implements ObjectLookup {
        GivenObjects(Collection<ConfigMap> configMaps, Collection<Secret> secrets) {
            this(byName(configMaps, configMap -> configMap.getMetadata().getName()),
                    byName(secrets, secret -> secret.getMetadata().getName()));
        }

        private static <T> Map<String, T> byName(Collection<T> objects, Function<T, String> name) {
            return objects.stream().collect(Collectors.toMap(name, object -> object));
        }

        @Override
        public ConfigMap configMap(String namespace, String name) {
            return configMaps.get(name);
        }

        @Override
        public Secret secret(String namespace, String name) {
            return secrets.get(name);
        }

        @Override
        public boolean claimExists(String namespace, String name) {
            return true;
        }
    }
}
