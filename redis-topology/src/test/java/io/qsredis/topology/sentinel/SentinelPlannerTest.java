package io.qsredis.topology.sentinel;

import io.qsredis.topology.Endpoint;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SentinelPlannerTest {

    static final Endpoint A = new Endpoint("10.0.0.1", 6379);
    static final Endpoint B = new Endpoint("10.0.0.2", 6379);

    static Endpoint sentinelAt(int i) {
        return new Endpoint("10.0.1." + i, 26379);
    }

    /** Sentinel i, monitoring mymaster at {@code master} with quorum 2, knowing the given peer sentinels. */
    static ObservedSentinel sentinel(int i, Endpoint master, String flags, List<Endpoint> peers) {
        return ObservedSentinel.builder()
                .endpoint(sentinelAt(i))
                .master(SentinelMasterView.parse(SentinelViewsTest.master(master.host(), master.port(), flags)))
                .sentinels(peers.stream().map(p -> new SentinelPeerView(p, Set.of("sentinel"), 0)).toList())
                .build();
    }

    static ObservedSentinel sentinel(int i, Endpoint master) {
        List<Endpoint> peers = IntStream.rangeClosed(1, 3).filter(j -> j != i).mapToObj(SentinelPlannerTest::sentinelAt).toList();
        return sentinel(i, master, "master", peers);
    }

    static SentinelMonitor monitor(Endpoint master) {
        return SentinelMonitor.builder().masterName("mymaster").master(master).quorum(2).downAfterMillis(5000).failoverTimeoutMillis(10000).build();
    }

    static ObservedSentinel knowingReplica(int i, Endpoint master, Endpoint replica, String flags) {
        return ObservedSentinel.builder().from(sentinel(i, master))
                .replicas(List.of(new SentinelPeerView(replica, Set.of(flags.split(",")), 0)))
                .build();
    }

    @Test
    void aSentinelKnowingAnUpReplicaAtALiveAddressCanFailItsMasterOver() {
        assertThat(SentinelPlanner.knowsALiveReplica(List.of(sentinel(1, A), knowingReplica(2, A, B, "slave")), A, Set.of(B))).isTrue();
    }

    @Test
    void replicasKnownOnlyAtGoneAddressesOrDownLeaveSentinelNothingToPromote() {
        Endpoint elsewhere = new Endpoint("10.0.0.9", 6379);

        assertThat(SentinelPlanner.knowsALiveReplica(List.of(knowingReplica(1, A, B, "slave")), A, Set.of(elsewhere))).isFalse();
        assertThat(SentinelPlanner.knowsALiveReplica(List.of(knowingReplica(1, A, B, "slave,s_down")), A, Set.of(B))).isFalse();
        assertThat(SentinelPlanner.knowsALiveReplica(List.of(knowingReplica(1, elsewhere, B, "slave")), A, Set.of(B)))
                .as("a Sentinel monitoring another master").isFalse();
    }

    @Test
    void quorumIsAMajority() {
        assertThat(SentinelPlanner.quorum(3).value()).isEqualTo(2);
        assertThat(SentinelPlanner.quorum(5).value()).isEqualTo(3);
        assertThat(SentinelPlanner.quorum(3).warnings()).isEmpty();
    }

    @Test
    void anEvenCountIsAcceptedWithAWarning() {
        SentinelPlanner.Quorum quorum = SentinelPlanner.quorum(4);

        assertThat(quorum.value()).isEqualTo(3);
        assertThat(quorum.warnings()).singleElement().asString().contains("odd count");
    }

    @Test
    void aQuorumBelowTheMajorityIsAcceptedWithAWarningAndAnImpossibleOneIsRefused() {
        assertThat(SentinelPlanner.quorum(5, 2).warnings()).anyMatch(w -> w.contains("below the majority of 3"));
        assertThatThrownBy(() -> SentinelPlanner.quorum(3, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SentinelPlanner.quorum(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHealthyGroupGetsNoStepAtAll() {
        List<ObservedSentinel> sentinels = List.of(sentinel(1, A), sentinel(2, A), sentinel(3, A));

        SentinelPlan plan = SentinelPlanner.plan(sentinels, monitor(A));

        assertThat(plan.healthy()).isTrue();
        assertThat(plan.steps()).isEmpty();
    }

    @Test
    void aNewSentinelIsPointedAtTheMasterTheMajorityNamesEvenIfAskedForAnother() {
        List<ObservedSentinel> sentinels = List.of(sentinel(1, A), sentinel(2, A), ObservedSentinel.builder().endpoint(sentinelAt(3)).build());

        SentinelPlan plan = SentinelPlanner.plan(sentinels, monitor(B));

        assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(SentinelStep.Monitor.class, m -> {
            assertThat(m.sentinel()).isEqualTo(sentinelAt(3));
            assertThat(m.monitor().master()).isEqualTo(A);
        });
    }

    @Test
    void aStaleMinoritySentinelIsRepointedByRemoveAndMonitorNeverByReset() {
        List<ObservedSentinel> sentinels = List.of(sentinel(1, A), sentinel(2, A), sentinel(3, B));

        SentinelPlan plan = SentinelPlanner.plan(sentinels, monitor(A));

        assertThat(plan.steps()).containsExactly(
                new SentinelStep.Remove(sentinelAt(3), "mymaster"),
                new SentinelStep.Monitor(sentinelAt(3), monitor(A)));
    }

    @Test
    void withoutAMajorityTheSentinelsArePointedAtTheDesiredMaster() {
        List<ObservedSentinel> sentinels = List.of(sentinel(1, B), ObservedSentinel.unreachable(sentinelAt(2)), ObservedSentinel.unreachable(sentinelAt(3)));

        SentinelPlan plan = SentinelPlanner.plan(sentinels, monitor(A));

        assertThat(plan.healthy()).isFalse();
        assertThat(plan.steps()).extracting(SentinelStep::sentinel).containsOnly(sentinelAt(1));
        assertThat(plan.pending()).hasSize(2);
    }

    @Test
    void differentSettingsAreSetOneByOne() {
        ObservedSentinel tuned = sentinel(1, A);
        List<ObservedSentinel> sentinels = List.of(tuned, sentinel(2, A), sentinel(3, A));
        SentinelMonitor desired = SentinelMonitor.builder().from(monitor(A)).downAfterMillis(3000).parallelSyncs(2).build();

        SentinelPlan plan = SentinelPlanner.plan(sentinels, desired);

        assertThat(plan.steps()).filteredOn(s -> s.sentinel().equals(sentinelAt(1))).containsExactly(
                new SentinelStep.Set(sentinelAt(1), "mymaster", "down-after-milliseconds", "3000"),
                new SentinelStep.Set(sentinelAt(1), "mymaster", "parallel-syncs", "2"));
    }

    @Test
    void nothingIsTouchedDuringAFailover() {
        List<ObservedSentinel> sentinels = List.of(
                sentinel(1, A, "master,o_down,failover_in_progress", List.of(sentinelAt(2), sentinelAt(3))),
                sentinel(2, A), sentinel(3, B));

        SentinelPlan plan = SentinelPlanner.plan(sentinels, monitor(A));

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.pending()).anyMatch(p -> p.contains("failover"));
    }

    @Test
    void aSentinelCountingAGoneSentinelIsResetWhileTheOthersKeepAMajority() {
        Endpoint gone = new Endpoint("10.0.9.9", 26379);
        List<ObservedSentinel> sentinels = List.of(
                sentinel(1, A, "master", List.of(sentinelAt(2), sentinelAt(3), gone)),
                sentinel(2, A), sentinel(3, A));

        SentinelPlan plan = SentinelPlanner.plan(sentinels, monitor(A));

        assertThat(plan.healthy()).isFalse();
        assertThat(plan.steps()).containsExactly(new SentinelStep.Reset(sentinelAt(1), "mymaster"));
    }

    @Test
    void noResetWhenTheOthersWouldNotKeepAMajority() {
        Endpoint gone = new Endpoint("10.0.9.9", 26379);
        List<ObservedSentinel> sentinels = List.of(
                sentinel(1, A, "master", List.of(sentinelAt(2), sentinelAt(3), gone)),
                sentinel(2, A), ObservedSentinel.unreachable(sentinelAt(3)));

        SentinelPlan plan = SentinelPlanner.plan(sentinels, monitor(A));

        assertThat(plan.steps()).noneMatch(SentinelStep.Reset.class::isInstance);
    }
}
