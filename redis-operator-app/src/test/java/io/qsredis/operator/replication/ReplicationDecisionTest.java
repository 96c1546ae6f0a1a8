package io.qsredis.operator.replication;

import io.qsredis.operator.reconcile.ObservedPod;
import io.qsredis.operator.replication.ReplicationDecision.PauseWrites;
import io.qsredis.operator.replication.ReplicationDecision.Planned;
import io.qsredis.topology.Endpoint;
import io.qsredis.topology.replication.ObservedRedis;
import io.qsredis.topology.replication.ReplicationInfo;
import io.qsredis.topology.replication.ReplicationStep;
import io.qsredis.topology.sentinel.ObservedSentinel;
import io.qsredis.topology.sentinel.SentinelMasterView;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicationDecisionTest {

    private static Endpoint endpoint(int ordinal) {
        return new Endpoint("10.0.0." + (ordinal + 10), 6379);
    }

    private static ObservedPod pod(int ordinal, boolean ready) {
        return new ObservedPod("r-" + ordinal, "uid-" + ordinal, ordinal, Optional.of(endpoint(ordinal).host()), ready, 0, ready, Optional.empty(), false, Map.of(), Optional.empty());
    }

    private static ServerNode master(int ordinal, long offset, long keys, boolean restarted) {
        ReplicationInfo info = ReplicationInfo.builder().role(ReplicationInfo.Role.MASTER).offset(offset)
                .replicationId(restarted || offset < 100 ? "fresh" : "stream").build();
        return new ServerNode(pod(ordinal, true), ObservedRedis.builder().endpoint(endpoint(ordinal)).replication(info).keys(keys).build(), restarted);
    }

    private static ServerNode replica(int ordinal, int of, long offset, long keys) {
        ReplicationInfo info = ReplicationInfo.builder().role(ReplicationInfo.Role.REPLICA)
                .masterHost(endpoint(of).host()).masterPort(6379).offset(offset).replicationId("stream").build();
        return new ServerNode(pod(ordinal, true), ObservedRedis.builder().endpoint(endpoint(ordinal)).replication(info).keys(keys).build(), false);
    }

    private static ServerNode unreachable(int ordinal, boolean podReady, boolean restarted) {
        return new ServerNode(pod(ordinal, podReady), ObservedRedis.unreachable(endpoint(ordinal)), restarted);
    }

    private static ObservedSentinel sentinelNaming(int sentinel, Endpoint master) {
        return ObservedSentinel.builder()
                .endpoint(new Endpoint("10.0.1." + sentinel, 26379))
                .master(SentinelMasterView.builder().name("mymaster").address(master).flags(Set.of("master")).quorum(2)
                        .downAfterMillis(5000).failoverTimeoutMillis(10000).parallelSyncs(1).configEpoch(0).replicas(2).otherSentinels(2).build())
                .build();
    }

    @Test
    void doesNotFailOverAMasterThatOnlyTheOperatorCannotReachWhileItsPodIsReady() {
        ReplicationDecision decision = ReplicationDecision.decide(
                List.of(unreachable(0, true, false), replica(1, 0, 5_000, 100), replica(2, 0, 5_000, 100)), List.of(), "", 0, Optional.of("r-0"), false);

        assertThat(decision.steps()).isEmpty();
        assertThat(decision.withheld()).hasValueSatisfying(why -> assertThat(why).contains("r-0"));
        assertThat(decision.converged()).isFalse();
    }

    @Test
    void promotesAReplicaWhenTheMastersContainerDied() {
        ReplicationDecision decision = ReplicationDecision.decide(
                List.of(unreachable(0, false, true), replica(1, 0, 5_000, 100), replica(2, 0, 4_000, 100)), List.of(), "", 0, Optional.of("r-0"), false);

        assertThat(decision.master()).map(ServerNode::name).hasValue("r-1");
        assertThat(decision.steps()).first().isEqualTo(new Planned(new ReplicationStep.PromoteToMaster(endpoint(1))));
    }

    @Test
    void promotesAReplicaWhenTheMastersPodIsBeingDeletedThoughTheKubeletStillReportsItReady() {
        ObservedPod deleting = new ObservedPod("r-0", "uid-0", 0, Optional.of(endpoint(0).host()), true, 0, true, Optional.empty(), true, Map.of(),
                Optional.empty());
        ServerNode leaving = new ServerNode(deleting, ObservedRedis.unreachable(endpoint(0)), false);

        ReplicationDecision decision = ReplicationDecision.decide(
                List.of(leaving, replica(1, 0, 5_000, 100), replica(2, 0, 4_000, 100)), List.of(), "", 0, Optional.of("r-0"), false);

        assertThat(decision.withheld()).isEmpty();
        assertThat(decision.master()).map(ServerNode::name).hasValue("r-1");
    }

    @Test
    void pausesWritesOnAnEmptySentinelMasterBeforeAskingTheSentinelsToFailItOver() {
        List<ObservedSentinel> sentinels = List.of(sentinelNaming(1, endpoint(0)), sentinelNaming(2, endpoint(0)), sentinelNaming(3, endpoint(0)));
        ReplicationDecision decision = ReplicationDecision.decide(
                List.of(master(0, 0, 0, true), replica(1, 0, 5_000, 100), replica(2, 0, 5_000, 100)), sentinels, "mymaster", 3, Optional.of("r-0"), false);

        assertThat(decision.steps()).hasSize(2);
        assertThat(decision.steps().get(0)).isInstanceOfSatisfying(PauseWrites.class, pause -> assertThat(pause.node().name()).isEqualTo("r-0"));
        assertThat(decision.steps().get(1)).isInstanceOfSatisfying(Planned.class,
                planned -> assertThat(planned.step()).isInstanceOf(ReplicationStep.AskSentinelToFailOver.class));
    }

    @Test
    void recognisesAnEmptyMasterThatAlreadyTookAWriteByItsOffsetAndAsksForTheFailover() {
        List<ObservedSentinel> sentinels = List.of(sentinelNaming(1, endpoint(0)), sentinelNaming(2, endpoint(0)), sentinelNaming(3, endpoint(0)));
        ReplicationDecision decision = ReplicationDecision.decide(
                List.of(master(0, 40, 1, false), replica(1, 0, 5_000, 100), replica(2, 0, 5_000, 100)), sentinels, "mymaster", 3, Optional.of("r-0"), false);

        assertThat(decision.steps()).hasSize(2);
        assertThat(decision.steps().get(0)).isInstanceOf(PauseWrites.class);
        assertThat(decision.steps().get(1)).isEqualTo(new Planned(new ReplicationStep.AskSentinelToFailOver(new Endpoint("10.0.1.1", 26379), "mymaster")));
    }

    @Test
    void aReplicaReadAMomentAfterItsMasterIsNoSignOfAnEmptyMaster() {
        List<ObservedSentinel> sentinels = List.of(sentinelNaming(1, endpoint(0)), sentinelNaming(2, endpoint(0)), sentinelNaming(3, endpoint(0)));
        ReplicationDecision decision = ReplicationDecision.decide(
                List.of(master(0, 5_000, 100, false), replica(1, 0, 5_100, 100), replica(2, 0, 5_000, 100)), sentinels, "mymaster", 3, Optional.of("r-0"), false);

        assertThat(decision.steps()).isEmpty();
    }

    @Test
    void aFormerMasterAheadOnTheStreamItsSuccessorContinuedIsNoSignOfAnEmptyMaster() {
        // r-0 hung, Sentinel promoted r-1 (which continues r-0's stream "stream" as its replid2); r-0 resumed and was
        // re-pointed at r-1, but still reports its own stream, ahead by writes r-1 never got.
        ReplicationInfo promoted = ReplicationInfo.builder().role(ReplicationInfo.Role.MASTER).offset(5_000).replicationId("new")
                .previousReplicationId("stream").build();
        ServerNode successor = new ServerNode(pod(1, true), ObservedRedis.builder().endpoint(endpoint(1)).replication(promoted).keys(100).build(), false);
        List<ObservedSentinel> sentinels = List.of(sentinelNaming(1, endpoint(1)), sentinelNaming(2, endpoint(1)), sentinelNaming(3, endpoint(1)));

        ReplicationDecision decision = ReplicationDecision.decide(
                List.of(replica(0, 1, 5_200, 100), successor, replica(2, 1, 5_000, 100)), sentinels, "mymaster", 3, Optional.of("r-1"), false);

        assertThat(decision.steps()).noneMatch(PauseWrites.class::isInstance)
                .noneMatch(step -> step instanceof Planned planned && planned.step() instanceof ReplicationStep.AskSentinelToFailOver);
    }

    @Test
    void keepsPausingWritesOnTheEmptyMasterWhileTheSentinelsFailOver() {
        List<ObservedSentinel> sentinels = List.of(sentinelNaming(1, endpoint(0)), sentinelNaming(2, endpoint(0)), failingOver(3, endpoint(0)));
        ReplicationDecision decision = ReplicationDecision.decide(
                List.of(master(0, 0, 0, false), replica(1, 0, 5_000, 100), replica(2, 0, 5_000, 100)), sentinels, "mymaster", 3, Optional.of("r-0"), false);

        assertThat(decision.steps()).singleElement().isInstanceOf(PauseWrites.class);
    }

    private static ObservedSentinel failingOver(int sentinel, Endpoint master) {
        ObservedSentinel plain = sentinelNaming(sentinel, master);
        return ObservedSentinel.builder().from(plain)
                .master(SentinelMasterView.builder().from(plain.master().orElseThrow()).flags(Set.of("master", "failover_in_progress")).build())
                .build();
    }

    @Test
    void followsTheSentinelMajorityAndPointsARestartedServerAtItsMaster() {
        List<ObservedSentinel> sentinels = List.of(sentinelNaming(1, endpoint(1)), sentinelNaming(2, endpoint(1)), sentinelNaming(3, endpoint(1)));
        ReplicationDecision decision = ReplicationDecision.decide(
                List.of(master(0, 0, 0, true), master(1, 7_000, 100, false), replica(2, 1, 7_000, 100)), sentinels, "mymaster", 3, Optional.of("r-0"), false);

        assertThat(decision.master()).map(ServerNode::name).hasValue("r-1");
        assertThat(decision.steps()).containsExactly(new Planned(new ReplicationStep.ReplicaOf(endpoint(0), endpoint(1))));
    }
}
