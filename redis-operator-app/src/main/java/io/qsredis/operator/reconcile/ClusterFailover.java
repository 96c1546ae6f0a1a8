package io.qsredis.operator.reconcile;

import io.qsredis.topology.Endpoint;
import io.qsredis.topology.cluster.ClusterNode;
import io.qsredis.topology.cluster.ClusterStep;
import io.qsredis.topology.cluster.NodeRef;
import io.qsredis.topology.cluster.ObservedCluster;
import io.qsredis.topology.cluster.ObservedNode;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The failover the operator starts at once when a RedisCluster master's container died or its pod is being deleted,
 * instead of the cluster waiting out {@code cluster-node-timeout}: the fallen master's replica holding the most of
 * its stream (highest replication offset, then the lowest address) takes over with {@code CLUSTER FAILOVER FORCE}
 * (the master cannot take part in a graceful one), or {@code TAKEOVER} when a majority of the slot-serving masters
 * fell at once and no vote could be won. A master that is only slow (a hung process, a lost network) is not fallen:
 * Redis Cluster's own failure detection judges it. At most one failover per pass. Pure.
 */
final class ClusterFailover {
    private ClusterFailover() {}

    /**
     * @param cluster the observation of the nodes whose pods are ready
     * @param fallen the endpoints of the nodes whose container died or whose pod is being deleted (what they announce,
     *     else their pod IP), and endpoints no pod has any more are fallen too
     * @param podEndpoints the endpoints of every pod of the cluster that exists and is not being deleted
     */
    static Optional<ClusterStep.Failover> decide(ObservedCluster cluster, Set<Endpoint> fallen, Set<Endpoint> podEndpoints) {
        Map<String, ClusterNode> masters = new LinkedHashMap<>();
        cluster.nodes().stream().filter(ObservedNode::usable).flatMap(node -> node.view().stream())
                .filter(line -> line.isMaster() && line.slotCount() > 0 && !line.isHandshake())
                .sorted(Comparator.comparing(ClusterNode::id))
                .forEach(line -> masters.putIfAbsent(line.id(), line));
        long down = masters.values().stream().filter(m -> hasFallen(cluster, m, fallen, podEndpoints)).count();
        for (ClusterNode master : masters.values()) {
            if (!hasFallen(cluster, master, fallen, podEndpoints)) {
                continue;
            }
            Optional<ObservedNode> heir = cluster.nodes().stream()
                    .filter(ObservedNode::usable)
                    .filter(n -> n.myself().get().isReplica() && n.myself().get().masterId().map(master.id()::equals).orElse(false))
                    .filter(n -> !fallen.contains(n.endpoint()))
                    .sorted(Comparator.comparingLong((ObservedNode n) -> -n.replication().map(r -> r.offset()).orElse(0L))
                            .thenComparing(ObservedNode::endpoint))
                    .findFirst();
            if (heir.isPresent()) {
                ClusterStep.Failover.Mode mode = down * 2 > masters.size() ? ClusterStep.Failover.Mode.TAKEOVER : ClusterStep.Failover.Mode.FORCE;
                return Optional.of(new ClusterStep.Failover(new NodeRef(heir.get().myself().get().id(), heir.get().endpoint()),
                        new NodeRef(master.id(), new Endpoint(master.ip(), master.port())), mode, ClusterStep.Failover.Why.MASTER_DOWN));
            }
        }
        return Optional.empty();
    }

    /**
     * A master fell when its container died or its pod is being deleted, or when it answers nowhere and no pod has the
     * address the others know it by. One that answers at a new address (every pod restarted) has not fallen: the
     * planner meets it again.
     */
    private static boolean hasFallen(ObservedCluster cluster, ClusterNode master, Set<Endpoint> fallen, Set<Endpoint> podEndpoints) {
        Optional<ObservedNode> itself = cluster.nodes().stream().filter(ObservedNode::usable)
                .filter(n -> n.myself().get().id().equals(master.id())).findFirst();
        Endpoint at = itself.map(ObservedNode::endpoint).orElse(new Endpoint(master.ip(), master.port()));
        return fallen.contains(at) || (itself.isEmpty() && !podEndpoints.contains(at));
    }
}
