package io.qsredis.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.qsredis.operator.kube.Applier;
import io.qsredis.operator.kube.EventRecorder;
import io.qsredis.operator.kube.PrimaryKind;
import io.qsredis.operator.kube.StatusWriter;
import io.qsredis.operator.kube.WatchNamespaces;
import io.qsredis.operator.kube.Watches;
import io.qsredis.operator.loop.Backoff;
import io.qsredis.operator.loop.ExecutorScheduler;
import io.qsredis.operator.loop.KeyedWorkQueue;
import io.qsredis.operator.loop.Outcome;
import io.qsredis.operator.loop.ResourceKey;
import io.qsredis.operator.metrics.OperatorMetrics;
import io.qsredis.operator.reconcile.Controller;
import io.qsredis.operator.reconcile.Reconciler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The reconcile loop: informers feed keys into the work queue, workers run the {@link Controller} on them, and a
 * periodic resync revisits every resource. Leader election and the HTTP endpoints live around it
 * ({@link OperatorProcess}); this class only runs while it may write.
 */
public final class Operator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Operator.class);

    /**
     * @param namespaces what to watch
     * @param workers passes that may run at once (on different resources)
     * @param resync how often every resource is revisited without a change
     * @param backoff retry delays of a failing resource
     * @param shutdownGrace how long running passes may take to finish on shutdown
     */
    public record Options(WatchNamespaces namespaces, int workers, Duration resync, Backoff backoff, Duration shutdownGrace) {
        public static Options defaults(WatchNamespaces namespaces) {
            return new Options(namespaces, 4, Duration.ofMinutes(1), new Backoff(Duration.ofMillis(100), Duration.ofMinutes(1)), Duration.ofSeconds(20));
        }
    }

    /** Everything a reconciler may use; built once per operator. */
    public record Context(
            KubernetesClient client, Watches watches, Applier applier, StatusWriter status, EventRecorder events,
            OperatorMetrics metrics, Clock clock) {}

    private final Options options;
    private final Watches watches;
    private final KeyedWorkQueue<ResourceKey> queue;
    private final ExecutorScheduler scheduler = new ExecutorScheduler("work-queue-delays");
    private final Context context;
    private final Controller controller;

    public Operator(
            KubernetesClient client, Options options, OperatorMetrics metrics, String identity,
            List<PrimaryKind<?>> kinds, Function<Context, List<Reconciler<?>>> reconcilers) {
        this.options = options;
        // Workers start only in start(), after the controller below exists.
        this.queue = new KeyedWorkQueue<>("reconcile", this::handle, options.backoff(), scheduler);
        this.watches = new Watches(client, options.namespaces(), kinds, queue::add);
        this.context = new Context(client, watches, new Applier(client), new StatusWriter(client),
                new EventRecorder(client, Clock.systemUTC(), identity), metrics, Clock.systemUTC());
        this.controller = new Controller(client, watches, context.events(), metrics, reconcilers.apply(context));
        metrics.queueDepth(queue::depth);
    }

    private Outcome handle(ResourceKey key) throws Exception {
        return controller.handle(key);
    }

    /** Starts the informers and, once they have listed everything, the workers and the resync. */
    public void start(Duration syncTimeout) throws Exception {
        LOG.info("operator=starting namespaces={} workers={} resync={}", options.namespaces(), options.workers(), options.resync());
        watches.start().get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
        queue.start(options.workers());
        queue.resyncEvery(options.resync(), watches::primaryKeys);
        LOG.info("operator=started");
    }

    public boolean hasSynced() {
        return watches.hasSynced();
    }

    /** True when no pass is waiting or running. */
    public boolean isIdle() {
        return queue.isIdle();
    }

    /** Stops taking work, lets running passes finish (within the grace period), then stops the informers. */
    @Override
    public void close() {
        LOG.info("operator=stopping grace={}", options.shutdownGrace());
        boolean finished = queue.shutdown(options.shutdownGrace());
        scheduler.close();
        watches.close();
        LOG.info("operator=stopped passesFinished={}", finished);
    }
}
