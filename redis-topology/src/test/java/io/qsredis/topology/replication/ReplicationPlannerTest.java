package io.qsredis.topology.replication;

import io.qsredis.topology.Endpoint;
import io.qsredis.topology.sentinel.ObservedSentinel;
import io.qsredis.topology.sentinel.SentinelMasterView;
import io.qsredis.topology.sentinel.SentinelPeerView;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicationPlannerTest {

    static final Endpoint A = new Endpoint("10.0.0.1", 6379);
    static final Endpoint B = new Endpoint("10.0.0.2", 6379);
    static final Endpoint C = new Endpoint("10.0.0.3", 6379);

    static ObservedRedis master(Endpoint at, long offset, long keys) {
        return ObservedRedis.builder().endpoint(at).keys(keys)
                .replication(ReplicationInfo.builder().role(ReplicationInfo.Role.MASTER).offset(offset).build())
                .build();
    }

    static ObservedRedis replica(Endpoint at, Endpoint of, long offset, long keys) {
        return ObservedRedis.builder().endpoint(at).keys(keys)
                .replication(ReplicationInfo.builder().role(ReplicationInfo.Role.REPLICA).masterHost(of.host()).masterPort(of.port())
                        .masterLinkUp(true).offset(offset).build())
                .build();
    }

    static ObservedSentinel sentinelSaying(int i, Endpoint master, String flags) {
        return ObservedSentinel.builder()
                .endpoint(new Endpoint("10.0.1." + i, 26379))
                .master(SentinelMasterView.parse(Map.of("name", "mymaster", "ip", master.host(), "port", Integer.toString(master.port()),
                        "flags", flags, "quorum", "2")))
                .build();
    }

    @Test
    void sentinelsMajorityIsTheMasterEvenWhenAnotherNodeHasAHigherOffset() {
        List<ObservedRedis> nodes = List.of(master(A, 100, 10), replica(B, A, 90, 10), master(C, 500, 10));
        List<ObservedSentinel> sentinels = List.of(sentinelSaying(1, A, "master"), sentinelSaying(2, A, "master"), sentinelSaying(3, C, "master"));

        ReplicationPlan plan = ReplicationPlanner.plan(nodes, sentinels, "mymaster", 3);

        assertThat(plan.master()).contains(A);
        assertThat(plan.authority()).isEqualTo(ReplicationPlan.Authority.SENTINEL_MAJORITY);
        assertThat(plan.steps()).containsExactly(new ReplicationStep.ReplicaOf(C, A));
    }

    @Test
    void withoutASentinelMajorityTheHighestOffsetWinsAndIsPromoted() {
        List<ObservedRedis> nodes = List.of(ObservedRedis.unreachable(A), replica(B, A, 120, 10), replica(C, A, 100, 10));
        List<ObservedSentinel> sentinels = List.of(sentinelSaying(1, A, "master,s_down"), ObservedSentinel.unreachable(new Endpoint("10.0.1.2", 26379)),
                ObservedSentinel.unreachable(new Endpoint("10.0.1.3", 26379)));

        ReplicationPlan plan = ReplicationPlanner.plan(nodes, sentinels, "mymaster", 3);

        assertThat(plan.master()).contains(B);
        assertThat(plan.authority()).isEqualTo(ReplicationPlan.Authority.HIGHEST_OFFSET);
        assertThat(plan.steps()).containsExactly(new ReplicationStep.PromoteToMaster(B), new ReplicationStep.ReplicaOf(C, B));
    }

    @Test
    void anEmptyRestartedNodeIsNeverChosenWhileAnotherHoldsData() {
        List<ObservedRedis> nodes = List.of(master(A, 900, 0), replica(B, A, 300, 5000));

        ReplicationPlan plan = ReplicationPlanner.plan(nodes, List.of(), "mymaster", 0);

        assertThat(plan.master()).contains(B);
        assertThat(plan.steps()).containsExactly(new ReplicationStep.PromoteToMaster(B), new ReplicationStep.ReplicaOf(A, B));
    }

    @Test
    void whenSentinelNamesAnEmptyRestartedMasterSentinelIsAskedToFailOverAndNoReplicaIsRepointed() {
        List<ObservedRedis> nodes = List.of(master(A, 0, 0), replica(B, A, 300, 5000), master(C, 0, 0));
        List<ObservedSentinel> sentinels = List.of(sentinelSaying(1, A, "master"), sentinelSaying(2, A, "master"), sentinelSaying(3, A, "master"));

        ReplicationPlan plan = ReplicationPlanner.plan(nodes, sentinels, "mymaster", 3);

        assertThat(plan.master()).contains(A);
        assertThat(plan.steps()).containsExactly(new ReplicationStep.AskSentinelToFailOver(new Endpoint("10.0.1.1", 26379), "mymaster"));
        assertThat(plan.warnings()).singleElement().asString().contains("restarted empty");
    }

    static final Endpoint NOWHERE = new Endpoint("127.0.0.1", 1);

    static ObservedRedis restartedAsReplicaOfNothing(Endpoint at, long keys) {
        return ObservedRedis.builder().endpoint(at).keys(keys)
                .replication(ReplicationInfo.builder().role(ReplicationInfo.Role.REPLICA).masterHost(NOWHERE.host()).masterPort(NOWHERE.port())
                        .masterLinkUp(false).offset(0).build())
                .build();
    }

    @Test
    void whenSentinelNamesAMasterThatRestartedAsAReplicaOfNothingSentinelIsAskedToFailOverToAReplicaWithData() {
        List<ObservedRedis> nodes = List.of(restartedAsReplicaOfNothing(A, 0), replica(B, A, 300, 5000), replica(C, A, 290, 5000));
        List<ObservedSentinel> sentinels = List.of(sentinelSaying(1, A, "master"), sentinelSaying(2, A, "master"), sentinelSaying(3, A, "master"));

        ReplicationPlan plan = ReplicationPlanner.plan(nodes, sentinels, "mymaster", 3);

        assertThat(plan.master()).contains(A);
        assertThat(plan.steps()).containsExactly(new ReplicationStep.AskSentinelToFailOver(new Endpoint("10.0.1.1", 26379), "mymaster"));
        assertThat(plan.warnings()).singleElement().asString().contains("replica of nothing");
    }

    @Test
    void whenSentinelNamesAMasterThatRestartedAsAReplicaOfNothingAndNobodyElseHoldsDataItIsPromotedBack() {
        List<ObservedRedis> nodes = List.of(restartedAsReplicaOfNothing(A, 700));
        List<ObservedSentinel> sentinels = List.of(sentinelSaying(1, A, "master"), sentinelSaying(2, A, "master"), sentinelSaying(3, A, "master"));

        ReplicationPlan plan = ReplicationPlanner.plan(nodes, sentinels, "mymaster", 3);

        assertThat(plan.steps()).containsExactly(new ReplicationStep.PromoteToMaster(A));
    }

    @Test
    void serversThatStartedAsReplicasOfNothingGetOneMasterAndTheOthersFollowIt() {
        List<ObservedRedis> nodes = List.of(restartedAsReplicaOfNothing(A, 0), restartedAsReplicaOfNothing(B, 0), restartedAsReplicaOfNothing(C, 0));

        ReplicationPlan plan = ReplicationPlanner.plan(nodes, List.of(), "mymaster", 0);

        assertThat(plan.master()).contains(A);
        assertThat(plan.steps()).containsExactly(new ReplicationStep.PromoteToMaster(A), new ReplicationStep.ReplicaOf(B, A),
                new ReplicationStep.ReplicaOf(C, A));
    }

    @Test
    void nothingIsPlannedWhileSentinelFailsOver() {
        List<ObservedRedis> nodes = List.of(replica(B, A, 300, 10), replica(C, A, 200, 10));
        List<ObservedSentinel> sentinels = List.of(sentinelSaying(1, A, "master,o_down,failover_in_progress"),
                sentinelSaying(2, A, "master,o_down"), sentinelSaying(3, A, "master,o_down"));

        ReplicationPlan plan = ReplicationPlanner.plan(nodes, sentinels, "mymaster", 3);

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.pending()).singleElement().asString().contains("failing mymaster over");
    }

    @Test
    void aReplicaWithPriorityZeroIsPromotedOnlyWhenNoOtherCanBe() {
        ObservedRedis neverPromote = ObservedRedis.builder().endpoint(B).keys(10)
                .replication(ReplicationInfo.builder().role(ReplicationInfo.Role.REPLICA).masterHost(A.host()).masterPort(A.port())
                        .offset(500).replicaPriority(0).build())
                .build();

        ReplicationPlan withOther = ReplicationPlanner.plan(List.of(neverPromote, replica(C, A, 100, 10)), List.of(), "mymaster", 0);
        ReplicationPlan alone = ReplicationPlanner.plan(List.of(neverPromote), List.of(), "mymaster", 0);

        assertThat(withOther.master()).contains(C);
        assertThat(alone.master()).contains(B);
    }

    @Test
    void noNodeReachableMeansNoMaster() {
        ReplicationPlan plan = ReplicationPlanner.plan(List.of(ObservedRedis.unreachable(A)), List.of(), "mymaster", 0);

        assertThat(plan.master()).isEmpty();
        assertThat(plan.authority()).isEqualTo(ReplicationPlan.Authority.NONE);
    }

    static ObservedSentinel sentinelKnowing(int i, Endpoint master, Endpoint... replicas) {
        ObservedSentinel base = sentinelSaying(i, master, "master,s_down");
        return ObservedSentinel.builder().from(base)
                .replicas(java.util.Arrays.stream(replicas).map(r -> new SentinelPeerView(r, java.util.Set.of("slave"), 0)).toList())
                .build();
    }

    @Test
    void sentinelsThatKnowALiveReplicaOfTheirGoneMasterAreLeftToFailItOver() {
        List<ObservedRedis> nodes = List.of(ObservedRedis.unreachable(A), replica(B, A, 120, 10), replica(C, A, 100, 10));
        List<ObservedSentinel> sentinels = List.of(sentinelKnowing(1, A, B, C), sentinelKnowing(2, A, B, C), sentinelKnowing(3, A, B, C));

        ReplicationPlan plan = ReplicationPlanner.plan(nodes, sentinels, "mymaster", 3);

        assertThat(plan.authority()).isEqualTo(ReplicationPlan.Authority.SENTINEL_MAJORITY);
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.pending()).isNotEmpty();
    }

    @Test
    void sentinelsThatKnowOnlyOldAddressesOfTheirGoneMasterAreTakenOverByTheHighestOffset() {
        Endpoint oldB = new Endpoint("10.0.0.8", 6379);
        Endpoint oldC = new Endpoint("10.0.0.9", 6379);
        // Every pod restarted at a new address, as a replica of nothing; the Sentinels know only the old addresses.
        List<ObservedRedis> nodes = List.of(replica(A, new Endpoint("127.0.0.1", 1), 300, 10), replica(B, new Endpoint("127.0.0.1", 1), 500, 10),
                replica(C, new Endpoint("127.0.0.1", 1), 400, 10));
        Endpoint oldMaster = new Endpoint("10.0.0.7", 6379);
        List<ObservedSentinel> sentinels = List.of(sentinelKnowing(1, oldMaster, oldB, oldC), sentinelKnowing(2, oldMaster, oldB, oldC),
                sentinelKnowing(3, oldMaster, oldB, oldC));

        ReplicationPlan plan = ReplicationPlanner.plan(nodes, sentinels, "mymaster", 3);

        assertThat(plan.authority()).isEqualTo(ReplicationPlan.Authority.TAKEN_OVER);
        assertThat(plan.master()).contains(B);
        assertThat(plan.steps()).startsWith(new ReplicationStep.PromoteToMaster(B))
                .contains(new ReplicationStep.ReplicaOf(A, B), new ReplicationStep.ReplicaOf(C, B));
    }

    @Test
    void sentinelsThatAllRefusedToFailOverTheirGoneMasterAreTakenOver() {
        List<ObservedRedis> nodes = List.of(ObservedRedis.unreachable(A), replica(B, A, 120, 10), replica(C, A, 100, 10));
        List<ObservedSentinel> sentinels = List.of(sentinelKnowing(1, A, B, C), sentinelKnowing(2, A, B, C), sentinelKnowing(3, A, B, C));

        ReplicationPlan plan = ReplicationPlanner.plan(nodes, sentinels, "mymaster", 3, true);

        assertThat(plan.authority()).isEqualTo(ReplicationPlan.Authority.TAKEN_OVER);
        assertThat(plan.steps()).startsWith(new ReplicationStep.PromoteToMaster(B));
    }
}
