package io.qsredis.operator.cli.cluster;

import io.qsredis.topology.cluster.ClusterPlan;
import io.qsredis.topology.cluster.ClusterPlanner;
import io.qsredis.topology.cluster.ClusterShape;
import io.qsredis.topology.cluster.ClusterStep;
import io.qsredis.topology.exec.ClusterObserver;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code cluster plan}: observe and print the steps, change nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Print the steps that would give the cluster this shape; change nothing. Exit 1 when something blocks them.")
final class ClusterPlanCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ShapeOptions shape;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--slots-per-step", defaultValue = "" + ClusterPlanner.DEFAULT_SLOTS_PER_MIGRATION, paramLabel = "N",
            description = "Most slots moved by one migration step (default: ${DEFAULT-VALUE}).")
    int slotsPerStep;

    @Override
    public Integer call() {
        ClusterShape desired = shape.shape();
        ClusterPlan plan;
        try (ClusterObserver observer = new ClusterObserver(connection.connector())) {
            plan = new ClusterPlanner(slotsPerStep).plan(observer.observe(desired.endpoints()), desired);
        }
        print(spec.commandLine().getOut(), plan);
        return plan.blockers().isEmpty() ? 0 : 1;
    }

    static void print(PrintWriter out, ClusterPlan plan) {
        int n = 0;
        for (ClusterStep step : plan.steps()) {
            out.printf("%3d. %s%n", ++n, step);
        }
        if (plan.slotsToMove() > 0) {
            out.printf("%d slots to move%n", plan.slotsToMove());
        }
        plan.pending().forEach(p -> out.println("waiting: " + p));
        plan.blockers().forEach(b -> out.println("blocked: " + b));
        if (plan.converged()) {
            out.println("The cluster has this shape: nothing to do.");
        }
        out.flush();
    }
}
