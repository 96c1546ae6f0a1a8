package io.qsredis.topology.cluster;

/**
 * Why the planner refuses to change the cluster: something no step can fix without risking data or another
 * cluster. It needs a human. {@link Kind#reason()} is a stable CamelCase word for a status condition; the
 * message says what to look at.
 */
public record ClusterBlocker(Kind kind, String message) {

    public enum Kind {
        /** No desired node answers as a cluster node, so there is no cluster to plan for. */
        NO_CLUSTER_NODE("NoClusterNodeReachable"),
        /** A desired node cannot be reached. */
        NODE_UNREACHABLE("NodeUnreachable"),
        /** A desired node runs with {@code cluster-enabled no}. */
        CLUSTER_MODE_DISABLED("ClusterModeDisabled"),
        /** A desired node's {@code CLUSTER NODES} has no {@code myself} line. */
        NODE_UNIDENTIFIED("NodeUnidentified"),
        /** Two desired addresses lead to the same node. */
        DUPLICATE_NODE("DuplicateNode"),
        /** A node outside the cluster serves slots: merging two clusters is refused. */
        FOREIGN_SLOTS("ForeignSlots"),
        /** A node outside the cluster knows nodes the cluster does not: it belongs to another cluster. */
        FOREIGN_CLUSTER("ForeignCluster"),
        /** A node outside the cluster holds keys: only an empty node joins. */
        FOREIGN_DATA("ForeignData"),
        /** Keys of a slot sit on a node that does not serve it, or on two nodes: they cannot be merged safely. */
        STRAY_KEYS("StrayKeys"),
        /** A master that is down serves slots and has no reachable replica to take them over. */
        SLOTS_WITHOUT_REPLICA("SlotsWithoutReplica"),
        /** A master holds keys but serves no slot: it can neither take slots nor replicate without losing them. */
        KEYS_WITHOUT_SLOTS("KeysWithoutSlots"),
        /** Fewer nodes can serve slots than masters are wanted; the others are replicas holding data. */
        NOT_ENOUGH_MASTERS("NotEnoughMasters");

        private final String reason;

        Kind(String reason) {
            this.reason = reason;
        }

        /** The reason of a status condition: stable, CamelCase. */
        public String reason() {
            return reason;
        }
    }

    @Override
    public String toString() {
        return message;
    }
}
