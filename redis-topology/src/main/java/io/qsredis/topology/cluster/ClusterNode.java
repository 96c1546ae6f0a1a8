package io.qsredis.topology.cluster;

import org.immutables.value.Value;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One line of {@code CLUSTER NODES}: how the node that wrote it sees one member of the cluster. Only the
 * {@link NodeFlag#MYSELF} line is the member's own word about its role, slots and open slots. The flag
 * tests and the slot count are computed once, when the line is built: planners read them millions of
 * times on large clusters.
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

    @Value.Derived
    @Value.Auxiliary
    public boolean isMyself() {
        return flags().contains(NodeFlag.MYSELF);
    }

    @Value.Derived
    @Value.Auxiliary
    public boolean isMaster() {
        return flags().contains(NodeFlag.MASTER);
    }

    @Value.Derived
    @Value.Auxiliary
    public boolean isReplica() {
        return flags().contains(NodeFlag.REPLICA);
    }

    /** Failing or suspected failing in the eyes of the node that wrote the line. */
    @Value.Derived
    @Value.Auxiliary
    public boolean isFailing() {
        return flags().contains(NodeFlag.FAIL) || flags().contains(NodeFlag.PFAIL);
    }

    @Value.Derived
    @Value.Auxiliary
    public boolean isHandshake() {
        return flags().contains(NodeFlag.HANDSHAKE);
    }

    @Value.Derived
    @Value.Auxiliary
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
                && slotCount() == other.slotCount()
                && masterId().equals(other.masterId())
                && sameRanges(slots(), other.slots());
    }

    private static boolean sameRanges(List<SlotRange> a, List<SlotRange> b) {
        if (a == b) {
            return true;
        }
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            SlotRange x = a.get(i);
            SlotRange y = b.get(i);
            if (x.first() != y.first() || x.last() != y.last()) {
                return false;
            }
        }
        return true;
    }
}
