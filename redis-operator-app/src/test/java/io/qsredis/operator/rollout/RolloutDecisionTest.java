package io.qsredis.operator.rollout;

import io.qsredis.operator.rollout.RolloutMember.Role;
import io.qsredis.renderer.impact.RestartReason;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutDecisionTest {
    private static final Set<RestartReason> IMAGE = Set.of(RestartReason.IMAGE_CHANGED);

    @Test
    void podsOnTheDesiredRevisionNeedNothing() {
        RolloutDecision decision = decide(List.of(member(0, Role.PRIMARY, Set.of()), member(1, Role.REPLICA, Set.of())));
        assertThat(decision.upToDate()).isTrue();
        assertThat(decision.step()).isEmpty();
        assertThat(decision.progress()).isEqualTo("2/2 pods on the new revision");
    }

    @Test
    void replicasRestartFirstHighestOrdinalFirst() {
        RolloutDecision decision = decide(List.of(member(0, Role.PRIMARY, IMAGE), member(1, Role.REPLICA, IMAGE), member(2, Role.REPLICA, IMAGE)));
        assertThat(decision.step()).containsInstanceOf(RolloutDecision.Restart.class);
        assertThat(decision.step().get().pod().name()).isEqualTo("r-2");
        assertThat(decision.progress()).startsWith("0/3 pods on the new revision; restarting r-2 (a container image changed)");
    }

    @Test
    void thePrimaryHandsOverOnceEveryReplicaRunsTheDesiredRevision() {
        RolloutDecision decision = decide(List.of(member(0, Role.PRIMARY, IMAGE), member(1, Role.REPLICA, Set.of()), member(2, Role.REPLICA, Set.of())));
        assertThat(decision.step()).containsInstanceOf(RolloutDecision.HandOver.class);
        assertThat(decision.step().get().pod().name()).isEqualTo("r-0");
    }

    @Test
    void aPodNobodyCanTakeOverFromRestartsLast() {
        RolloutDecision decision = decide(List.of(member(0, Role.ALONE, IMAGE), member(1, Role.PRIMARY, IMAGE)));
        assertThat(decision.step()).containsInstanceOf(RolloutDecision.HandOver.class);
        assertThat(decision.step().get().pod().name()).isEqualTo("r-1");
        RolloutDecision alone = decide(List.of(member(0, Role.ALONE, IMAGE)));
        assertThat(alone.step()).containsInstanceOf(RolloutDecision.Restart.class);
    }

    @Test
    void nothingRestartsWhileAPodIsNotCaughtUp() {
        RolloutMember syncing = new RolloutMember("r-1", "uid-1", 1, Role.REPLICA, true, Optional.of("r-1 has not caught up"), Set.of());
        RolloutDecision decision = decide(List.of(member(0, Role.PRIMARY, IMAGE), syncing, member(2, Role.REPLICA, IMAGE)));
        assertThat(decision.step()).isEmpty();
        assertThat(decision.waiting()).contains("r-1 has not caught up");
        assertThat(decision.upToDate()).isFalse();
    }

    @Test
    void nothingRestartsWhileTheReconcilerHoldsBack() {
        RolloutDecision decision = RolloutDecision.decide(List.of(member(1, Role.REPLICA, IMAGE)), Optional.of("a failover is under way"), Set.of(), true);
        assertThat(decision.step()).isEmpty();
        assertThat(decision.progress()).isEqualTo("0/1 pods on the new revision; waiting: a failover is under way");
    }

    @Test
    void aPodJustDeletedIsWaitedForEvenWhileTheCacheStillListsItReady() {
        RolloutDecision decision = RolloutDecision.decide(List.of(member(1, Role.REPLICA, IMAGE), member(2, Role.REPLICA, IMAGE)),
                Optional.empty(), Set.of("uid-2"), true);
        assertThat(decision.step()).isEmpty();
        assertThat(decision.waiting()).contains("r-2 is restarting");
    }

    @Test
    void aBrokenPodOfAnOlderRevisionRestartsEvenThoughItIsUnsettled() {
        RolloutMember broken = new RolloutMember("r-1", "uid-1", 1, Role.REPLICA, false, Optional.of("r-1 is not ready"), IMAGE);
        RolloutDecision decision = RolloutDecision.decide(List.of(member(0, Role.PRIMARY, IMAGE), broken, member(2, Role.REPLICA, IMAGE)),
                Optional.of("the replication is converging"), Set.of(), true);
        assertThat(decision.step()).containsInstanceOf(RolloutDecision.Restart.class);
        assertThat(decision.step().get().pod().name()).isEqualTo("r-1");
    }

    @Test
    void aSecondPodDownStopsEvenTheBrokenPodRule() {
        RolloutMember broken = new RolloutMember("r-1", "uid-1", 1, Role.REPLICA, false, Optional.of("r-1 is not ready"), IMAGE);
        RolloutMember down = new RolloutMember("r-2", "uid-2", 2, Role.REPLICA, false, Optional.of("r-2 is not ready"), Set.of());
        assertThat(decide(List.of(member(0, Role.PRIMARY, IMAGE), broken, down)).step()).isEmpty();
    }

    @Test
    void theStatefulSetsOwnRollingUpdateIsOnlyReported() {
        RolloutDecision decision = RolloutDecision.decide(List.of(member(1, Role.REPLICA, IMAGE)), Optional.empty(), Set.of(), false);
        assertThat(decision.step()).isEmpty();
        assertThat(decision.waiting()).contains("the StatefulSet's RollingUpdate strategy restarts the pods");
    }

    private static RolloutDecision decide(List<RolloutMember> members) {
        return RolloutDecision.decide(members, Optional.empty(), Set.of(), true);
    }

    private static RolloutMember member(int ordinal, Role role, Set<RestartReason> reasons) {
        return new RolloutMember("r-" + ordinal, "uid-" + ordinal, ordinal, role, true, Optional.empty(), reasons);
    }
}
