package io.qsredis.topology.cluster;

import io.qsredis.topology.Endpoint;
import io.qsredis.topology.cluster.ClusterStep.CopyMissingKeys;
import io.qsredis.topology.cluster.ClusterStep.Meet;
import io.qsredis.topology.cluster.ClusterStep.Replicate;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every node of a persistent cluster restarted at new addresses (10.0.0.1-4 became 10.0.0.11-14), each with its data
 * and its nodes.conf. Shard A (slots 0-8191, master A, replica C) was taken over by C while A was still starting, so A
 * came back holding its keys and claiming its slots under an older config epoch; shard B kept its master.
 */
class ClusterPlannerFullRestartTest {

    private static final String A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private static final String C = "cccccccccccccccccccccccccccccccccccccccc";
    private static final String D = "dddddddddddddddddddddddddddddddddddddddd";

    private final ClusterPlanner planner = new ClusterPlanner();

    private static Endpoint at(int host) {
        return new Endpoint("10.0.0." + host, 6379);
    }

    private static ClusterShape shape() {
        return ClusterShape.of(List.of(NodeSpec.of(at(11)), NodeSpec.of(at(12)), NodeSpec.of(at(13)), NodeSpec.of(at(14))), 2, 1);
    }

    /** A's view is the one it saved before the restart; C's has its own takeover (epoch 3); A holds {@code keysOnA}. */
    private static ObservedCluster afterTheTakeover(int keysOnA) {
        return ObservedClusterParser.parse("""
                [10.0.0.11:6379]
                %1$s 10.0.0.11:6379@16379 myself,master - 0 0 1 connected 0-8191
                %2$s 10.0.0.2:6379@16379 master - 0 0 2 connected 8192-16383
                %3$s 10.0.0.3:6379@16379 slave %1$s 0 0 1 connected
                %4$s 10.0.0.4:6379@16379 slave %2$s 0 0 2 connected
                cluster_state:fail
                db0:keys=%5$d,expires=0
                [10.0.0.12:6379]
                %2$s 10.0.0.12:6379@16379 myself,master - 0 0 2 connected 8192-16383
                %1$s 10.0.0.1:6379@16379 master,fail? - 0 0 1 connected 0-8191
                %3$s 10.0.0.3:6379@16379 slave,fail? %1$s 0 0 1 connected
                %4$s 10.0.0.4:6379@16379 slave,fail? %2$s 0 0 2 connected
                cluster_state:fail
                db0:keys=100,expires=0
                [10.0.0.13:6379]
                %3$s 10.0.0.13:6379@16379 myself,master - 0 0 3 connected 0-8191
                %1$s 10.0.0.1:6379@16379 master,fail? - 0 0 1 connected
                %2$s 10.0.0.2:6379@16379 master,fail? - 0 0 2 connected 8192-16383
                %4$s 10.0.0.4:6379@16379 slave,fail? %2$s 0 0 2 connected
                cluster_state:fail
                db0:keys=100,expires=0
                [10.0.0.14:6379]
                %4$s 10.0.0.14:6379@16379 myself,slave %2$s 0 0 2 connected
                %1$s 10.0.0.1:6379@16379 master,fail? - 0 0 1 connected 0-8191
                %2$s 10.0.0.2:6379@16379 master,fail? - 0 0 2 connected 8192-16383
                %3$s 10.0.0.3:6379@16379 slave,fail? %1$s 0 0 1 connected
                cluster_state:fail
                db0:keys=100,expires=0
                """.formatted(A, B, C, D, keysOnA));
    }

