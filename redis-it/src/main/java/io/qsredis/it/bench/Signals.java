package io.qsredis.it.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Signals a process by pid with {@code kill(1)}: Java has no SIGSTOP/SIGCONT of its own. A hung master is a
 * stopped one: it holds its sockets open and answers nothing, so peers and clients only learn of it by timing out.
 * The benchmarks and the end-to-end tests hang their masters with it.
 */
public final class Signals {
    private Signals() {}

    /** SIGSTOP: the process freezes with every connection open. */
    public static void stop(long pid) {
        send(pid, "STOP", true);
    }

    /** SIGCONT; harmless when the process is gone by then (its pod was replaced, say). */
    public static void resume(long pid) {
        send(pid, "CONT", false);
    }

    /** SIGTERM, as the kubelet stops a container of a deleted pod. */
    public static void terminate(long pid) {
        send(pid, "TERM", true);
    }

    private static void send(long pid, String signal, boolean mustExist) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || (mustExist && kill.exitValue() != 0)) {
                throw new IllegalStateException("kill -s " + signal + " " + pid + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
