package io.qsredis.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One running container: a host process in its own session (so that its process group is its pid and holds
 * what its script starts), output appended to the container's log file, listed with the reaper while it runs.
 */
final class ContainerProcess {

    private final Process process;
    private final ProcessReaper reaper;
    private final Instant startedAt;

    private ContainerProcess(Process process, ProcessReaper reaper, Instant startedAt) {
        this.process = process;
        this.reaper = reaper;
        this.startedAt = startedAt;
    }

    static ContainerProcess start(PodTranslation.Launch launch, Path log, ProcessReaper reaper) {
        List<String> command = new ArrayList<>();
        command.add("setsid");
        command.addAll(launch.command());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(launch.workingDirectory().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().clear();
        builder.environment().putAll(launch.environment());
        try {
            Files.createDirectories(launch.workingDirectory());
            Files.createDirectories(log.getParent());
            Process process = builder.start();
            reaper.register(process.pid());
            ContainerProcess started = new ContainerProcess(process, reaper, Instant.now());
            process.onExit().thenRun(() -> reaper.unregister(process.pid()));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    Instant startedAt() {
        return startedAt;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Completes with the exit code once the process (the session leader) has exited. */
    CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    /** Waits for the process to exit; true if it did within {@code timeout}. */
    boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    int exitCode() {
        return process.exitValue();
    }

    /** SIGKILL to the process and everything it started: a crash, as far as the pod can tell. */
    void kill() {
        signalGroup("KILL");
        process.destroyForcibly();
    }

    /** SIGTERM, then SIGKILL after {@code grace}, as the kubelet stops a container; returns once it is gone. */
    void stop(Duration grace) {
        signalGroup("TERM");
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
        signalGroup("KILL");
    }

    /** Signals the container's process group, which outlives its leader if the script left children behind. */
    private void signalGroup(String signal) {
        try {
            new ProcessBuilder("kill", "-s", signal, "--", "-" + process.pid())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
