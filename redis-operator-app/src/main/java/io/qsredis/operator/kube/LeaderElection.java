package io.qsredis.operator.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One operator process at a time does the work: fabric8's {@code LeaderElector} on a coordination.k8s.io Lease.
 * The lease is released on a clean shutdown so that a standby takes over at once instead of after the lease expires.
 */
public final class LeaderElection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    /** Lease timings: how long a lease lasts, how long the leader tries to renew it, how often candidates retry. */
    public record Timings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        public static final Timings DEFAULT = new Timings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    private final CompletableFuture<?> running;

    private LeaderElection(CompletableFuture<?> running) {
        this.running = running;
    }

    /**
     * Campaigns for the lease {@code namespace/name} as {@code identity}; runs {@code onStartLeading} when this process
     * wins it and {@code onStopLeading} when it loses it (or releases it on close).
     */
    public static LeaderElection campaign(
            KubernetesClient client, String namespace, String name, String identity, Timings timings,
            Runnable onStartLeading, Runnable onStopLeading) {
        LOG.info("leaderElection=campaign lease={}/{} identity={}", namespace, name, identity);
        CompletableFuture<?> running = client.leaderElector()
                .withConfig(new LeaderElectionConfigBuilder()
                        .withName(name)
                        .withLock(new LeaseLock(namespace, name, identity))
                        .withLeaseDuration(timings.leaseDuration())
                        .withRenewDeadline(timings.renewDeadline())
                        .withRetryPeriod(timings.retryPeriod())
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(new LeaderCallbacks(
                                () -> {
                                    LOG.info("leaderElection=won lease={}/{} identity={}", namespace, name, identity);
                                    onStartLeading.run();
                                },
                                () -> {
                                    LOG.info("leaderElection=lost lease={}/{} identity={}", namespace, name, identity);
                                    onStopLeading.run();
                                },
                                leader -> LOG.info("leaderElection=leader lease={}/{} leader={}", namespace, name, leader)))
                        .build())
                .build()
                .start();
        return new LeaderElection(running);
    }

    /** Stops campaigning and releases the lease if this process holds it. */
    @Override
    public void close() {
        running.cancel(true);
    }
}
