package io.qsredis.operator.cli.cluster;

import io.qsredis.topology.cluster.ClusterPlan;
import io.qsredis.topology.cluster.ClusterPlanner;
import io.qsredis.topology.cluster.ClusterStep;
import io.qsredis.topology.exec.ApplyOptions;
import io.qsredis.topology.exec.ApplyResult;
import io.qsredis.topology.exec.ClusterApplier;
import io.qsredis.topology.exec.ClusterProgressListener;
import io.qsredis.topology.exec.StepResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code cluster apply}: plan and execute until the cluster has the shape. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Give the cluster this shape: plan, execute, observe again, until every node agrees. "
                + "Exit 0 when the cluster has exactly this shape, 1 otherwise.")
final class ClusterApplyCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ShapeOptions shape;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--batch-size", defaultValue = "1000", paramLabel = "KEYS", description = "Keys per MIGRATE command (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--slots-per-step", defaultValue = "" + ClusterPlanner.DEFAULT_SLOTS_PER_MIGRATION, paramLabel = "N",
            description = "Slots moved together by one migration step (default: ${DEFAULT-VALUE}).")
    int slotsPerStep;

    @Option(names = "--parallel", defaultValue = "2", paramLabel = "N", description = "Migration steps run at once, on distinct nodes (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--timeout-s", defaultValue = "1800", paramLabel = "SECONDS", description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = {"-q", "--quiet"}, description = "Print only the outcome.")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ApplyOptions options = ApplyOptions.builder()
                .migrateBatchKeys(batchSize)
                .slotsPerMigration(slotsPerStep)
                .parallelMigrations(parallel)
                .timeout(Duration.ofSeconds(timeoutSeconds))
                .build();
        ApplyResult result = new ClusterApplier(connection.connector(), options, quiet ? ClusterProgressListener.NONE : new Progress(out))
                .apply(shape.shape());
        if (result.converged()) {
            out.printf("The cluster has the shape: %d steps, %d slots and %d keys moved in %.1f s.%n",
                    result.steps(), result.slotsMoved(), result.keysMoved(), result.elapsed().toMillis() / 1000.0);
        } else {
            out.println("The cluster does not have the shape yet:");
            ClusterPlanCommand.print(out, result.lastPlan());
        }
        out.flush();
        return result.converged() ? 0 : 1;
    }

    /** One line per step, and the slots and keys moved so far. */
    private static final class Progress implements ClusterProgressListener {
        private final PrintWriter out;
        private List<String> lastPending = List.of();
        private int slots;
        private long keys;

        Progress(PrintWriter out) {
            this.out = out;
        }

        @Override
        public synchronized void planned(ClusterPlan plan) {
            if (!plan.steps().isEmpty()) {
                out.printf("plan: %d steps, %d slots to move%n", plan.steps().size(), plan.slotsToMove());
            } else if (!plan.pending().equals(lastPending) && !plan.pending().isEmpty()) {
                out.println("waiting: " + plan.pending().get(0) + (plan.pending().size() > 1 ? " (+" + (plan.pending().size() - 1) + " more)" : ""));
            }
            lastPending = plan.pending();
            out.flush();
        }

        @Override
        public synchronized void stepFinished(ClusterStep step, StepResult result) {
            if (step instanceof ClusterStep.MigrateSlots && result.isDone()) {
                return;
            }
            out.println((result.isDone() ? "done: " : result.status().name().toLowerCase() + ": ") + step
                    + (result.detail().isEmpty() ? "" : " (" + result.detail() + ")"));
            out.flush();
        }

        @Override
        public synchronized void slotsMigrated(ClusterStep.MigrateSlots step, int slotCount, long keyCount) {
            slots += slotCount;
            keys += keyCount;
            out.printf("moved %d slots (%d keys) from %s to %s; %d slots, %d keys so far%n",
                    slotCount, keyCount, step.source().endpoint(), step.target().endpoint(), slots, keys);
            out.flush();
        }
    }
}
