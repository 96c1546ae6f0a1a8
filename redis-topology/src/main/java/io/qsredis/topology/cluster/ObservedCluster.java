package io.qsredis.topology.cluster;

import org.immutables.value.Value;

import java.util.List;

/** One observation of every node we could find: the given nodes and every peer their views name. */
@Value.Immutable
public abstract class ObservedCluster {

    public abstract List<ObservedNode> nodes();

    public static ObservedCluster of(List<ObservedNode> nodes) {
        return ImmutableObservedCluster.builder().nodes(nodes).build();
    }
}
