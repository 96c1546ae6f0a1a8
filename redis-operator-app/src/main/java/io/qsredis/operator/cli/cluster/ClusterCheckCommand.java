package io.qsredis.operator.cli.cluster;

import io.qsredis.topology.Endpoint;
import io.qsredis.topology.cluster.ClusterCheck;
import io.qsredis.topology.exec.ClusterObserver;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code cluster check}: a report like {@code redis-cli --cluster check}. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Report on the cluster that a node belongs to, like redis-cli --cluster check. Exit 1 when it is unhealthy.")
final class ClusterCheckCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--nodes", required = true, split = ",", paramLabel = "HOST:PORT",
            description = "A node of the cluster (the first one is used; the others are found through it).")
    List<String> nodes;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        Endpoint seed;
        try {
            seed = Endpoint.parse(nodes.get(0));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        ClusterCheck.Report report;
        try (ClusterObserver observer = new ClusterObserver(connection.connector())) {
            report = ClusterCheck.check(observer.observe(List.of(seed)), seed);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(report.text());
        out.flush();
        return report.healthy() ? 0 : 1;
    }
}
