package io.qsredis.topology.cluster;

import io.qsredis.topology.Endpoint;
import io.qsredis.topology.replication.ReplicationInfo;
import org.immutables.value.Value;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one node told us in one observation, or that it could not be reached. {@link #view()} is its
 * {@code CLUSTER NODES}; {@link #keysInSlots()} holds {@code CLUSTER COUNTKEYSINSLOT} for the slots where
 * keys may sit outside their owner: the node's open slots, and slots nobody owns in its view.
 */
@Value.Immutable
public abstract class ObservedNode {

    /** The address we connect to (as given by the user, or as learned from a peer's view). */
    public abstract Endpoint endpoint();

    /** {@link #endpoint()} with its host resolved to an IP address, as peers write it. */
    @Value.Default
    public Endpoint address() {
        return endpoint();
    }

    @Value.Default
    public boolean reachable() {
        return true;
    }

    /** Why the node could not be observed. */
    public abstract Optional<String> error();

    @Value.Default
    public boolean clusterEnabled() {
        return true;
    }

    public abstract List<ClusterNode> view();

    @Value.Default
    public long keys() {
        return 0;
    }

    /** {@code cluster_state} of {@code CLUSTER INFO}: {@code ok} or {@code fail}. */
    public abstract Optional<String> clusterState();

    public abstract Map<Integer, Long> keysInSlots();

    /** {@code INFO replication}: on a replica, whether its link to the master is up and how far it got. */
    public abstract Optional<ReplicationInfo> replication();

    /** A replica whose replication link is up and not in a full sync: it holds its master's stream as it grows. */
    public boolean replicaCaughtUp() {
        return replication().map(info -> !info.isMaster() && info.masterLinkUp() && !info.syncInProgress()).orElse(false);
    }

    public static ImmutableObservedNode.Builder builder() {
        return ImmutableObservedNode.builder();
    }

    public static ObservedNode unreachable(Endpoint endpoint, String error) {
        return builder().endpoint(endpoint).reachable(false).error(error).build();
    }

    /** The node's own line, the authority on its id, role and slots. */
    @Value.Lazy
    public Optional<ClusterNode> myself() {
        return view().stream().filter(ClusterNode::isMyself).findFirst();
    }

    /** Reachable, in cluster mode, and able to tell who it is. */
    public boolean usable() {
        return reachable() && clusterEnabled() && myself().isPresent();
    }

    public long keysInSlot(int slot) {
        return keysInSlots().getOrDefault(slot, 0L);
    }
}
