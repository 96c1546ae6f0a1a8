package io.qsredis.operator.replication;

import io.qsredis.operator.reconcile.ObservedPod;
import io.qsredis.operator.replication.MasterChoice.Plan;
import io.qsredis.operator.replication.MasterChoice.Promote;
import io.qsredis.operator.replication.MasterChoice.Reason;
import io.qsredis.operator.replication.MasterChoice.Replicate;
import io.qsredis.operator.replication.MasterChoice.SentinelView;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MasterChoiceTest {
    private static final int PORT = 6379;

    private static String ip(int ordinal) {
        return "10.0.0." + (ordinal + 10);
    }

    private static ObservedPod pod(int ordinal, boolean ready) {
        return new ObservedPod("r-" + ordinal, "uid-" + ordinal, ordinal, Optional.of(ip(ordinal)), ready, 0, ready, Optional.empty(), false);
    }

    private static ServerNode master(int ordinal, long offset, int replicas) {
        return new ServerNode(pod(ordinal, true), Optional.of(new InfoReplication(true, Optional.empty(), Optional.empty(), false, "id", offset, replicas)), false);
    }

    private static ServerNode replica(int ordinal, int of, long offset, boolean linkUp) {
        return new ServerNode(pod(ordinal, true),
                Optional.of(new InfoReplication(false, Optional.of(ip(of)), Optional.of(PORT), linkUp, "id", offset, 0)), false);
    }

    private static ServerNode restarted(ServerNode node) {
        return new ServerNode(node.pod(), node.info(), true);
    }

    private static ServerNode down(int ordinal) {
        return new ServerNode(pod(ordinal, false), Optional.empty(), true);
    }

    private static Plan plan(List<ServerNode> nodes, String previous, boolean persistence) {
        return MasterChoice.plan(nodes, Optional.ofNullable(previous), Optional.empty(), persistence, PORT);
    }

    private static List<String> steps(Plan plan) {
        return plan.steps().stream().map(step -> step instanceof Promote p ? "promote " + p.node().name()
                : step instanceof Replicate r ? "replicate " + r.node().name() + " from " + r.master().name()
                : "pause writes on " + step.node().name()).toList();
    }

    @Test
    void onAFirstStartTheFirstPodBecomesMasterAndTheOthersReplicateIt() {
        Plan plan = plan(List.of(master(2, 0, 0), master(0, 0, 0), master(1, 0, 0)), null, false);

        assertThat(plan.master()).map(ServerNode::name).hasValue("r-0");
        assertThat(plan.reason()).isEqualTo(Reason.FIRST_START);
        assertThat(steps(plan)).containsExactly("replicate r-1 from r-0", "replicate r-2 from r-0");
    }

    @Test
    void keepsAServingMasterAndPointsAReplicaThatCameBackAsAnEmptyMasterAtIt() {
        Plan plan = plan(List.of(master(0, 5_000, 1), replica(1, 0, 5_000, true), restarted(master(2, 0, 0))), "r-0", false);

        assertThat(plan.master()).map(ServerNode::name).hasValue("r-0");
        assertThat(plan.reason()).isEqualTo(Reason.KEPT);
        assertThat(steps(plan)).containsExactly("replicate r-2 from r-0");
    }

    @Test
    void neverLetsAMasterThatRestartedWithoutItsDataBeTheSourceAndPromotesTheReplicaHoldingTheMost() {
        Plan plan = plan(List.of(restarted(master(0, 0, 2)), replica(1, 0, 4_900, false), replica(2, 0, 5_000, false)), "r-0", false);

        assertThat(plan.master()).map(ServerNode::name).hasValue("r-2");
        assertThat(plan.reason()).isEqualTo(Reason.PROMOTED_AFTER_EMPTY_RESTART);
        assertThat(steps(plan)).containsExactly("promote r-2", "replicate r-0 from r-2", "replicate r-1 from r-2");
    }

    @Test
    void recognisesAnEmptyMasterByItsOffsetWhenItsRestartWentUnseen() {
        Plan plan = plan(List.of(master(0, 0, 2), replica(1, 0, 5_000, false), replica(2, 0, 5_000, false)), "r-0", true);

        assertThat(plan.master()).map(ServerNode::name).hasValue("r-1");
        assertThat(steps(plan)).containsExactly("promote r-1", "replicate r-0 from r-1", "replicate r-2 from r-1");
    }

    @Test
    void keepsAMasterThatRestartedWithItsDataWhenPersistenceIsOn() {
        Plan plan = plan(List.of(restarted(master(0, 5_000, 2)), replica(1, 0, 5_000, true), replica(2, 0, 5_000, true)), "r-0", true);

        assertThat(plan.master()).map(ServerNode::name).hasValue("r-0");
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.converged()).isTrue();
    }

    @Test
    void promotesTheBestReplicaWhenTheMastersContainerDied() {
        Plan plan = plan(List.of(down(0), replica(1, 0, 5_000, false), replica(2, 0, 4_000, false)), "r-0", false);

        assertThat(plan.master()).map(ServerNode::name).hasValue("r-1");
        assertThat(plan.reason()).isEqualTo(Reason.PROMOTED_AFTER_MASTER_DOWN);
        assertThat(steps(plan)).containsExactly("promote r-1", "replicate r-2 from r-1");
    }

    @Test
    void doesNotFailOverAMasterThatIsOnlyUnreachableFromTheOperatorWhileItsPodIsReady() {
        ServerNode unreachable = new ServerNode(pod(0, true), Optional.empty(), false);
        Plan plan = plan(List.of(unreachable, replica(1, 0, 5_000, true), replica(2, 0, 5_000, true)), "r-0", false);

        assertThat(plan.master()).isEmpty();
        assertThat(plan.reason()).isEqualTo(Reason.WAITING);
        assertThat(plan.steps()).isEmpty();
    }

    @Test
    void adoptsAMasterThatWasChosenWhileTheOperatorWasAway() {
        Plan plan = plan(List.of(replica(0, 1, 7_000, true), master(1, 7_000, 2), replica(2, 1, 7_000, true)), "r-0", false);

        assertThat(plan.master()).map(ServerNode::name).hasValue("r-1");
        assertThat(plan.reason()).isEqualTo(Reason.ADOPTED);
        assertThat(plan.steps()).isEmpty();
    }

    @Test
    void followsTheSentinelMajorityAndOnlyPointsServersThatFollowSomeoneElse() {
        Plan plan = MasterChoice.plan(List.of(replica(0, 1, 7_000, true), master(1, 7_000, 1), master(2, 0, 0)), Optional.of("r-0"),
                Optional.of(new SentinelView(Optional.of(ip(1)), false)), false, PORT);

        assertThat(plan.master()).map(ServerNode::name).hasValue("r-1");
        assertThat(plan.reason()).isEqualTo(Reason.FOLLOWED_SENTINEL);
        assertThat(steps(plan)).containsExactly("replicate r-2 from r-1");
    }

    @Test
    void pausesWritesOnASentinelMasterThatCameBackEmptyAndTouchesNothingElse() {
        Plan plan = MasterChoice.plan(List.of(restarted(master(0, 0, 0)), replica(1, 0, 7_000, false), replica(2, 0, 7_000, false)),
                Optional.of("r-0"), Optional.of(new SentinelView(Optional.of(ip(0)), false)), false, PORT);

        assertThat(plan.reason()).isEqualTo(Reason.SENTINEL_MASTER_CAME_BACK_EMPTY);
        assertThat(plan.steps()).singleElement().isInstanceOf(MasterChoice.PauseWrites.class);
        assertThat(plan.steps().get(0).node().name()).isEqualTo("r-0");
        assertThat(plan.converged()).isFalse();
    }

    @Test
    void pausesWritesOnAnEmptySentinelMasterEvenWhileTheSentinelsFailOver() {
        Plan plan = MasterChoice.plan(List.of(restarted(master(0, 0, 0)), replica(1, 0, 7_000, false), replica(2, 0, 7_000, false)),
                Optional.of("r-0"), Optional.of(new SentinelView(Optional.of(ip(0)), true)), false, PORT);

        assertThat(steps(plan)).containsExactly("pause writes on r-0");
    }

    @Test
    void touchesNothingWhileTheSentinelsFailOver() {
        Plan plan = MasterChoice.plan(List.of(master(0, 5_000, 0), master(1, 7_000, 0), replica(2, 0, 7_000, false)), Optional.of("r-0"),
                Optional.of(new SentinelView(Optional.of(ip(0)), true)), false, PORT);

        assertThat(plan.reason()).isEqualTo(Reason.SENTINEL_FAILOVER_IN_PROGRESS);
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.converged()).isFalse();
    }
}
