package io.qsredis.operator.replication;

import io.qsredis.topology.Endpoint;
import io.qsredis.topology.sentinel.ObservedSentinel;
import io.qsredis.topology.sentinel.SentinelMonitor;
import io.qsredis.topology.sentinel.SentinelPlan;
import io.qsredis.topology.sentinel.SentinelPlanner;
import io.qsredis.topology.sentinel.SentinelStep;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What to tell the Sentinels of one group: redis-topology's {@link SentinelPlanner} decides, and the operator adds what
 * only it knows:
 * <ul>
 *   <li>the kubelet shows that the container of the master the majority monitors died: one Sentinel of the majority is
 *       told {@code SENTINEL FAILOVER} at once, instead of the group waiting out {@code down-after-milliseconds}, and
 *       nothing else is done that pass;
 *   <li>the master's password ({@code auth-pass}, which Sentinel does not show) is set on Sentinels that have not been
 *       given the current one — only once the master accepts it: {@code SENTINEL SET auth-pass} drops the Sentinel's
 *       links, and a Sentinel reconnecting with a password the master refuses sees it down after
 *       {@code down-after-milliseconds} and would fail over a healthy master in the middle of a rotation. One Sentinel
 *       a pass, while none sees the master down, so that never a quorum reconnects at once.
 * </ul>
 * Pure.
 *
 * @param target the master the Sentinels should monitor, if one is known
 * @param majority whether a live majority already monitors it
 * @param plan the planner's plan (pending items and health reported as they are)
 * @param steps what to carry out
 * @param failover whether {@code steps} is the fast failover
 * @param authPassPending whether a new password waits for the master to accept it
 */
public record SentinelDecision(Optional<Endpoint> target, boolean majority, SentinelPlan plan, List<SentinelStep> steps, boolean failover,
        boolean authPassPending) {

    /**
     * @param sentinels every Sentinel of the group, unreachable ones (and pods not created yet) included
     * @param desired the group's settings, its master the one the operator sees on the servers (used without a majority)
     * @param died the servers whose container died since the last pass
     * @param authPassStale the Sentinels not yet given the current master password
     * @param authPassAccepted whether the master accepts the current password
     * @param overrule whether the desired master replaces the majority's, which is gone and could not be failed over
     */
    public static SentinelDecision decide(List<ObservedSentinel> sentinels, SentinelMonitor desired, Set<Endpoint> died,
            Set<Endpoint> authPassStale, boolean authPassAccepted, boolean overrule) {
        Optional<Endpoint> majority = SentinelPlanner.majorityMaster(sentinels, desired, overrule);
        boolean failingOver = SentinelPlanner.failoverInProgress(sentinels);
        if (majority.isPresent() && died.contains(majority.get()) && !failingOver) {
            ObservedSentinel asked = sentinels.stream()
                    .filter(s -> s.monitors(majority.get()))
                    .findFirst()
                    .orElseThrow();
            SentinelPlan none = SentinelPlan.builder().healthy(false).addPending("the master's container died; failing over").build();
            return new SentinelDecision(majority, true, none, List.of(new SentinelStep.Failover(asked.endpoint(), desired.masterName())), true, false);
        }
        SentinelMonitor monitor = authPassAccepted ? desired : SentinelMonitor.builder().from(desired).authPass(Optional.empty()).build();
        SentinelPlan plan = SentinelPlanner.plan(sentinels, monitor, overrule);
        Endpoint target = majority.orElse(desired.master());
        List<SentinelStep> steps = new ArrayList<>(plan.steps());
        boolean pending = false;
        if (!failingOver && desired.authPass().isPresent()) {
            // SENTINEL SET auth-pass drops that Sentinel's links to the master and replicas. One Sentinel per pass, and only
            // while no Sentinel sees the master down: never a quorum reconnecting at once (as a restarted operator, which
            // does not know which password each Sentinel holds, would otherwise make every Sentinel do).
            boolean masterSeenDown = sentinels.stream().anyMatch(s -> s.reachable() && s.master().map(m -> m.address().equals(target)
                    && m.masterDown()).orElse(false));
            boolean setThisPass = false;
            for (ObservedSentinel sentinel : sentinels) {
                boolean monitorsTarget = sentinel.monitors(target);
                boolean monitoredThisPass = steps.stream().anyMatch(s -> s instanceof SentinelStep.Monitor && s.sentinel().equals(sentinel.endpoint()));
                if (monitorsTarget && !monitoredThisPass && authPassStale.contains(sentinel.endpoint())) {
                    if (authPassAccepted && !masterSeenDown && !setThisPass) {
                        steps.add(new SentinelStep.Set(sentinel.endpoint(), desired.masterName(), "auth-pass", desired.authPass().get()));
                        setThisPass = true;
                    } else {
                        pending = true;
                    }
                }
            }
        }
        return new SentinelDecision(Optional.of(target), majority.isPresent(), plan, steps, false, pending);
    }

    /** Every Sentinel monitors the target with every setting and the current password, and the group is healthy. */
    public boolean converged() {
        return steps.isEmpty() && !authPassPending && plan.healthy();
    }
}
