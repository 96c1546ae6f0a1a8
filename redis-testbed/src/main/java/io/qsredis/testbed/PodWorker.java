package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIPBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The kubelet's work for one pod, done on the pod's own thread so that its steps never race: take two
 * addresses (its pod IP and its host IP, {@link PodAddresses}), materialise the volumes, run the operator's init containers in order, run the main container,
 * probe it, restart it in place when it dies (same addresses, {@code restartCount + 1}, back-off), and report
 * all of it in the pod's status. Terminating stops the processes (SIGTERM, then SIGKILL after the grace
 * period), frees the addresses and deletes the pod's directory; claims stay.
 */
final class PodWorker {

    private static final Logger LOG = LoggerFactory.getLogger(PodWorker.class);

    /** The kubelet backs off 10 s doubling to 5 min; the testbed keeps the shape at a tenth of the pace. */
    private static final Duration RESTART_BACKOFF_FIRST = Duration.ofSeconds(1);
    private static final Duration RESTART_BACKOFF_MAX = Duration.ofSeconds(10);
    /** A container that ran this long before dying restarts at once, and its back-off starts over. */
    private static final Duration RESTART_BACKOFF_RESET = Duration.ofSeconds(10);
    private static final Duration START_RETRY = Duration.ofSeconds(1);
    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration MAX_GRACE = Duration.ofSeconds(10);

    /** What every pod worker of one kubelet shares. */
    record Environment(KubernetesClient client, ObjectLookup lookup, LoopbackAddressPool addresses,
            ProcessReaper reaper, Path podsRoot, Path claimsRoot) {}

    private final Environment environment;
    private final ScheduledExecutorService thread;
    private final String namespace;
    private final String name;
    private final Instant startTime = now();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    private volatile Pod pod;
    private volatile boolean terminating;
    private volatile Duration grace = MAX_GRACE;
    private volatile ContainerProcess mainProcess;
    private volatile ContainerProcess initProcess;
    private String address;
    private String hostAddress;

    private Path directory;
    private Container main;
    private ContainerRole role;
    private List<Container> inits;
    private PodTranslation translation;
    private PodVolumes volumes;
    private ScheduledFuture<?> next;

    private final Map<String, ContainerStatus> initStatuses = new LinkedHashMap<>();
    private ContainerStatus mainStatus;
    private ContainerState lastTermination;
    private int restartCount;
    private int quickCrashes;
    private boolean ready;
    private ReadinessProbe readiness;
    private int probeSuccesses;
    private int probeFailures;
    private final Map<String, Transition> transitions = new HashMap<>();
    private String lastWritten;

    PodWorker(Pod pod, Environment environment) {
        this.pod = pod;
        this.environment = environment;
        this.namespace = pod.getMetadata().getNamespace();
        this.name = pod.getMetadata().getName();
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "testbed-pod-" + namespace + "-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        thread.execute(this::admit);
    }

    String namespace() {
        return namespace;
    }

    String name() {
        return name;
    }

    /** The pid of the running main container. */
    Optional<Long> mainPid() {
        ContainerProcess process = mainProcess;
        return process != null && process.isAlive() ? Optional.of(process.pid()) : Optional.empty();
    }

    /** Whether the pod mounts the claim {@code claim} of its namespace. */
    boolean usesClaim(String claim) {
        return pod.getSpec().getVolumes().stream()
                .anyMatch(volume -> volume.getPersistentVolumeClaim() != null
                        && claim.equals(volume.getPersistentVolumeClaim().getClaimName()));
    }

    /**
     * Follows changes of the pod object: labels and annotations show in downward API volumes at once, and in
     * {@code fieldRef} variables of a container that restarts.
     */
    void update(Pod latest) {
        Pod previous = pod;
        pod = latest;
        if (!Objects.equals(previous.getMetadata().getLabels(), latest.getMetadata().getLabels())
                || !Objects.equals(previous.getMetadata().getAnnotations(), latest.getMetadata().getAnnotations())) {
            onThread(this::refreshVolumes);
        }
    }

    /** SIGKILL to the main container: a crash, which the worker answers by restarting it in place. */
    boolean killMain() {
        ContainerProcess process = mainProcess;
        if (process == null || !process.isAlive()) {
            return false;
        }
        process.kill();
        return true;
    }

    /** Rewrites the volumes when the ConfigMap ({@code configMap} true) or Secret {@code sourceName} shows in one. */
    void refreshVolumes(boolean configMap, String sourceName) {
        if (PodVolumes.shows(pod, configMap, sourceName)) {
            onThread(this::refreshVolumes);
        }
    }

