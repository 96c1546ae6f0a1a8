package io.qsredis.topology.exec;

import io.qsredis.topology.cluster.ClusterPlan;
import io.qsredis.topology.cluster.ClusterPlanner;
import io.qsredis.topology.cluster.ClusterShape;
import io.qsredis.topology.cluster.ClusterStep;
import io.qsredis.topology.cluster.ObservedCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Drives a cluster to a shape: observe, plan, execute the plan, and again, until a plan is converged (the
 * shape is reached and every node agrees, {@code cluster_state:ok} included), a plan has blockers, or the
 * timeout passes. While Redis settles on its own it polls, quickly, rather than sleeping a fixed time.
 * Consecutive migration steps run on up to {@link ApplyOptions#parallelMigrations()} threads, never two on
 * the same node, and in plan order for any one node.
 *
 * <p>This is the command-line loop. An operator does one pass per reconcile instead: {@link ClusterObserver},
 * {@link ClusterPlanner}, then {@link ClusterExecutor} for the steps it allows itself.
 */
public final class ClusterApplier {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterApplier.class);
    private static final int MAX_FAILED_PASSES = 10;

    private final RedisConnector connector;
    private final ApplyOptions options;
    private final ClusterProgressListener listener;

    public ClusterApplier(RedisConnector connector, ApplyOptions options, ClusterProgressListener listener) {
        this.connector = connector;
        this.options = options;
        this.listener = listener;
    }

    public ApplyResult apply(ClusterShape shape) {
        long start = System.nanoTime();
        long deadline = start + options.timeout().toNanos();
        ClusterPlanner planner = new ClusterPlanner(options.slotsPerMigration());
        Tally tally = new Tally();
        int passes = 0;
        int failedPasses = 0;
        ExecutorService pool = Executors.newFixedThreadPool(options.parallelMigrations(), runnable -> {
            Thread thread = new Thread(runnable, "cluster-migration");
            thread.setDaemon(true);
            return thread;
        });
        try (ClusterObserver observer = new ClusterObserver(connector);
                ClusterExecutor executor = new ClusterExecutor(connector, options.executorOptions(), listener)) {
            while (true) {
                passes++;
                ObservedCluster observed = observer.observe(shape.endpoints());
                ClusterPlan plan = planner.plan(observed, shape);
                listener.planned(plan);
                if (plan.converged() || !plan.blockers().isEmpty() || System.nanoTime() > deadline || failedPasses > MAX_FAILED_PASSES) {
                    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                    LOG.info("apply converged={} passes={} steps={} slots={} keys={} elapsed={}",
                            plan.converged(), passes, tally.steps, tally.slots, tally.keys, elapsed);
                    return new ApplyResult(plan.converged(), plan, passes, tally.steps, tally.slots, tally.keys, elapsed);
                }
                if (plan.steps().isEmpty()) {
                    sleep(options.pollInterval());
                    continue;
                }
                boolean clean = execute(plan.steps(), executor, pool, tally);
                failedPasses = clean ? 0 : failedPasses + 1;
                if (!clean) {
                    // A step found the cluster not as planned (gossip behind, a node busy): let it settle a little.
                    sleep(options.pollInterval().multipliedBy(10));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs the steps in order; false when one did not complete, which ends the pass. */
    private boolean execute(List<ClusterStep> steps, ClusterExecutor executor, ExecutorService pool, Tally tally) {
        int i = 0;
        while (i < steps.size()) {
            if (steps.get(i) instanceof ClusterStep.MigrateSlots) {
                List<ClusterStep.MigrateSlots> run = new ArrayList<>();
                while (i < steps.size() && steps.get(i) instanceof ClusterStep.MigrateSlots migrate) {
                    run.add(migrate);
                    i++;
                }
                if (!migrate(run, pool, tally)) {
                    return false;
                }
            } else {
                StepResult result = executor.execute(steps.get(i++));
                tally.add(result);
                if (!result.isDone()) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean migrate(List<ClusterStep.MigrateSlots> run, ExecutorService pool, Tally tally) {
        Deque<ClusterStep.MigrateSlots> waiting = new ArrayDeque<>(run);
        Set<String> busy = new HashSet<>();
        Deque<ClusterExecutor> idle = new ArrayDeque<>();
        List<ClusterExecutor> executors = new ArrayList<>();
        for (int n = 0; n < options.parallelMigrations(); n++) {
            ClusterExecutor executor = new ClusterExecutor(connector, options.executorOptions(), listener);
            executors.add(executor);
            idle.add(executor);
        }
        ExecutorCompletionService<Finished> completion = new ExecutorCompletionService<>(pool);
        int running = 0;
        boolean ok = true;
        try {
            while (running > 0 || (ok && !waiting.isEmpty())) {
                ClusterStep.MigrateSlots next = ok && !idle.isEmpty() ? nextRunnable(waiting, busy) : null;
                if (next != null) {
                    waiting.remove(next);
                    busy.add(next.source().id());
                    busy.add(next.target().id());
                    ClusterExecutor executor = idle.poll();
                    completion.submit(() -> new Finished(next, executor, executor.execute(next)));
                    running++;
                    continue;
                }
                Finished finished = take(completion);
                running--;
                busy.remove(finished.step.source().id());
                busy.remove(finished.step.target().id());
                idle.add(finished.executor);
                tally.add(finished.result);
                ok &= finished.result.isDone();
            }
        } finally {
            executors.forEach(ClusterExecutor::close);
        }
        return ok;
    }

    /** The first waiting step whose nodes are free and not needed first by an earlier waiting step. */
    private static ClusterStep.MigrateSlots nextRunnable(Deque<ClusterStep.MigrateSlots> waiting, Set<String> busy) {
        Set<String> claimed = new HashSet<>(busy);
        for (ClusterStep.MigrateSlots step : waiting) {
            boolean free = !claimed.contains(step.source().id()) && !claimed.contains(step.target().id());
            claimed.add(step.source().id());
            claimed.add(step.target().id());
            if (free) {
                return step;
            }
        }
        return null;
    }

    private static Finished take(ExecutorCompletionService<Finished> completion) {
        try {
            Future<Finished> future = completion.take();
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while migrating", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("migration thread failed", e.getCause());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the cluster", e);
        }
    }

    private record Finished(ClusterStep.MigrateSlots step, ClusterExecutor executor, StepResult result) {}

    private static final class Tally {
        int steps;
        int slots;
        long keys;

        void add(StepResult result) {
            steps++;
            slots += result.slotsMoved();
            keys += result.keysMoved();
        }
    }
}
