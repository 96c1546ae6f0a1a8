package io.qsredis.operator.cli.cluster;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code redis-operator.jar cluster}: create, grow, shrink, repair and check a Redis Cluster, with no Kubernetes. */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description = {
            "Declarative Redis Cluster management: give the nodes and the shape, the tool plans and carries out the steps.",
            "Nodes in the cluster but absent from --nodes are drained and forgotten. A run interrupted at any point resumes on the next run."
        },
        subcommands = {ClusterPlanCommand.class, ClusterApplyCommand.class, ClusterCheckCommand.class})
public final class ClusterCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
