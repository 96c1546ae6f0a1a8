package io.qsredis.operator.replication;

import io.qsredis.topology.Endpoint;
import io.qsredis.topology.replication.ReplicationPlan;
import io.qsredis.topology.replication.ReplicationPlanner;
import io.qsredis.topology.replication.ReplicationStep;
import io.qsredis.topology.sentinel.ObservedSentinel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The master of a replication and the steps to take, as redis-topology's {@link ReplicationPlanner} decides them,
 * with what only the operator knows from Kubernetes added:
 * <ul>
 *   <li>a master that the operator cannot reach while the kubelet reports its pod ready and its container alive is not
 *       failed over (the operator is no failure detector; without Sentinel, the pod's readiness is the detector);
 *   <li>before Sentinel is asked to fail over a master that came back empty, writes on it are paused, so that it does
 *       not acknowledge writes it will lose when it is demoted.
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

    public static ReplicationDecision decide(List<ServerNode> nodes, List<ObservedSentinel> sentinels, String masterName,
            int expectedSentinels, Optional<String> previousMaster) {
        ReplicationPlan plan = ReplicationPlanner.plan(nodes.stream().map(ServerNode::redis).toList(), sentinels, masterName, expectedSentinels);
        Optional<ServerNode> master = plan.master().flatMap(endpoint -> find(nodes, endpoint));
        Optional<ServerNode> previous = previousMaster.flatMap(name -> nodes.stream().filter(n -> n.name().equals(name)).findFirst());
        boolean promotes = plan.steps().stream().anyMatch(ReplicationStep.PromoteToMaster.class::isInstance);
        if (promotes && plan.authority() == ReplicationPlan.Authority.HIGHEST_OFFSET && previous.isPresent()
                && previous.get().pod().ready() && !previous.get().reachable() && !previous.get().restarted()) {
            return new ReplicationDecision(Optional.empty(), plan, List.of(), Optional.of(previous.get().name()
                    + " cannot be reached from the operator, but its pod is ready and its container runs: not failing it over"));
        }
        List<Action> actions = new ArrayList<>();
        for (ReplicationStep step : plan.steps()) {
            if (step instanceof ReplicationStep.AskSentinelToFailOver) {
                master.ifPresent(empty -> actions.add(new PauseWrites(empty)));
            }
            actions.add(new Planned(step));
        }
        return new ReplicationDecision(master, plan, actions, Optional.empty());
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
