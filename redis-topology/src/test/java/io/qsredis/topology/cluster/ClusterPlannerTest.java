package io.qsredis.topology.cluster;

import io.qsredis.topology.Endpoint;
import io.qsredis.topology.cluster.ClusterStep.AddSlots;
import io.qsredis.topology.cluster.ClusterStep.Failover;
import io.qsredis.topology.cluster.ClusterStep.Forget;
import io.qsredis.topology.cluster.ClusterStep.Meet;
import io.qsredis.topology.cluster.ClusterStep.MigrateSlots;
import io.qsredis.topology.cluster.ClusterStep.Replicate;
import io.qsredis.topology.cluster.ClusterStep.Reset;
import io.qsredis.topology.cluster.ClusterStep.StabilizeSlot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterPlannerTest {

    private final ClusterPlanner planner = new ClusterPlanner();
    private final TestingCluster cluster = new TestingCluster();

    private static Endpoint host(int i) {
        return new Endpoint("10.0.0." + i, 6379);
    }

    private List<TestingCluster.Node> addNodes(int from, int to) {
        List<TestingCluster.Node> added = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            added.add(cluster.add(host(i)));
        }
        return added;
    }

    private static ClusterShape shape(List<TestingCluster.Node> nodes, int masters, int replicas) {
        return ClusterShape.of(nodes.stream().map(n -> NodeSpec.of(n.endpoint)).toList(), masters, replicas);
    }

    private static <T extends ClusterStep> List<T> stepsOf(ClusterPlan plan, Class<T> type) {
        return plan.steps().stream().filter(type::isInstance).map(type::cast).toList();
    }

    private void spreadKeys(int every) {
        for (int slot = 0; slot < SlotRange.SLOTS; slot += every) {
            cluster.putKeys(slot, 3);
        }
    }

    @Test
    void emptyNodesGetContiguousEvenRangesAndOneReplicaEach() {
        List<TestingCluster.Node> nodes = addNodes(1, 6);

        ClusterPlan plan = planner.plan(cluster.observe(), shape(nodes, 3, 1));

        assertThat(stepsOf(plan, Meet.class)).hasSize(5).allMatch(m -> m.via().endpoint().equals(host(1)));
        assertThat(stepsOf(plan, AddSlots.class)).extracting(AddSlots::slots).containsExactly(
                List.of(new SlotRange(0, 5461)), List.of(new SlotRange(5462, 10922)), List.of(new SlotRange(10923, 16383)));
        assertThat(stepsOf(plan, Replicate.class)).hasSize(3);
        assertThat(plan.slotsToMove()).isZero();

        plan.steps().forEach(cluster::apply);
        assertThat(planner.plan(cluster.observe(), shape(nodes, 3, 1)).converged()).isTrue();
        assertThat(cluster.servingMasters()).hasSize(3).allSatisfy(m -> assertThat(cluster.replicasOf(m)).hasSize(1));
    }

    @Test
    void replicasAvoidTheirMastersFailureDomain() {
        List<TestingCluster.Node> nodes = addNodes(1, 6);
        List<NodeSpec> specs = IntStream.range(0, 6)
                .mapToObj(i -> new NodeSpec(nodes.get(i).endpoint, "zone-" + "aabbcc".charAt(i)))
                .toList();
        ClusterShape shape = ClusterShape.of(specs, 3, 1);

        cluster.converge(planner, shape, 3);

        for (TestingCluster.Node master : cluster.servingMasters()) {
            String domain = domainOf(specs, master);
            assertThat(cluster.replicasOf(master)).hasSize(1)
                    .allSatisfy(r -> assertThat(domainOf(specs, r)).isNotEqualTo(domain));
        }
    }

    private static String domainOf(List<NodeSpec> specs, TestingCluster.Node node) {
        return specs.stream().filter(s -> s.endpoint().equals(node.endpoint)).findFirst().orElseThrow().failureDomain();
    }

    @Test
    void scaleOutMovesOnlyTheSlotsTheNewMastersNeed() {
        List<TestingCluster.Node> nodes = addNodes(1, 3);
        cluster.converge(planner, shape(nodes, 3, 0), 3);
        spreadKeys(7);
        long keys = cluster.totalKeys();
        List<TestingCluster.Node> grown = new ArrayList<>(nodes);
        grown.addAll(addNodes(4, 5));

        ClusterPlan plan = planner.plan(cluster.observe(), shape(grown, 5, 0));

        // 5462+5461+5461 now; 3277 (four of them) or 3276 after: each old master keeps 3277.
        assertThat(plan.slotsToMove()).isEqualTo(16384 - 3 * 3277);
        assertThat(stepsOf(plan, MigrateSlots.class))
                .allMatch(m -> m.target().endpoint().equals(host(4)) || m.target().endpoint().equals(host(5)))
                .allMatch(m -> m.slotCount() <= ClusterPlanner.DEFAULT_SLOTS_PER_MIGRATION)
                .allMatch(m -> m.why() == MigrateSlots.Why.REBALANCE);
        plan.steps().forEach(cluster::apply);
        assertThat(planner.plan(cluster.observe(), shape(grown, 5, 0)).converged()).isTrue();
        assertThat(cluster.servingMasters()).allSatisfy(m -> assertThat(m.slots.cardinality()).isBetween(3276, 3277));
        assertThat(cluster.totalKeys()).isEqualTo(keys);
    }

    @Test
    void scaleInFailsOverToAStayingReplicaInsteadOfMovingKeys() {
        List<TestingCluster.Node> nodes = addNodes(1, 6);
        cluster.converge(planner, shape(nodes, 3, 1), 3);
        spreadKeys(5);
        TestingCluster.Node leaving = cluster.at(host(3));
        TestingCluster.Node heir = cluster.replicasOf(leaving).get(0);
        List<TestingCluster.Node> staying = nodes.stream().filter(n -> n != leaving).toList();

        long keys = cluster.totalKeys();

        ClusterPlan plan = planner.plan(cluster.observe(), shape(staying, 3, 0));

        assertThat(stepsOf(plan, Failover.class)).containsExactly(new Failover(ref(heir), ref(leaving), Failover.Mode.GRACEFUL, Failover.Why.MASTER_LEAVING));
        assertThat(plan.slotsToMove()).isZero();
        assertThat(stepsOf(plan, Forget.class)).extracting(f -> f.node().id()).containsExactly(leaving.id);
        assertThat(stepsOf(plan, Reset.class)).isEmpty();
        plan.steps().forEach(cluster::apply);
        assertThat(planner.plan(cluster.observe(), shape(staying, 3, 0))).matches(ClusterPlan::converged, "converged");
        assertThat(cluster.servingMasters()).contains(heir).hasSize(3);
        assertThat(cluster.totalKeys()).isEqualTo(keys);
    }

    private static NodeRef ref(TestingCluster.Node node) {
        return new NodeRef(node.id, node.endpoint);
    }

    @Test
    void scaleInDrainsLeavingMastersEvenlyBeforeForgettingThem() {
        List<TestingCluster.Node> nodes = addNodes(1, 4);
        cluster.converge(planner, shape(nodes, 4, 0), 3);
        spreadKeys(3);
        long keys = cluster.totalKeys();
        List<TestingCluster.Node> staying = nodes.subList(0, 2);

        ClusterPlan plan = planner.plan(cluster.observe(), shape(staying, 2, 0));

        assertThat(plan.slotsToMove()).isEqualTo(8192);
        assertThat(stepsOf(plan, MigrateSlots.class)).extracting(MigrateSlots::why).containsOnly(MigrateSlots.Why.DRAIN_LEAVING);
        int lastMigration = plan.steps().stream().filter(MigrateSlots.class::isInstance).mapToInt(plan.steps()::indexOf).max().orElseThrow();
        int firstForget = plan.steps().stream().filter(Forget.class::isInstance).mapToInt(plan.steps()::indexOf).min().orElseThrow();
        assertThat(firstForget).isGreaterThan(lastMigration);
        assertThat(stepsOf(plan, Reset.class)).hasSize(2);
        plan.steps().forEach(cluster::apply);
        assertThat(cluster.servingMasters()).extracting(m -> m.slots.cardinality()).containsExactly(8192, 8192);
        assertThat(cluster.totalKeys()).isEqualTo(keys);
        assertThat(planner.plan(cluster.observe(), shape(staying, 2, 0)).converged()).isTrue();
    }

    @Test
    void finishesASlotThatACrashLeftMigrating() {
        List<TestingCluster.Node> nodes = addNodes(1, 2);
        cluster.converge(planner, shape(nodes, 2, 0), 3);
        spreadKeys(1);
        long keys = cluster.totalKeys();
        List<TestingCluster.Node> grown = new ArrayList<>(nodes);
        grown.addAll(addNodes(3, 3));
        ClusterShape shape = shape(grown, 3, 0);
        ClusterPlan plan = planner.plan(cluster.observe(), shape);
        plan.steps().stream().filter(s -> !(s instanceof MigrateSlots)).forEach(cluster::apply);
        MigrateSlots interrupted = stepsOf(plan, MigrateSlots.class).get(0);
        cluster.migrate(interrupted, 3);
        int openSlot = interrupted.slots().get(0).first() + 3;

        ClusterPlan resumed = planner.plan(cluster.observe(), shape);

        assertThat(resumed.steps().get(0)).isInstanceOfSatisfying(MigrateSlots.class, m -> {
            assertThat(m.slots()).containsExactly(SlotRange.of(openSlot));
            assertThat(m.source()).isEqualTo(interrupted.source());
            assertThat(m.target()).isEqualTo(interrupted.target());
            assertThat(m.why()).isEqualTo(MigrateSlots.Why.FINISH_INTERRUPTED);
        });
        resumed.steps().forEach(cluster::apply);
        assertThat(planner.plan(cluster.observe(), shape).converged()).isTrue();
        assertThat(cluster.totalKeys()).isEqualTo(keys);
    }

    @Test
    void clearsAStaleImportingMarkerThatHoldsNoKey() {
        List<TestingCluster.Node> nodes = addNodes(1, 2);
        cluster.converge(planner, shape(nodes, 2, 0), 3);
        TestingCluster.Node first = cluster.at(host(1));
        TestingCluster.Node second = cluster.at(host(2));
        second.importing.put(0, first.id);

        ClusterPlan plan = planner.plan(cluster.observe(), shape(nodes, 2, 0));

        assertThat(plan.steps()).containsExactly(new StabilizeSlot(ref(second), 0));
    }

    @Test
    void waitsForRedisWhileADeadMasterStillServesSlots() {
        List<TestingCluster.Node> nodes = addNodes(1, 6);
        cluster.converge(planner, shape(nodes, 3, 1), 3);
        TestingCluster.Node dead = cluster.at(host(1));
        cluster.kill(dead);
        List<TestingCluster.Node> others = new ArrayList<>(nodes.subList(1, 6));
        others.addAll(addNodes(7, 7));

        ClusterPlan plan = planner.plan(cluster.observe(), shape(others, 3, 1));

        assertThat(plan.steps()).as("only the harmless introduction of the new node").allMatch(Meet.class::isInstance);
        assertThat(plan.blockers()).isEmpty();
        assertThat(plan.pending()).anyMatch(p -> p.contains("waiting for Redis to fail them over"));
    }

    @Test
    void replacesADeadNodeAndForgetsIt() {
        List<TestingCluster.Node> nodes = addNodes(1, 6);
        cluster.converge(planner, shape(nodes, 3, 1), 3);
        TestingCluster.Node dead = cluster.at(host(1));
        cluster.kill(dead);
        cluster.failOverAutomatically(dead);
        List<TestingCluster.Node> others = new ArrayList<>(nodes.subList(1, 6));
        others.addAll(addNodes(7, 7));

        ClusterPlan plan = planner.plan(cluster.observe(), shape(others, 3, 1));

        assertThat(stepsOf(plan, Forget.class)).extracting(f -> f.node().id()).containsExactly(dead.id);
        assertThat(stepsOf(plan, Replicate.class)).extracting(r -> r.replica().endpoint()).containsExactly(host(7));
        plan.steps().forEach(cluster::apply);
        assertThat(planner.plan(cluster.observe(), shape(others, 3, 1)).converged()).isTrue();
        assertThat(cluster.servingMasters()).hasSize(3).allSatisfy(m -> assertThat(cluster.replicasOf(m)).hasSize(1));
    }

    @Test
    void refusesToJoinANodeThatHoldsKeys() {
        List<TestingCluster.Node> nodes = addNodes(1, 3);
        cluster.converge(planner, shape(nodes, 3, 0), 3);
        TestingCluster.Node stranger = cluster.add(host(4));
        stranger.keys.put(42, 10);
        List<TestingCluster.Node> grown = new ArrayList<>(nodes);
        grown.add(stranger);

        ClusterPlan plan = planner.plan(cluster.observe(), shape(grown, 4, 0));

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.blockers()).singleElement()
                .returns(ClusterBlocker.Kind.FOREIGN_DATA, ClusterBlocker::kind)
                .asString().contains("holds 10 keys");
    }

    @Test
    void anUnreachableDesiredNodeBlocksChangesToTheShape() {
        List<TestingCluster.Node> nodes = addNodes(1, 3);
        cluster.kill(nodes.get(2));

        ClusterPlan plan = planner.plan(cluster.observe(), shape(nodes, 3, 0));

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.blockers()).singleElement()
                .returns(ClusterBlocker.Kind.NODE_UNREACHABLE, ClusterBlocker::kind)
                .asString().contains(host(3) + " is unreachable");
    }

    @Test
    void meetsANodeAgainFromEveryPeerThatHasItsOldAddress() {
        List<TestingCluster.Node> nodes = addNodes(1, 3);
        cluster.converge(planner, shape(nodes, 3, 0), 3);
        TestingCluster.Node moved = cluster.at(host(3));
        cluster.move(moved, host(33));
        ClusterShape shape = ClusterShape.of(List.of(NodeSpec.of(host(1)), NodeSpec.of(host(2)), NodeSpec.of(host(33))), 3, 0);

        List<ClusterPlan> plans = cluster.converge(planner, shape, 3);

        List<Meet> meets = plans.stream().flatMap(p -> stepsOf(p, Meet.class).stream()).toList();
        assertThat(meets).extracting(m -> m.via().endpoint()).containsExactlyInAnyOrder(host(1), host(2));
        assertThat(meets).allSatisfy(m -> {
            assertThat(m.node().id()).isEqualTo(moved.id);
            assertThat(m.ip() + ":" + m.port()).isEqualTo(host(33).toString());
        });
        assertThat(plans).allSatisfy(p -> assertThat(p.steps()).allMatch(Meet.class::isInstance));
    }

    @Test
    void meetsAgainAMemberThatForgotTheCluster() {
        List<TestingCluster.Node> nodes = addNodes(1, 3);
        cluster.converge(planner, shape(nodes, 3, 0), 3);
        TestingCluster.Node amnesiac = cluster.at(host(2));
        amnesiac.known.clear();

        ClusterPlan plan = planner.plan(cluster.observe(), shape(nodes, 3, 0));

        assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(Meet.class, m -> {
            assertThat(m.via().endpoint()).isEqualTo(host(1));
            assertThat(m.node().id()).isEqualTo(amnesiac.id);
        });
    }

    @Test
    void aClusterWithTheShapePlansNothing() {
        List<TestingCluster.Node> nodes = addNodes(1, 6);
        cluster.converge(planner, shape(nodes, 3, 1), 3);

        ClusterPlan plan = planner.plan(cluster.observe(), shape(nodes, 3, 1));

        assertThat(plan.converged()).isTrue();
    }

    @Test
    void extraNodesBecomeExtraReplicasSpreadEvenly() {
        List<TestingCluster.Node> nodes = addNodes(1, 8);

        cluster.converge(planner, shape(nodes, 3, 1), 3);

        assertThat(cluster.servingMasters()).extracting(m -> cluster.replicasOf(m).size())
                .containsExactlyInAnyOrder(2, 2, 1);
    }

    @Test
    void neverResetsAReplicaToMakeAnotherMaster() {
        List<TestingCluster.Node> nodes = addNodes(1, 6);
        cluster.converge(planner, shape(nodes, 3, 1), 3);

        ClusterPlan plan = planner.plan(cluster.observe(), shape(nodes, 6, 0));

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.blockers()).singleElement()
                .returns(ClusterBlocker.Kind.NOT_ENOUGH_MASTERS, ClusterBlocker::kind)
                .asString().contains("only 3 of the nodes can serve slots");
    }

    @Test
    void slotMovesAndFailoversAreTheDisruptiveSteps() {
        NodeRef a = new NodeRef("a", host(1));
        NodeRef b = new NodeRef("b", host(2));

        assertThat(new MigrateSlots(a, b, List.of(SlotRange.of(1)), List.of(a, b), MigrateSlots.Why.REBALANCE).disruptive()).isTrue();
        assertThat(new Failover(a, b, Failover.Mode.FORCE, Failover.Why.MASTER_DOWN).disruptive()).isTrue();
        assertThat(new Replicate(a, b).disruptive()).isFalse();
        assertThat(new Meet(a, b, "10.0.0.2", 6379, 16379).disruptive()).isFalse();
    }

    @Test
    void aSlotMoveSaysWhyInItsDescription() {
        NodeRef a = new NodeRef("a1b2c3d4e5", host(1));
        NodeRef b = new NodeRef("f6a7b8c9d0", host(2));

        MigrateSlots drain = new MigrateSlots(a, b, List.of(new SlotRange(0, 127)), List.of(a, b), MigrateSlots.Why.DRAIN_LEAVING);

        assertThat(drain).hasToString("move slots 0-127 (128) from 10.0.0.1:6379 (a1b2c3d4) to 10.0.0.2:6379 (f6a7b8c9): drain 10.0.0.1:6379, which leaves");
    }

    @Test
    void aMasterThatStaysAsAReplicaIsDrainedForThatReason() {
        List<TestingCluster.Node> nodes = addNodes(1, 3);
        cluster.converge(planner, shape(nodes, 3, 0), 3);

        ClusterPlan plan = planner.plan(cluster.observe(), shape(nodes, 2, 0));

        assertThat(stepsOf(plan, MigrateSlots.class)).isNotEmpty()
                .allSatisfy(m -> assertThat(m.why()).isEqualTo(MigrateSlots.Why.DRAIN_TO_REPLICA));
    }

    @Test
    void everyBlockerKindHasItsOwnConditionReason() {
        assertThat(Arrays.stream(ClusterBlocker.Kind.values()).map(ClusterBlocker.Kind::reason))
                .doesNotHaveDuplicates()
                .allMatch(reason -> reason.matches("([A-Z][a-z]+)+"));
    }

    // Preferred masters -----------------------------------------------------------------------------

    private static ClusterShape preferring(List<TestingCluster.Node> nodes, List<TestingCluster.Node> preferred, int masters, int replicas) {
        return ClusterShape.of(nodes.stream().map(n -> new NodeSpec(n.endpoint, n.endpoint.host(), preferred.contains(n))).toList(),
                masters, replicas);
    }

    @Test
    void bootstrapMakesThePreferredNodesTheMasters() {
        List<TestingCluster.Node> nodes = addNodes(1, 6);
        List<TestingCluster.Node> leaders = nodes.subList(3, 6);

        cluster.converge(planner, preferring(nodes, leaders, 3, 1), 3);

        assertThat(cluster.servingMasters()).containsExactlyInAnyOrderElementsOf(leaders);
    }

    @Test
    void preferredMastersAreStillSpreadOverFailureDomains() {
        List<TestingCluster.Node> nodes = addNodes(1, 6);
        String zones = "aabbcc";
        List<NodeSpec> specs = IntStream.range(0, 6)
                .mapToObj(i -> new NodeSpec(nodes.get(i).endpoint, "zone-" + zones.charAt(i), i != 3 && i != 5))
                .toList();

        cluster.converge(planner, ClusterShape.of(specs, 3, 1), 3);

        assertThat(cluster.servingMasters()).extracting(m -> m.endpoint).containsExactlyInAnyOrder(host(1), host(3), host(5));
        for (TestingCluster.Node master : cluster.servingMasters()) {
            assertThat(cluster.replicasOf(master)).singleElement()
                    .satisfies(r -> assertThat(domainOf(specs, r)).isNotEqualTo(domainOf(specs, master)));
        }
    }

    /** Converges six nodes with the first three preferred, then lets the replica of the first one take its slots. */
    private ClusterShape failedOverLeader(List<TestingCluster.Node> nodes) {
        ClusterShape shape = preferring(nodes, nodes.subList(0, 3), 3, 1);
        cluster.converge(planner, shape, 3);
        TestingCluster.Node leader = cluster.at(host(1));
        cluster.apply(new Failover(ref(cluster.replicasOf(leader).get(0)), ref(leader), Failover.Mode.FORCE, Failover.Why.MASTER_DOWN));
        return shape;
    }

    @Test
    void mastershipReturnsGracefullyToACaughtUpPreferredReplica() {
        List<TestingCluster.Node> nodes = addNodes(1, 6);
        ClusterShape shape = failedOverLeader(nodes);
        TestingCluster.Node leader = cluster.at(host(1));
        TestingCluster.Node follower = cluster.node(leader.masterId);

        ClusterPlan plan = planner.plan(cluster.observe(), shape);

        assertThat(plan.steps()).containsExactly(new Failover(ref(leader), ref(follower), Failover.Mode.GRACEFUL, Failover.Why.PREFERRED_MASTER));
        assertThat(plan.pending()).isEmpty();
        plan.steps().forEach(cluster::apply);
        assertThat(planner.plan(cluster.observe(), shape).converged()).isTrue();
        assertThat(cluster.servingMasters()).containsExactlyInAnyOrderElementsOf(nodes.subList(0, 3));
    }

    @Test
    void mastershipWaitsUntilThePreferredReplicaHasCaughtUp() {
        List<TestingCluster.Node> nodes = addNodes(1, 6);
        ClusterShape shape = failedOverLeader(nodes);
        cluster.at(host(1)).syncing = true;

        ClusterPlan plan = planner.plan(cluster.observe(), shape);

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.pending()).singleElement().asString().contains(host(1) + " (").contains("is catching up with");
    }

    @Test
    void mastershipReturnsOnlyOnceNothingElseIsPlanned() {
        List<TestingCluster.Node> nodes = addNodes(1, 6);
        ClusterShape shape = failedOverLeader(nodes);
        List<TestingCluster.Node> grown = new ArrayList<>(nodes);
        grown.addAll(addNodes(7, 7));
        ClusterShape larger = preferring(grown, nodes.subList(0, 3), 3, 1);

        ClusterPlan joining = planner.plan(cluster.observe(), larger);
        joining.steps().forEach(cluster::apply);
        ClusterPlan next = planner.plan(cluster.observe(), larger);

        assertThat(joining.steps()).isNotEmpty().noneMatch(Failover.class::isInstance);
        assertThat(next.steps()).singleElement().isInstanceOfSatisfying(Failover.class,
                f -> assertThat(f.why()).isEqualTo(Failover.Why.PREFERRED_MASTER));
    }

    @Test
    void aPreferredReplicaOfAnotherShardMovesToTheMasterItReplaces() {
        List<TestingCluster.Node> nodes = addNodes(1, 6);
        cluster.converge(planner, shape(nodes, 3, 1), 3);
        TestingCluster.Node first = cluster.at(host(1));
        TestingCluster.Node second = cluster.at(host(2));
        TestingCluster.Node third = cluster.at(host(3));
        TestingCluster.Node spare = cluster.replicasOf(first).get(0);
        ClusterShape shape = preferring(nodes, List.of(first, second, spare), 3, 1);

        ClusterPlan plan = planner.plan(cluster.observe(), shape);
        cluster.converge(planner, shape, 4);

        assertThat(plan.steps()).contains(new Replicate(ref(spare), ref(third)));
        assertThat(cluster.servingMasters()).containsExactlyInAnyOrder(first, second, spare);
    }

    @Test
    void aLeavingMasterFailsOverToItsPreferredReplica() {
        List<TestingCluster.Node> nodes = addNodes(1, 9);
        cluster.converge(planner, shape(nodes, 3, 2), 3);
        TestingCluster.Node leaving = cluster.at(host(1));
        TestingCluster.Node preferred = cluster.replicasOf(leaving).get(1);
        List<TestingCluster.Node> staying = nodes.stream().filter(n -> n != leaving).toList();

        ClusterPlan plan = planner.plan(cluster.observe(), preferring(staying, List.of(preferred), 3, 1));

        assertThat(stepsOf(plan, Failover.class))
                .containsExactly(new Failover(ref(preferred), ref(leaving), Failover.Mode.GRACEFUL, Failover.Why.MASTER_LEAVING));
    }
}
