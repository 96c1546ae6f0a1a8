package io.qsredis.operator.cli.cluster;

import io.qsredis.topology.cluster.ClusterPlan;
import io.qsredis.topology.cluster.ClusterPlanner;
import io.qsredis.topology.cluster.ClusterShape;
import io.qsredis.topology.cluster.ClusterStep;
import io.qsredis.topology.cluster.ObservedCluster;
import io.qsredis.topology.cluster.ObservedClusterParser;
import io.qsredis.topology.exec.ClusterObserver;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code cluster plan}: observe (or read what was observed) and print the steps, change nothing. */
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

    @Option(names = "--observed", paramLabel = "FILE",
            description = "Plan from saved answers instead of asking the nodes: one section per node, headed by [host:port], "
                    + "holding its CLUSTER NODES output and optional field:value lines of CLUSTER INFO and INFO "
                    + "(cluster_state, db0:keys=N, INFO replication). Takes no connection option.")
    Path observed;

    @Override
    public Integer call() {
        ClusterShape desired = shape.shape();
        ClusterPlan plan = new ClusterPlanner(slotsPerStep).plan(observed != null ? saved() : live(desired), desired);
        print(spec.commandLine().getOut(), plan);
        return plan.blocked() ? 1 : 0;
    }

    private ObservedCluster live(ClusterShape desired) {
        try (ClusterObserver observer = new ClusterObserver(connection.connector())) {
            return observer.observe(desired.endpoints());
        }
    }

    private ObservedCluster saved() {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        List<String> live = spec.mixins().get("connection").options().stream()
                .filter(parsed::hasMatchedOption)
                .map(CommandLine.Model.OptionSpec::longestName)
                .toList();
        if (!live.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--observed plans from saved answers; it takes no connection option, got " + String.join(", ", live));
        }
        try {
            return ObservedClusterParser.parse(Files.readString(observed));
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read " + observed + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), observed + ", " + e.getMessage(), e);
        }
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