    private void refreshVolumes() {
        if (terminating || volumes == null) {
            return;
        }
        try {
            volumes.refreshAll(pod, translation);
        } catch (PodStartException e) {
            LOG.warn("volume refresh failed namespace={} pod={} reason={}", namespace, name, e.getMessage());
        }
    }

    /** Stops the pod; the future completes once its processes are gone and its address is free. */
    CompletableFuture<Void> terminate() {
        return terminate(pod);
    }

    /**
     * Stops the pod as {@code deleted} (the pod marked for deletion) asks: within its {@code deletionGracePeriodSeconds}
     * when it has one, else its spec's {@code terminationGracePeriodSeconds}.
     */
    CompletableFuture<Void> terminate(Pod deleted) {
        if (!terminating) {
            grace = gracePeriod(deleted);
            terminating = true;
            ContainerProcess init = initProcess;
            if (init != null) {
                init.kill();
            }
            onThread(this::shutDown);
        }
        return terminated;
    }

    /** Runs {@code step} on the pod's thread, unless the pod has terminated already. */
    private void onThread(Runnable step) {
        try {
            thread.execute(step);
        } catch (RejectedExecutionException e) {
            LOG.debug("pod terminated, step dropped namespace={} pod={}", namespace, name);
        }
    }

    private void admit() {
        if (terminating) {
            return;
        }
        try {
            address = address != null ? address : environment.addresses().acquire();
            hostAddress = environment.addresses().acquire();
        } catch (IllegalStateException e) {
            LOG.warn("pod waiting for an address namespace={} pod={} reason={}", namespace, name, e.getMessage());
            next = thread.schedule(this::admit, START_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        directory = ContainerLogs.podDirectory(environment.podsRoot(), namespace, name, pod.getMetadata().getUid());
        inits = pod.getSpec().getInitContainers().stream().filter(ContainerRole::isRunInit).toList();
        main = pod.getSpec().getContainers().stream()
                .filter(c -> ContainerRole.ofMain(c).isPresent())
                .findFirst()
                .orElse(null);
        LOG.info("pod admitted namespace={} pod={} address={} hostAddress={}", namespace, name, address, hostAddress);
        if (main == null) {
            writeStatus("no container named redis or sentinel: the testbed runs no other image (POD-LAYOUT rule 2)");
            return;
        }
        role = ContainerRole.ofMain(main).orElseThrow();
        mainStatus = waiting(main, "ContainerCreating", null);
        inits.forEach(init -> initStatuses.put(init.getName(), waiting(init, "PodInitializing", null)));
        writeStatus(null);
        startPod();
    }

    private void startPod() {
        if (terminating) {
            return;
        }
        try {
            if (translation == null) {
                List<Container> run = Stream.concat(Stream.of(main), inits.stream()).toList();
                Map<String, Path> directories = PodTranslation.volumeDirectories(pod, directory, environment.claimsRoot());
                translation = PodTranslation.of(pod, run, directories, directory, address);
                volumes = new PodVolumes(directories, environment.lookup(), addresses());
            }
            volumes.prepare(pod, translation);
            for (Container init : inits) {
                runInit(init);
            }
            startMain();
        } catch (PodStartException e) {
            LOG.info("pod waiting namespace={} pod={} reason={} message={}", namespace, name, e.reason(), e.getMessage());
            mainStatus = waiting(main, e.reason(), e.getMessage());
            writeStatus(null);
            next = thread.schedule(this::startPod, START_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            LOG.warn("pod not started namespace={} pod={}", namespace, name, e);
            mainStatus = waiting(main, "RunContainerError", e.getMessage());
            writeStatus(null);
            next = thread.schedule(this::startPod, START_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void runInit(Container init) throws PodStartException {
        ContainerStatus status = initStatuses.get(init.getName());
        if (status.getState().getTerminated() != null && status.getState().getTerminated().getExitCode() == 0) {
            return;
        }
        PodTranslation.Launch launch = translation.launch(init, ContainerRole.INIT,
                ContainerEnvironment.resolve(pod, init, addresses(), environment.lookup()));
        ContainerProcess process = ContainerProcess.start(launch, log(init), environment.reaper());
        initProcess = process;
        String startedAt = now().toString();
        initStatuses.put(init.getName(), running(init, status.getRestartCount(), startedAt, false, process.pid(), null));
        writeStatus(null);
        int exitCode;
        try {
            if (!process.waitFor(INIT_TIMEOUT)) {
                process.kill();
                process.waitFor(Duration.ofSeconds(5));
            }
            exitCode = process.exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PodStartException("Init:Error", "interrupted");
        } finally {
            initProcess = null;
        }
        ContainerState done = terminatedState(exitCode, startedAt);
        int restarts = exitCode == 0 ? status.getRestartCount() : status.getRestartCount() + 1;
        initStatuses.put(init.getName(), new ContainerStatusBuilder()
                .withName(init.getName())
                .withImage(init.getImage())
                .withImageID("")
                .withContainerID("testbed://" + process.pid())
                .withReady(exitCode == 0)
                .withStarted(false)
                .withRestartCount(restarts)
                .withState(done)
                .build());
        if (exitCode != 0) {
            throw new PodStartException("PodInitializing", "init container " + init.getName() + " exited with "
                    + exitCode + "; see " + log(init));
        }
    }

    private void startMain() throws PodStartException {
        if (terminating) {
            return;
        }
        Map<String, String> env = ContainerEnvironment.resolve(pod, main, addresses(), environment.lookup());
        PodTranslation.Launch launch = translation.launch(main, role, env);
        readiness = ReadinessProbe.of(main, translation, env).orElse(null);
        ContainerProcess process = ContainerProcess.start(launch, log(main), environment.reaper());
        mainProcess = process;
        ready = readiness == null;
        probeSuccesses = 0;
        probeFailures = 0;
        mainStatus = running(main, restartCount, process.startedAt().truncatedTo(ChronoUnit.SECONDS).toString(),
                ready, process.pid(), lastTermination);
        LOG.info("container started namespace={} pod={} container={} pid={} address={} restartCount={}",
                namespace, name, main.getName(), process.pid(), address, restartCount);
        writeStatus(null);
        process.onExit().thenRun(() -> onThread(() -> onMainExit(process)));
        if (readiness != null) {
            next = thread.schedule(this::probe, readiness.initialDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void onMainExit(ContainerProcess process) {
        if (terminating || process != mainProcess) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        boolean quick = Duration.between(process.startedAt(), Instant.now()).compareTo(RESTART_BACKOFF_RESET) < 0;
        quickCrashes = quick ? quickCrashes + 1 : 0;
        Duration delay = quickCrashes <= 1 ? Duration.ZERO
                : min(RESTART_BACKOFF_MAX, RESTART_BACKOFF_FIRST.multipliedBy(1L << Math.min(quickCrashes - 2, 10)));
        lastTermination = terminatedState(process.exitCode(), process.startedAt().truncatedTo(ChronoUnit.SECONDS).toString());
        ready = false;
        LOG.info("container exited namespace={} pod={} container={} exitCode={} restartIn={}",
                namespace, name, main.getName(), process.exitCode(), delay);
        mainStatus = delay.isZero()
                ? new ContainerStatusBuilder(mainStatus).withReady(false).withStarted(false).withState(lastTermination).build()
                : new ContainerStatusBuilder(mainStatus).withReady(false).withStarted(false)
                        .withState(waiting(main, "CrashLoopBackOff", "back-off " + delay.toMillis() + "ms restarting failed container")
                                .getState())
                        .withLastState(lastTermination)
                        .build();
        writeStatus(null);
        next = thread.schedule(this::restartMain, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void restartMain() {
        if (terminating) {
            return;
        }
        restartCount++;
        try {
            startMain();
        } catch (PodStartException | RuntimeException e) {
            String reason = e instanceof PodStartException failure ? failure.reason() : "RunContainerError";
            LOG.info("container not restarted namespace={} pod={} reason={} message={}", namespace, name, reason, e.getMessage());
            mainStatus = new ContainerStatusBuilder(waiting(main, reason, e.getMessage()))
                    .withRestartCount(restartCount)
                    .withLastState(lastTermination)
                    .build();
            writeStatus(null);
            restartCount--;
            next = thread.schedule(this::restartMain, START_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void probe() {
        ContainerProcess process = mainProcess;
        if (terminating || process == null || !process.isAlive()) {
            return;
        }
        if (readiness.succeeds(address)) {
            probeFailures = 0;
            ready = ready || ++probeSuccesses >= readiness.successThreshold();
        } else {
            probeSuccesses = 0;
            ready = ready && ++probeFailures < readiness.failureThreshold();
        }
        if (mainStatus.getReady() != ready) {
            mainStatus = new ContainerStatusBuilder(mainStatus).withReady(ready).build();
            writeStatus(null);
        }
        next = thread.schedule(this::probe, readiness.period().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void shutDown() {
        if (next != null) {
            next.cancel(false);
        }
        ContainerProcess process = mainProcess;
        if (process != null) {
            process.stop(grace);
        }
        if (address != null) {
            environment.addresses().release(address);
        }
        if (hostAddress != null) {
            environment.addresses().release(hostAddress);
        }
        if (directory != null) {
            Directories.deleteRecursively(directory);
        }
        LOG.info("pod terminated namespace={} pod={} address={}", namespace, name, address);
        terminated.complete(null);
        thread.shutdown();
    }

    private void writeStatus(String message) {
        if (terminating) {
            return;
        }
        boolean initialized = initStatuses.values().stream().allMatch(s -> s.getState().getTerminated() != null
                && s.getState().getTerminated().getExitCode() == 0);
        boolean running = mainStatus != null && mainStatus.getState().getRunning() != null;
        boolean everRan = running || restartCount > 0 || lastTermination != null;
        PodStatus status = new PodStatusBuilder()
                .withPhase(everRan ? "Running" : "Pending")
                .withConditions(
                        condition("PodScheduled", true),
                        condition("Initialized", initialized),
                        condition("ContainersReady", running && ready),
                        condition("Ready", running && ready))
                .withHostIP(hostAddress)
                .withHostIPs(new HostIPBuilder().withIp(hostAddress).build())
                .withPodIP(address)
                .withPodIPs(new PodIPBuilder().withIp(address).build())
                .withStartTime(startTime.toString())
                .withInitContainerStatuses(new ArrayList<>(initStatuses.values()))
                .withContainerStatuses(mainStatus == null ? List.of() : List.of(mainStatus))
                .withMessage(message)
                .withQosClass("BestEffort")
                .build();
        String json = environment.client().getKubernetesSerialization().asJson(status);
        if (json.equals(lastWritten)) {
            return;
        }
        try {
            environment.client().pods().inNamespace(namespace).withName(name).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + json + "}]");
            lastWritten = json;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warn("pod status not written namespace={} pod={} code={}", namespace, name, e.getCode(), e);
            }
        }
    }

    private PodCondition condition(String type, boolean value) {
        Transition transition = transitions.compute(type, (t, previous) ->
                previous != null && previous.value() == value ? previous : new Transition(value, now().toString()));
        return new PodConditionBuilder()
                .withType(type)
                .withStatus(value ? "True" : "False")
                .withLastTransitionTime(transition.at())
                .build();
    }

    private record Transition(boolean value, String at) {}

    private static ContainerStatus waiting(Container container, String reason, String message) {
        return new ContainerStatusBuilder()
                .withName(container.getName())
                .withImage(container.getImage())
                .withImageID("")
                .withReady(false)
                .withStarted(false)
                .withRestartCount(0)
                .withNewState()
                    .withNewWaiting()
                        .withReason(reason)
                        .withMessage(message)
                    .endWaiting()
                .endState()
                .build();
    }

    private static ContainerStatus running(Container container, int restarts, String startedAt, boolean ready, long pid,
            ContainerState lastState) {
        return new ContainerStatusBuilder()
                .withName(container.getName())
                .withImage(container.getImage())
                .withImageID("")
                .withContainerID("testbed://" + pid)
                .withReady(ready)
                .withStarted(true)
                .withRestartCount(restarts)
                .withNewState()
                    .withNewRunning()
                        .withStartedAt(startedAt)
                    .endRunning()
                .endState()
                .withLastState(lastState)
                .build();
    }

    /** How long the processes get between SIGTERM and SIGKILL, at most {@link #MAX_GRACE} (tests do not wait 30 s). */
    private static Duration gracePeriod(Pod deleted) {
        Long seconds = deleted.getMetadata().getDeletionGracePeriodSeconds() != null
                ? deleted.getMetadata().getDeletionGracePeriodSeconds()
                : deleted.getSpec().getTerminationGracePeriodSeconds();
        return seconds == null ? MAX_GRACE : Duration.ofSeconds(Math.min(seconds, MAX_GRACE.toSeconds()));
    }

    private static ContainerState terminatedState(int exitCode, String startedAt) {
        return new ContainerStateBuilder()
                .withNewTerminated()
                    .withExitCode(exitCode)
                    .withReason(exitCode == 0 ? "Completed" : "Error")
                    .withStartedAt(startedAt)
                    .withFinishedAt(now().toString())
                .endTerminated()
                .build();
    }

    private PodAddresses addresses() {
        return new PodAddresses(address, hostAddress);
    }

    private Path log(Container container) {
        return ContainerLogs.file(directory, container.getName());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

}
