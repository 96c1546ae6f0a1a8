package io.qsredis.operator.replication;

import io.qsredis.topology.Endpoint;
import io.qsredis.topology.replication.ReplicationInfo;
import io.qsredis.topology.replication.ReplicationPlan;
import io.qsredis.topology.replication.ReplicationPlanner;
import io.qsredis.topology.replication.ReplicationStep;
import io.qsredis.topology.sentinel.ObservedSentinel;
import io.qsredis.topology.sentinel.SentinelPlanner;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The master of a replication and the steps to take, as redis-topology's {@link ReplicationPlanner} decides them,
 * with what only the operator knows from Kubernetes added:
 * <ul>
 *   <li>a master that the operator cannot reach while the kubelet reports its pod ready and its container alive is not
 *       failed over (the operator is no failure detector; without Sentinel, the pod's readiness is the detector);
 *   <li>while the Sentinels still name a master that came back empty (before they are asked to fail it over, and
 *       while they do), writes on it are paused, so that it does not acknowledge writes it will lose when demoted; and
 *       they are asked to fail it over also when it already took a write (the planner only asks for one without keys).
 * </ul>
 * Pure.
 *
 * @param master the server that is master, if one is
 * @param plan the planner's plan (its reason, warnings and pending items are reported as they are)
 * @param steps what to carry out, in order
 * @param withheld why the planner's steps were not taken, when they were not
 */
public record ReplicationDecision(Optional<ServerNode> master, ReplicationPlan plan, List<Action> steps, Optional<String> withheld) {

    /** One action: a planner step, or the operator's own write pause. */
    public sealed interface Action permits Planned, PauseWrites {}

    public record Planned(ReplicationStep step) implements Action {}

    /** {@code CLIENT PAUSE <ms> WRITE} on a master that came back empty, until the failover demotes it. */
    public record PauseWrites(ServerNode node) implements Action {}

    /**
     * @param sentinelsRefused whether every Sentinel asked to fail over lately refused: the planner then promotes a
     *     replica itself when the Sentinels' master is gone ({@link ReplicationPlan.Authority#TAKEN_OVER})
     */
    public static ReplicationDecision decide(List<ServerNode> nodes, List<ObservedSentinel> sentinels, String masterName,
            int expectedSentinels, Optional<String> previousMaster, boolean sentinelsRefused) {
        ReplicationPlan plan = ReplicationPlanner.plan(nodes.stream().map(ServerNode::redis).toList(), sentinels, masterName, expectedSentinels,
                sentinelsRefused);
        Optional<ServerNode> master = plan.master().flatMap(endpoint -> find(nodes, endpoint));
        Optional<ServerNode> previous = previousMaster.flatMap(name -> nodes.stream().filter(n -> n.name().equals(name)).findFirst());
        boolean promotes = plan.steps().stream().anyMatch(ReplicationStep.PromoteToMaster.class::isInstance);
        boolean operatorChooses = plan.authority() == ReplicationPlan.Authority.HIGHEST_OFFSET || plan.authority() == ReplicationPlan.Authority.TAKEN_OVER;
        if (promotes && operatorChooses && previous.isPresent()
                && previous.get().pod().serving() && !previous.get().reachable() && !previous.get().restarted()) {
            return new ReplicationDecision(Optional.empty(), plan, List.of(), Optional.of(previous.get().name()
                    + " cannot be reached from the operator, but its pod is ready and its container runs: not failing it over"));
        }
        List<Action> actions = new ArrayList<>();
        Optional<Endpoint> sentinelsSay = SentinelPlanner.majorityMaster(sentinels, masterName, expectedSentinels);
        Optional<ServerNode> emptySentinelMaster = sentinelsSay.flatMap(endpoint -> find(nodes, endpoint)).filter(node -> cameBackEmpty(node, nodes));
        // Also while the Sentinels fail over (the planner then plans nothing): clients still write to the old address.
        emptySentinelMaster.ifPresent(empty -> actions.add(new PauseWrites(empty)));
        plan.steps().forEach(step -> actions.add(new Planned(step)));
        boolean asked = plan.steps().stream().anyMatch(ReplicationStep.AskSentinelToFailOver.class::isInstance);
        if (emptySentinelMaster.isPresent() && !asked && !SentinelPlanner.failoverInProgress(sentinels)) {
            // The planner looks at key counts; a master that took a write or two since it restarted has keys, not the stream.
            sentinels.stream()
                    .filter(s -> s.monitors(sentinelsSay.get()))
                    .findFirst()
                    .ifPresent(s -> actions.add(new Planned(new ReplicationStep.AskSentinelToFailOver(s.endpoint(), masterName))));
        }
        return new ReplicationDecision(master, plan, actions, Optional.empty());
    }

    /**
     * A master that restarted without its data: it holds no key while another server holds some (the planner's test),
     * or a replica that follows it holds more of a replication stream that is not this master's (another replication
     * ID): the stream of the master it was before it restarted. (Same ID and a larger offset is only a replica read a
     * moment after its master.)
     */
    static boolean cameBackEmpty(ServerNode node, List<ServerNode> nodes) {
        if (!node.isMaster()) {
            return false;
        }
        ReplicationInfo own = node.redis().replication().orElseThrow();
        return nodes.stream().filter(other -> other != node).anyMatch(other -> (node.redis().keys() == 0 && other.redis().keys() > 0)
                || (other.redis().follows(node.endpoint()) && other.redis().replication().orElseThrow().offset() > own.offset()
                        && !sameStream(other.redis().replication().orElseThrow(), own)));
    }

    /**
     * Whether {@code replica}'s stream is {@code master}'s: the same replication ID, or the one {@code master} continued
     * when it was promoted (a former master re-pointed at its successor still reports its own stream, ahead by the writes
     * the successor never got: that is a failover, not a master that lost its data).
     */
    private static boolean sameStream(ReplicationInfo replica, ReplicationInfo master) {
        return replica.replicationId().equals(master.replicationId())
                || (replica.replicationId().isPresent() && replica.replicationId().equals(master.previousReplicationId()));
    }

    /**
     * The replica that takes the master role over in a planned hand-over (a rollout restarting the master): among the
     * replicas whose link to {@code master} is up and not in a full sync, the one holding the most of the stream
     * (highest offset), then the lowest ordinal. Empty when no replica is caught up: the master then waits.
     */
    public static Optional<ServerNode> handOverTarget(List<ServerNode> nodes, ServerNode master) {
        return nodes.stream()
                .filter(node -> node != master && node.reachable() && node.linkUp() && !node.syncing())
                .filter(node -> node.redis().follows(master.endpoint()))
                .sorted(java.util.Comparator.comparingLong((ServerNode node) -> node.redis().replication().orElseThrow().offset()).reversed()
                        .thenComparingInt(node -> node.pod().ordinal()))
                .findFirst();
    }

    /** The pod at {@code endpoint}. */
    public static Optional<ServerNode> find(List<ServerNode> nodes, Endpoint endpoint) {
        return nodes.stream().filter(n -> n.endpoint().equals(endpoint)).findFirst();
    }

    /** Nothing to do and nothing waited for. */
    public boolean converged() {
        return master.isPresent() && steps.isEmpty() && withheld.isEmpty() && plan.pending().isEmpty();
    }
}
