package io.qsredis.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.qsredis.operator.kube.LeaderElection;
import io.qsredis.operator.kube.PrimaryKind;
import io.qsredis.operator.metrics.HttpEndpoints;
import io.qsredis.operator.metrics.OperatorMetrics;
import io.qsredis.operator.reconcile.Reconciler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The operator as a process: HTTP endpoints from the start, then (with leader election) a campaign for the lease,
 * and the {@link Operator} only while this process leads. Losing the lease ends the process with status 1, as
 * controller-runtime does, so that a restarted process starts from a clean cache; closing it releases the lease.
 */
public final class OperatorProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorProcess.class);

    /** Where the lease lives and how it is timed. */
    public record Lease(String namespace, String name, LeaderElection.Timings timings) {}

    /**
     * @param http where {@code /metrics}, {@code /healthz} and {@code /readyz} listen
     * @param lease the leader lease, or empty to lead at once (a single process, as in the sandbox)
     * @param identity this process in the lease and in Events
     */
    public record Settings(Operator.Options options, InetSocketAddress http, Optional<Lease> lease, String identity, Duration syncTimeout) {}

    private final KubernetesClient client;
    private final Settings settings;
    private final List<PrimaryKind<?>> kinds;
    private final Function<Operator.Context, List<Reconciler<?>>> reconcilers;
    private final OperatorMetrics metrics = new OperatorMetrics();
    private final CompletableFuture<Integer> terminated = new CompletableFuture<>();
    private final HttpEndpoints endpoints;
    private volatile Operator operator;
    private volatile boolean closing;
    private volatile boolean failed;
    private LeaderElection election;

    private OperatorProcess(KubernetesClient client, Settings settings, List<PrimaryKind<?>> kinds,
            Function<Operator.Context, List<Reconciler<?>>> reconcilers) {
        this.client = client;
        this.settings = settings;
        this.kinds = kinds;
        this.reconcilers = reconcilers;
        this.endpoints = HttpEndpoints.start(settings.http(), metrics::scrape, () -> !failed, this::isReady);
    }

    public static OperatorProcess start(KubernetesClient client, Settings settings, List<PrimaryKind<?>> kinds,
            Function<Operator.Context, List<Reconciler<?>>> reconcilers) {
        OperatorProcess process = new OperatorProcess(client, settings, kinds, reconcilers);
        if (settings.lease().isPresent()) {
            Lease lease = settings.lease().get();
            process.election = LeaderElection.campaign(client, lease.namespace(), lease.name(), settings.identity(), lease.timings(),
                    process::lead, process::stopLeading);
        } else {
            process.lead();
        }
        return process;
    }

    /** Ready when the caches have synced; a standby waiting for the lease is ready too (it can take over). */
    private boolean isReady() {
        Operator running = operator;
        return !failed && (running == null ? settings.lease().isPresent() : running.hasSynced());
    }

    private void lead() {
        metrics.leader(true);
        Operator started = new Operator(client, settings.options(), metrics, settings.identity(), kinds, reconcilers);
        try {
            started.start(settings.syncTimeout());
            operator = started;
        } catch (Exception e) {
            LOG.error("operator=failedToStart error={}", String.valueOf(e));
            started.close();
            failed = true;
            terminated.complete(1);
        }
    }

    private void stopLeading() {
        metrics.leader(false);
        stopOperator();
        if (!closing) {
            LOG.error("operator=leaseLost exiting so that a fresh process campaigns again");
            terminated.complete(1);
        }
    }

    private synchronized void stopOperator() {
        Operator running = operator;
        operator = null;
        if (running != null) {
            running.close();
        }
    }

    /** The HTTP port actually bound (the configured one, or the one picked for port 0). */
    public int httpPort() {
        return endpoints.port();
    }

    /** Completes with the exit status when the process must end on its own (lease lost, failed start). */
    public CompletableFuture<Integer> terminated() {
        return terminated;
    }

    @Override
    public void close() {
        closing = true;
        stopOperator();
        if (election != null) {
            election.close();
        }
        endpoints.close();
        terminated.complete(0);
    }
}
