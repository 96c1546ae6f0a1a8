package io.qsredis.operator.reconcile;

import io.qsredis.model.RedisClusterStatus.RedisClusterState;
import io.qsredis.operator.kube.Conditions.Verdict;
import io.qsredis.operator.rollout.RolloutDecision;
import io.qsredis.operator.tls.CertificateRenewal;
import io.qsredis.topology.cluster.ClusterPlan;

import java.time.Duration;
import java.util.List;

/**
 * What a RedisCluster pass reports, one factory per way a pass ends: upstream's {@code state}, the conditions, and
 * when to look again. Ready holds only when every slot is served, every master has its replicas and every node agrees
 * (the planner's plan converged) and every pod runs the desired revision; upstream's {@code state} stays {@code Ready}
 * while every slot is served, during a rollout too. Pure.
 */
record ClusterVerdict(RedisClusterState state, List<Verdict> verdicts, Duration requeue) {
    static final Duration CONVERGING = Duration.ofSeconds(1);
    static final Duration PROGRESSING = Duration.ofMillis(100);
    static final Duration STEADY = Duration.ofSeconds(15);

    /** Some pod is missing or not ready: the topology is left alone. */
    static ClusterVerdict podsNotReady(String waiting, RolloutDecision rollout) {
        return new ClusterVerdict(RedisClusterState.Initializing, Verdicts.withRollout(Verdicts.progressing("PodsNotReady", waiting), rollout), CONVERGING);
    }

    /** A node accepts no password the operator knows: a human must restart it. */
    /** Every pod is ready, but Kubernetes has not yet allocated what some node is to announce (a node port, an ingress IP). */
    static ClusterVerdict announcePending(String why) {
        return new ClusterVerdict(RedisClusterState.Initializing, Verdicts.progressing("AnnounceAddressPending", why), CONVERGING);
    }

    static ClusterVerdict authenticationFailed(String why) {
        return new ClusterVerdict(RedisClusterState.Failed, Verdicts.failing("AuthenticationFailed", why), STEADY);
    }

    /** A node stopped answering during the pass. */
    static ClusterVerdict unreachable(String why) {
        return new ClusterVerdict(RedisClusterState.Bootstrap, Verdicts.progressing("ClusterUnreachable", why), CONVERGING);
    }

    /**
     * The planner refuses to go on without a human (data it may not merge, a shard without a reachable node): the
     * conditions carry the first blocker's kind as their reason ({@code ForeignData}, {@code NodeUnreachable}, ...).
     */
    static ClusterVerdict blocked(ClusterPlan plan) {
        return new ClusterVerdict(RedisClusterState.Failed, Verdicts.failing(plan.blockerReason().orElse("ClusterBlocked"), plan.blockerSummary()), STEADY);
    }

    /** A step failed; the next pass observes again. */
    static ClusterVerdict stepFailed(String why) {
        return new ClusterVerdict(RedisClusterState.Bootstrap, Verdicts.progressing("ClusterStepFailed", why), CONVERGING);
    }

    /**
     * The plan has steps left or waits for Redis.
     *
     * @param progressed whether this pass carried a step out (then the next pass follows at once)
     */
    static ClusterVerdict converging(ClusterPlan plan, int masters, boolean scalingIn, boolean progressed) {
        String doing = plan.steps().isEmpty() ? String.join("; ", plan.pending())
                : plan.steps().size() + " step(s) toward " + masters + " masters: " + plan.steps().get(0);
        return new ClusterVerdict(RedisClusterState.Bootstrap,
                Verdicts.progressing(scalingIn ? "ScalingIn" : "ClusterConverging", scalingIn ? "draining the leaving pods: " + doing : doing),
                progressed ? PROGRESSING : CONVERGING);
    }

    /**
     * The plan converged: every slot served, every master with its replicas, every node agreeing. Ready also waits
     * for every replica to have caught up with its master (linked, out of its full sync): a shard whose replica still
     * syncs could not fail over now.
     *
     * @param behind the pods whose replica has not caught up yet
     */
    /** This verdict with a certificate renewal under way (Reconciling names it); looked at again soon until it is done. */
    ClusterVerdict withRenewal(CertificateRenewal renewal) {
        return renewal.done() ? this : new ClusterVerdict(state, Verdicts.withRenewal(verdicts, renewal), CONVERGING);
    }

    static ClusterVerdict serving(int masters, RolloutDecision rollout, List<String> refused, List<String> behind) {
        if (!behind.isEmpty()) {
            List<Verdict> verdicts = Verdicts.withRefusals(Verdicts.withRollout(Verdicts.progressing("ReplicasNotInSync",
                    String.join(", ", behind) + " not caught up with " + (behind.size() == 1 ? "its master" : "their masters") + " yet"), rollout), refused);
            return new ClusterVerdict(RedisClusterState.Ready, verdicts, CONVERGING);
        }
        List<Verdict> verdicts = Verdicts.withRefusals(Verdicts.withRollout(Verdicts.ready("ClusterServing",
                masters + " masters serve all 16384 slots, each with its replicas", null, null), rollout), refused);
        return new ClusterVerdict(RedisClusterState.Ready, verdicts, rollout.upToDate() ? STEADY : CONVERGING);
    }

    /** Whether the Ready condition holds. */
    boolean ready() {
        return Verdicts.readyHolds(verdicts);
    }
}
