package io.qsredis.operator.cli.cluster;

import io.qsredis.topology.cluster.ClusterShape;
import io.qsredis.topology.cluster.NodeSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.List;

/** The desired cluster of {@code plan} and {@code apply}. */
final class ShapeOptions {

    @Spec(Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--nodes", required = true, split = ",", paramLabel = "HOST:PORT[@DOMAIN][+master]",
            description = "Every node that should be a member, comma separated. A node's failure domain (a host, a rack, "
                    + "a zone) follows '@'; replicas are kept off their master's domain. Default domain: the host. "
                    + "A trailing '+master' prefers the node as master: it takes master places first, and mastership "
                    + "returns to it (graceful failover) once it has caught up and nothing else is left to do.")
    List<String> nodes;

    @Option(names = "--masters", required = true, paramLabel = "N", description = "Masters serving slots.")
    int masters;

    @Option(names = "--replicas", defaultValue = "0", paramLabel = "R", description = "Replicas per master (default: ${DEFAULT-VALUE}).")
    int replicas;

    ClusterShape shape() {
        try {
            List<NodeSpec> specs = nodes.stream().map(String::trim).filter(s -> !s.isEmpty()).map(NodeSpec::parse).toList();
            return ClusterShape.of(specs, masters, replicas);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
