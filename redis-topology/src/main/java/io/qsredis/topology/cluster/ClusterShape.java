package io.qsredis.topology.cluster;

import io.qsredis.topology.Endpoint;
import org.immutables.value.Value;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The desired cluster: exactly these member nodes, {@link #masters()} of them serving slots, each master
 * with at least {@link #replicasPerMaster()} replicas. Nodes beyond {@code masters * (1 + replicas)}
 * become extra replicas, spread evenly.
 */
@Value.Immutable
public abstract class ClusterShape {

    public abstract List<NodeSpec> nodes();

    public abstract int masters();

    public abstract int replicasPerMaster();

    public static ClusterShape of(List<NodeSpec> nodes, int masters, int replicasPerMaster) {
        return ImmutableClusterShape.builder().nodes(nodes).masters(masters).replicasPerMaster(replicasPerMaster).build();
    }

    public List<Endpoint> endpoints() {
        return nodes().stream().map(NodeSpec::endpoint).collect(Collectors.toList());
    }

    @Value.Check
    protected void check() {
        if (masters() < 1) {
            throw new IllegalArgumentException("at least one master is needed, got " + masters());
        }
        if (masters() > SlotRange.SLOTS) {
            throw new IllegalArgumentException("at most " + SlotRange.SLOTS + " masters, got " + masters());
        }
        if (replicasPerMaster() < 0) {
            throw new IllegalArgumentException("replicas per master must not be negative, got " + replicasPerMaster());
        }
        long needed = (long) masters() * (1 + replicasPerMaster());
        if (nodes().size() < needed) {
            throw new IllegalArgumentException(masters() + " masters with " + replicasPerMaster() + " replicas each need "
                    + needed + " nodes, got " + nodes().size());
        }
        long distinct = nodes().stream().map(NodeSpec::endpoint).distinct().count();
        if (distinct != nodes().size()) {
            throw new IllegalArgumentException("a node is listed twice in " + nodes());
        }
    }
}
