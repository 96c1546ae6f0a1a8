package io.qsredis.operator.reconcile;

import io.qsredis.operator.rollout.RolloutMember;
import io.qsredis.renderer.impact.RestartReason;
import io.qsredis.topology.Endpoint;
import io.qsredis.topology.cluster.ClusterNode;
import io.qsredis.topology.cluster.ClusterStep;
import io.qsredis.topology.cluster.NodeRef;
import io.qsredis.topology.cluster.ObservedCluster;
import io.qsredis.topology.cluster.ObservedNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The pods of a RedisCluster as a rollout takes them, and which replica takes a master's slots over before the master
 * restarts. A node serving slots is a primary when one of its replicas is caught up (its replication link up, not in
 * a full sync), else alone (its slots are unavailable while it restarts: the last resort); replicas and masters
 * without slots restart freely. A node is settled when its pod is ready, it answers, it sees {@code cluster_state:ok}
 * and, as a replica, it has caught up with its master. Pure.
 */
final class ClusterRollout {
    private ClusterRollout() {}

    /**
     * @param pods every pod of both StatefulSets
     * @param cluster the observation, when the pass made one (every pod ready); without it every pod counts as a replica
     * @param endpoints where each pod's node is reached (what it announces, else its pod IP)
     * @param reasons why a pod must restart to run its StatefulSet's desired revision
     */
    static List<RolloutMember> members(List<ObservedPod> pods, Optional<ObservedCluster> cluster, Function<ObservedPod, Optional<Endpoint>> endpoints,
            Function<ObservedPod, Set<RestartReason>> reasons) {
        List<RolloutMember> members = new ArrayList<>();
        for (ObservedPod pod : pods) {
            Optional<ObservedNode> node = cluster.flatMap(c -> endpoints.apply(pod).flatMap(endpoint -> node(c, endpoint)));
            Optional<ClusterNode> self = node.flatMap(ObservedNode::myself);
            boolean serving = self.map(s -> s.isMaster() && s.slotCount() > 0).orElse(false);
            RolloutMember.Role role = !serving ? RolloutMember.Role.REPLICA
                    : handOverTarget(cluster.get(), self.get()).isPresent() ? RolloutMember.Role.PRIMARY : RolloutMember.Role.ALONE;
            Optional<String> unsettled;
            if (!pod.serving()) {
                unsettled = pod.whyNotServing();
            } else if (cluster.isPresent() && (node.isEmpty() || !node.get().usable())) {
                unsettled = Optional.of(pod.name() + " does not answer as a cluster node");
            } else if (node.isPresent() && !node.get().clusterState().map("ok"::equals).orElse(false)) {
                unsettled = Optional.of(pod.name() + " does not see cluster_state:ok");
            } else if (self.map(ClusterNode::isReplica).orElse(false) && !node.get().replicaCaughtUp()) {
                unsettled = Optional.of(pod.name() + " has not caught up with its master yet");
            } else {
                unsettled = Optional.empty();
            }
            members.add(new RolloutMember(pod.name(), pod.uid(), pod.ordinal(), role, pod.serving(), unsettled, reasons.apply(pod)));
        }
        return members;
    }

    /**
     * The graceful {@code CLUSTER FAILOVER} that moves the slots of the master at {@code master} to its caught-up
     * replica holding the most of its stream (then the lowest address), if it has one.
     */
    static Optional<ClusterStep.Failover> handOver(ObservedCluster cluster, Endpoint master) {
        return node(cluster, master).flatMap(ObservedNode::myself).flatMap(self -> handOverTarget(cluster, self)
                .map(replica -> new ClusterStep.Failover(new NodeRef(replica.myself().orElseThrow().id(), replica.endpoint()),
                        new NodeRef(self.id(), master), ClusterStep.Failover.Mode.GRACEFUL, ClusterStep.Failover.Why.MASTER_RESTARTING)));
    }

    /** The pods whose node is a replica that has not caught up with its master (link down, or in its full sync). */
    static List<String> replicasBehind(List<ObservedPod> pods, ObservedCluster cluster, Function<ObservedPod, Optional<Endpoint>> endpoints) {
        return pods.stream()
                .filter(pod -> endpoints.apply(pod).flatMap(endpoint -> node(cluster, endpoint))
                        .filter(node -> node.myself().map(ClusterNode::isReplica).orElse(false) && !node.replicaCaughtUp())
                        .isPresent())
                .map(ObservedPod::name)
                .toList();
    }

    /** Whether the node at {@code endpoint} is a master serving slots. */
    static boolean servesSlots(ObservedCluster cluster, Endpoint endpoint) {
        return node(cluster, endpoint).flatMap(ObservedNode::myself).map(self -> self.isMaster() && self.slotCount() > 0).orElse(false);
    }

    private static Optional<ObservedNode> handOverTarget(ObservedCluster cluster, ClusterNode master) {
        return cluster.nodes().stream()
                .filter(ObservedNode::usable)
                .filter(n -> n.myself().get().isReplica() && n.myself().get().masterId().map(master.id()::equals).orElse(false))
                .filter(ObservedNode::replicaCaughtUp)
                .sorted(Comparator.comparingLong((ObservedNode n) -> n.replication().orElseThrow().offset()).reversed()
                        .thenComparing(n -> n.endpoint().toString()))
                .findFirst();
    }

    private static Optional<ObservedNode> node(ObservedCluster cluster, Endpoint endpoint) {
        return cluster.nodes().stream().filter(n -> n.address().equals(endpoint) || n.endpoint().equals(endpoint)).findFirst();
    }
}