    @Test
    void theStaleMastersKeysGoToTheOwnerBeforeItIsMetAndNothingIsBlocked() {
        ClusterPlan plan = planner.plan(afterTheTakeover(100), shape());

        assertThat(plan.blockers()).isEmpty();
        assertThat(plan.steps()).hasSize(4);
        assertThat(plan.steps().subList(0, 2)).allSatisfy(step -> assertThat(step).isInstanceOfSatisfying(Meet.class, meet -> {
            assertThat(meet.via().id()).isEqualTo(C);
            assertThat(meet.node().id()).isIn(B, D);
        }));
        assertThat(plan.steps().get(2)).isInstanceOfSatisfying(CopyMissingKeys.class, copy -> {
            assertThat(copy.source()).isEqualTo(new NodeRef(A, at(11)));
            assertThat(copy.target()).isEqualTo(new NodeRef(C, at(13)));
            assertThat(copy.slots()).containsExactly(new SlotRange(0, 8191));
        });
        assertThat(plan.steps().get(3)).isInstanceOfSatisfying(Meet.class, meet -> {
            assertThat(meet.via().id()).isEqualTo(C);
            assertThat(meet.node()).isEqualTo(new NodeRef(A, at(11)));
        });
        assertThat(plan.pending()).anySatisfy(line -> assertThat(line).contains("higher config epoch (3 > 1)"));
    }

    @Test
    void copyingTheKeysChangesNoOwnerAndPausesNoClient() {
        ClusterPlan plan = planner.plan(afterTheTakeover(100), shape());

        assertThat(plan.steps()).filteredOn(CopyMissingKeys.class::isInstance).isNotEmpty().noneMatch(ClusterStep::disruptive);
        assertThat(plan.slotsToMove()).isZero();
    }

    @Test
    void aStaleMasterWithoutKeysIsLeftToRedisAndTheClusterIsMetAsUsual() {
        ClusterPlan plan = planner.plan(afterTheTakeover(0), shape());

        assertThat(plan.blockers()).isEmpty();
        assertThat(plan.steps()).noneMatch(CopyMissingKeys.class::isInstance);
        assertThat(plan.steps()).filteredOn(Meet.class::isInstance).extracting(step -> ((Meet) step).node().id()).contains(B, C, D);
    }

    @Test
    void aReplicaStillDialingItsMastersOldAddressIsPointedAtTheCurrentOne() {
        String healed = """
                [10.0.0.11:6379]
                %1$s 10.0.0.11:6379@16379 myself,slave %3$s 0 0 3 connected
                %2$s 10.0.0.12:6379@16379 master - 0 0 2 connected 8192-16383
                %3$s 10.0.0.13:6379@16379 master - 0 0 3 connected 0-8191
                %4$s 10.0.0.14:6379@16379 slave %2$s 0 0 2 connected
                role:slave
                master_host:%5$s
                master_port:6379
                master_link_status:%6$s
                master_sync_in_progress:0
                [10.0.0.12:6379]
                %2$s 10.0.0.12:6379@16379 myself,master - 0 0 2 connected 8192-16383
                %1$s 10.0.0.11:6379@16379 slave %3$s 0 0 3 connected
                %3$s 10.0.0.13:6379@16379 master - 0 0 3 connected 0-8191
                %4$s 10.0.0.14:6379@16379 slave %2$s 0 0 2 connected
                [10.0.0.13:6379]
                %3$s 10.0.0.13:6379@16379 myself,master - 0 0 3 connected 0-8191
                %1$s 10.0.0.11:6379@16379 slave %3$s 0 0 3 connected
                %2$s 10.0.0.12:6379@16379 master - 0 0 2 connected 8192-16383
                %4$s 10.0.0.14:6379@16379 slave %2$s 0 0 2 connected
                [10.0.0.14:6379]
                %4$s 10.0.0.14:6379@16379 myself,slave %2$s 0 0 2 connected
                %1$s 10.0.0.11:6379@16379 slave %3$s 0 0 3 connected
                %2$s 10.0.0.12:6379@16379 master - 0 0 2 connected 8192-16383
                %3$s 10.0.0.13:6379@16379 master - 0 0 3 connected 0-8191
                role:slave
                master_host:10.0.0.12
                master_port:6379
                master_link_status:up
                master_sync_in_progress:0
                """;

        ClusterPlan stuck = planner.plan(ObservedClusterParser.parse(healed.formatted(A, B, C, D, "10.0.0.3", "down")), shape());
        ClusterPlan linked = planner.plan(ObservedClusterParser.parse(healed.formatted(A, B, C, D, "10.0.0.13", "up")), shape());

        assertThat(stuck.steps()).containsExactly(new Replicate(new NodeRef(A, at(11)), new NodeRef(C, at(13))));
        assertThat(linked.steps()).isEmpty();
    }
}
