package io.qsredis.topology.cluster;

import org.immutables.value.Value;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One line of {@code CLUSTER NODES}: how the node that wrote it sees one member of the cluster. Only the
 * {@link NodeFlag#MYSELF} line is the member's own word about its role, slots and open slots.
 */
@Value.Immutable
public abstract class ClusterNode {

    public abstract String id();

    /** Empty while a fresh node has not learned its own address yet. */
    public abstract String ip();

    public abstract int port();

    public abstract int busPort();

    public abstract Optional<String> hostname();

    public abstract Set<NodeFlag> flags();

    /** The master's id when this node is a replica. */
    public abstract Optional<String> masterId();

    @Value.Default
    public long pingSent() {
        return 0;
    }

    @Value.Default
    public long pongReceived() {
        return 0;
    }

    @Value.Default
    public long configEpoch() {
        return 0;
    }

    @Value.Default
    public boolean linkConnected() {
        return true;
    }

    /** The slots this node serves, ascending. */
    public abstract List<SlotRange> slots();

    /** Open slots being moved away: slot to the target node id ({@code [slot->-id]}). */
    public abstract Map<Integer, String> migrating();

    /** Open slots being received: slot to the source node id ({@code [slot-<-id]}). */
    public abstract Map<Integer, String> importing();

    public static ImmutableClusterNode.Builder builder() {
        return ImmutableClusterNode.builder();
    }

    public boolean isMyself() {
        return flags().contains(NodeFlag.MYSELF);
    }

    public boolean isMaster() {
        return flags().contains(NodeFlag.MASTER);
    }

    public boolean isReplica() {
        return flags().contains(NodeFlag.REPLICA);
    }

    /** Failing or suspected failing in the eyes of the node that wrote the line. */
    public boolean isFailing() {
        return flags().contains(NodeFlag.FAIL) || flags().contains(NodeFlag.PFAIL);
    }

    public boolean isHandshake() {
        return flags().contains(NodeFlag.HANDSHAKE);
    }

    public int slotCount() {
        return SlotRange.count(slots());
    }

    /** {@code ip:port}, as other nodes reach it. */
    public String address() {
        return ip() + ":" + port();
    }

    /** Same role, master and slots: what every member must agree on about this node. */
    public boolean sameConfigurationAs(ClusterNode other) {
        return id().equals(other.id())
                && isMaster() == other.isMaster()
                && masterId().equals(other.masterId())
                && slots().equals(other.slots());
    }
}
