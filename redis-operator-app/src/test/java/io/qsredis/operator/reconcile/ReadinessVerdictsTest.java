package io.qsredis.operator.reconcile;

import io.qsredis.operator.kube.Conditions;
import io.qsredis.operator.kube.Conditions.Verdict;
import io.qsredis.operator.replication.ReplicationDecision;
import io.qsredis.operator.replication.ServerNode;
import io.qsredis.operator.replication.ServerObserver;
import io.qsredis.topology.Endpoint;
import io.qsredis.topology.replication.ObservedRedis;
import io.qsredis.topology.replication.ReplicationInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Ready means usable: each kind's verdict holds Ready only when the shape serves as promised. */
class ReadinessVerdictsTest {

    private static Endpoint endpoint(int ordinal) {
        return new Endpoint("10.0.0." + (ordinal + 10), 6379);
    }

    private static ServerNode node(int ordinal, ReplicationInfo info) {
        ObservedPod pod = new ObservedPod("r-" + ordinal, "uid-" + ordinal, ordinal, Optional.of(endpoint(ordinal).host()), true, 0, true,
                Optional.empty(), false, Map.of(), Optional.empty());
        return new ServerNode(pod, ObservedRedis.builder().endpoint(endpoint(ordinal)).replication(info).keys(10).build(), false);
    }

    private static ServerNode master() {
        return node(0, ReplicationInfo.builder().role(ReplicationInfo.Role.MASTER).offset(500).replicationId("stream").build());
    }

    private static ServerNode replica(int ordinal, boolean linkUp, boolean syncing) {
        return node(ordinal, ReplicationInfo.builder().role(ReplicationInfo.Role.REPLICA).masterHost(endpoint(0).host()).masterPort(6379)
                .masterLinkUp(linkUp).syncInProgress(syncing).offset(500).replicationId("stream").build());
    }

    private static List<Verdict> replication(List<ServerNode> nodes, List<String> sentinelGaps) {
        ReplicationDecision decision = ReplicationDecision.decide(nodes, List.of(), "", 0, Optional.of("r-0"), false);
        return RedisReplicationReconciler.verdicts(decision, new ServerObserver.Observation(nodes, List.of(), List.of()), 3, Optional.empty(),
                sentinelGaps);
    }

    private static Verdict ready(List<Verdict> verdicts) {
        return verdicts.stream().filter(v -> v.type().equals(Conditions.READY)).findFirst().orElseThrow();
    }

    @Test
    void aReplicationWithEveryReplicaLinkedAndCaughtUpIsReady() {
        assertThat(ready(replication(List.of(master(), replica(1, true, false), replica(2, true, false)), List.of())).holds()).isTrue();
    }

    @Test
    void aReplicationWhoseReplicaIsStillInItsFullSyncIsNotReadyAndNamesIt() {
        Verdict ready = ready(replication(List.of(master(), replica(1, true, false), replica(2, true, true)), List.of()));

        assertThat(ready.holds()).isFalse();
        assertThat(ready.reason()).isEqualTo("ReplicasNotInSync");
        assertThat(ready.message()).contains("r-2");
    }

    @Test
    void aReplicationWhoseOwnSentinelsCannotFailOverYetIsNotReady() {
        Verdict ready = ready(replication(List.of(master(), replica(1, true, false), replica(2, true, false)),
                List.of("r-s-1 does not know replica r-2 yet")));

        assertThat(ready.holds()).isFalse();
        assertThat(ready.reason()).isEqualTo("SentinelsNotReady");
        assertThat(ready.message()).contains("r-s-1 does not know replica r-2");
    }

    @Test
    void aSentinelGroupWithAGapIsNotReadyAndNamesTheSentinel() {
        Verdict ready = ready(RedisSentinelReconciler.verdicts(false, "3/3 Sentinels monitor 10.0.0.10:6379", 3, 3, Optional.empty(),
                List.of("s-2 knows 0 of the 2 other Sentinels")));

        assertThat(ready.holds()).isFalse();
        assertThat(ready.reason()).isEqualTo("FailoverNotPossibleYet");
        assertThat(ready.message()).contains("s-2");
    }

    @Test
    void aSentinelGroupDuringAFailoverIsNotReady() {
        assertThat(ready(RedisSentinelReconciler.verdicts(true, "3/3 Sentinels monitor x", 3, 3, Optional.empty(), List.of())).reason())
                .isEqualTo("Failover");
    }

    @Test
    void aSentinelGroupWithoutGapsIsReadyWhileTheOperatorStillSetsASetting() {
        List<Verdict> verdicts = RedisSentinelReconciler.verdicts(false, "3/3 Sentinels monitor x", 3, 3, Optional.of("1 Sentinel step(s)"), List.of());

        assertThat(ready(verdicts).holds()).isTrue();
        assertThat(verdicts).anyMatch(v -> v.type().equals(Conditions.RECONCILING) && v.holds());
    }
}
