package io.qsredis.operator.reconcile;

import io.qsredis.topology.Endpoint;
import io.qsredis.topology.cluster.ClusterStep.Failover;
import io.qsredis.topology.cluster.ObservedCluster;
import io.qsredis.topology.cluster.ObservedClusterParser;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterFailoverTest {
    private static final String A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private static final String C = "cccccccccccccccccccccccccccccccccccccccc";
    private static final String RA = "1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String RB = "1bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    /** Three masters 10.0.0.1-3, A's replica 10.0.0.4 (offset 900), B's replica 10.0.0.5, as the replicas see them. */
    private static ObservedCluster cluster() {
        String view = """
                %s 10.0.0.1:6379@16379 master - 0 0 1 connected 0-5460
                %s 10.0.0.2:6379@16379 master - 0 0 2 connected 5461-10922
                %s 10.0.0.3:6379@16379 master - 0 0 3 connected 10923-16383
                """.formatted(A, B, C);
        return ObservedClusterParser.parse("[10.0.0.4:6379]\n" + view.replace(A + " 10.0.0.1", A + " 10.0.0.1")
                + RA + " 10.0.0.4:6379@16379 myself,slave " + A + " 0 0 1 connected\n"
                + "role:slave\nmaster_link_status:down\nmaster_repl_offset:900\n"
                + "[10.0.0.5:6379]\n" + view
                + RB + " 10.0.0.5:6379@16379 myself,slave " + B + " 0 0 2 connected\n"
                + "role:slave\nmaster_link_status:up\nmaster_repl_offset:500\n");
    }

    private static final Set<Endpoint> ALL_PODS = at("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5");

    private static Set<Endpoint> at(String... hosts) {
        return Arrays.stream(hosts).map(host -> new Endpoint(host, 6379)).collect(Collectors.toSet());
    }

    @Test
    void aMasterWhoseContainerDiedIsFailedOverToItsReplicaWithForce() {
        assertThat(ClusterFailover.decide(cluster(), at("10.0.0.1"), ALL_PODS)).hasValueSatisfying(failover -> {
            assertThat(failover.replica().endpoint()).isEqualTo(new Endpoint("10.0.0.4", 6379));
            assertThat(failover.master().id()).isEqualTo(A);
            assertThat(failover.mode()).isEqualTo(Failover.Mode.FORCE);
            assertThat(failover.why()).isEqualTo(Failover.Why.MASTER_DOWN);
        });
    }

    @Test
    void aMasterWhoseAddressNoPodHasAnyMoreIsFallen() {
        Set<Endpoint> recreatedElsewhere = at("10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.9", "10.0.0.1");

        assertThat(ClusterFailover.decide(cluster(), at(), recreatedElsewhere)).hasValueSatisfying(failover ->
                assertThat(failover.master().id()).isEqualTo(B));
    }

    @Test
    void aMajorityOfMastersFallenAtOnceIsTakenOverWithoutAVote() {
        assertThat(ClusterFailover.decide(cluster(), at("10.0.0.1", "10.0.0.2"), ALL_PODS)).hasValueSatisfying(failover ->
                assertThat(failover.mode()).isEqualTo(Failover.Mode.TAKEOVER));
    }

    @Test
    void aMasterThatOnlyHangsOrAnswersIsLeftToRedisCluster() {
        assertThat(ClusterFailover.decide(cluster(), at(), ALL_PODS)).isEmpty();
    }

    @Test
    void aFallenMasterWithoutALiveReplicaIsNotFailedOver() {
        assertThat(ClusterFailover.decide(cluster(), at("10.0.0.3"), ALL_PODS)).isEmpty();
    }
}
