package io.qsredis.operator.reconcile;

import io.qsredis.model.RedisClusterStatus.RedisClusterState;
import io.qsredis.operator.kube.Conditions;
import io.qsredis.operator.kube.Conditions.Verdict;
import io.qsredis.operator.rollout.RolloutDecision;
import io.qsredis.operator.rollout.RolloutMember;
import io.qsredis.renderer.impact.RestartReason;
import io.qsredis.topology.cluster.ClusterBlocker;
import io.qsredis.topology.cluster.ClusterPlan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterVerdictTest {

    private static RolloutDecision upToDate() {
        return RolloutDecision.decide(List.of(member(Set.of())), Optional.empty(), Set.of(), true);
    }

    private static RolloutDecision rolling() {
        return RolloutDecision.decide(List.of(member(Set.of(RestartReason.IMAGE_CHANGED))), Optional.empty(), Set.of(), true);
    }

    private static RolloutMember member(Set<RestartReason> reasons) {
        return new RolloutMember("shop-follower-0", "uid", 0, RolloutMember.Role.REPLICA, true, Optional.empty(), reasons);
    }

    private static Verdict condition(ClusterVerdict verdict, String type) {
        return verdict.verdicts().stream().filter(v -> v.type().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void aConvergedClusterOnTheDesiredRevisionIsReadyAndLooksAgainSteadily() {
        ClusterVerdict verdict = ClusterVerdict.serving(3, upToDate(), List.of(), List.of());

        assertThat(verdict.state()).isEqualTo(RedisClusterState.Ready);
        assertThat(verdict.ready()).isTrue();
        assertThat(verdict.requeue()).isEqualTo(ClusterVerdict.STEADY);
    }

    @Test
    void aRollingClusterKeepsUpstreamsReadyStateButNotTheReadyCondition() {
        ClusterVerdict verdict = ClusterVerdict.serving(3, rolling(), List.of(), List.of());

        assertThat(verdict.state()).isEqualTo(RedisClusterState.Ready);
        assertThat(condition(verdict, Conditions.READY).reason()).isEqualTo("RollingUpdate");
        assertThat(verdict.requeue()).isEqualTo(ClusterVerdict.CONVERGING);
    }

    @Test
    void aConvergedClusterWhoseReplicaStillSyncsIsNotReadyAndNamesIt() {
        ClusterVerdict verdict = ClusterVerdict.serving(3, upToDate(), List.of(), List.of("shop-follower-1"));

        assertThat(verdict.state()).as("every slot is served").isEqualTo(RedisClusterState.Ready);
        assertThat(condition(verdict, Conditions.READY).reason()).isEqualTo("ReplicasNotInSync");
        assertThat(condition(verdict, Conditions.READY).message()).contains("shop-follower-1");
        assertThat(verdict.requeue()).isEqualTo(ClusterVerdict.CONVERGING);
    }

    @Test
    void aPlanWithStepsLeftIsNotReadyAndNamesTheNextStep() {
        ClusterPlan plan = ClusterPlan.builder().addPending("10.0.0.1:6379 reports cluster_state:fail").build();

        ClusterVerdict verdict = ClusterVerdict.converging(plan, 3, false, false);

        assertThat(verdict.state()).isEqualTo(RedisClusterState.Bootstrap);
        assertThat(verdict.ready()).isFalse();
        assertThat(condition(verdict, Conditions.RECONCILING).message()).contains("cluster_state:fail");
    }

    @Test
    void aPassThatCarriedAStepOutFollowsAtOnce() {
        ClusterPlan plan = ClusterPlan.builder().addPending("gossip").build();

        assertThat(ClusterVerdict.converging(plan, 3, true, true).requeue()).isEqualTo(ClusterVerdict.PROGRESSING);
        assertThat(condition(ClusterVerdict.converging(plan, 3, true, true), Conditions.READY).reason()).isEqualTo("ScalingIn");
    }

    @Test
    void aBlockedPlanFailsAndIsDegradedWithTheBlockersKindAsItsReason() {
        ClusterPlan plan = ClusterPlan.builder()
                .addBlockers(new ClusterBlocker(ClusterBlocker.Kind.FOREIGN_DATA, "10.0.0.1:6379 holds keys of another cluster")).build();

        ClusterVerdict verdict = ClusterVerdict.blocked(plan);

        assertThat(verdict.state()).isEqualTo(RedisClusterState.Failed);
        assertThat(condition(verdict, Conditions.DEGRADED).holds()).isTrue();
        assertThat(condition(verdict, Conditions.READY).reason()).isEqualTo("ForeignData");
        assertThat(condition(verdict, Conditions.READY).message()).contains("another cluster");
    }

    @Test
    void missingPodsLeaveTheClusterInitializingAndNotReady() {
        ClusterVerdict verdict = ClusterVerdict.podsNotReady("5/6 pods ready", upToDate());

        assertThat(verdict.state()).isEqualTo(RedisClusterState.Initializing);
        assertThat(condition(verdict, Conditions.READY).reason()).isEqualTo("PodsNotReady");
    }
}
