package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A container's readiness probe as the kubelet runs it: an {@code exec} probe runs its command in the
 * container's mounts and environment (translated, see {@link PodTranslation}) and succeeds on exit code 0; a
 * {@code tcpSocket} probe succeeds when the port accepts a connection at the pod address. The kubelet's
 * timings ({@code initialDelaySeconds}, {@code periodSeconds}) run at ten times their pace, like the restart
 * back-off; thresholds and timeouts are kept. A container without a readiness probe is ready once started.
 */
final class ReadinessProbe {

    private static final int PACE = 10;
    private static final Duration MIN_PERIOD = Duration.ofMillis(250);

    private final Probe probe;
    private final PodTranslation.Launch exec;
    private final int tcpPort;

    private ReadinessProbe(Probe probe, PodTranslation.Launch exec, int tcpPort) {
        this.probe = probe;
        this.exec = exec;
        this.tcpPort = tcpPort;
    }

    /** The container's readiness probe, or empty if it has none. */
    static Optional<ReadinessProbe> of(Container container, PodTranslation translation, Map<String, String> env)
            throws PodStartException {
        Probe probe = container.getReadinessProbe();
        if (probe == null) {
            return Optional.empty();
        }
        if (probe.getExec() != null) {
            return Optional.of(new ReadinessProbe(probe, translation.exec(container, probe.getExec().getCommand(), env), 0));
        }
        if (probe.getTcpSocket() != null) {
            return Optional.of(new ReadinessProbe(probe, null, port(container, probe.getTcpSocket().getPort())));
        }
        throw new PodStartException("CreateContainerConfigError", "container " + container.getName()
                + ": only exec and tcpSocket readiness probes run on the testbed");
    }

    Duration initialDelay() {
        return Duration.ofMillis(orDefault(probe.getInitialDelaySeconds(), 0) * 1000L / PACE);
    }

    Duration period() {
        Duration period = Duration.ofMillis(orDefault(probe.getPeriodSeconds(), 10) * 1000L / PACE);
        return period.compareTo(MIN_PERIOD) < 0 ? MIN_PERIOD : period;
    }

    int successThreshold() {
        return orDefault(probe.getSuccessThreshold(), 1);
    }

    int failureThreshold() {
        return orDefault(probe.getFailureThreshold(), 3);
    }

    /** Runs the probe once against the pod at {@code podIp}. */
    boolean succeeds(String podIp) {
        Duration timeout = Duration.ofSeconds(orDefault(probe.getTimeoutSeconds(), 1));
        if (exec == null) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(podIp, tcpPort), (int) timeout.toMillis());
                return true;
            } catch (IOException e) {
                return false;
            }
        }
        ProcessBuilder builder = new ProcessBuilder(exec.command())
                .directory(exec.workingDirectory().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(exec.environment());
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int port(Container container, IntOrString port) throws PodStartException {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream()
                .filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new PodStartException("CreateContainerConfigError", "container " + container.getName()
                        + ": readiness probe port " + port.getStrVal() + " is not a port of the container"));
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
