package io.qsredis.topology.cluster;

import io.qsredis.topology.Endpoint;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over random clusters and random changes of shape: a cluster is built with one shape, loaded with keys,
 * possibly loses a master (which Redis fails over), then is planned towards another shape, and the plan is
 * carried out by {@link TestingCluster}, in full or interrupted. Some nodes of the second shape may be
 * preferred as masters.
 */
class ClusterPlannerProperties {

    record Scenario(
            int masters, int replicas, int extraNodes, int domains, List<Integer> domainOf, int keyEvery,
            boolean killAMaster, List<Boolean> keep, int freshNodes, int targetMasters, int targetReplicas,
            int slotsPerMigration, int interruptAfter, int partialSlots) {}

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Builders.withBuilder(() -> new Object[14])
                .use(Arbitraries.integers().between(1, 5)).in((a, v) -> set(a, 0, v))
                .use(Arbitraries.integers().between(0, 2)).in((a, v) -> set(a, 1, v))
                .use(Arbitraries.integers().between(0, 2)).in((a, v) -> set(a, 2, v))
                .use(Arbitraries.integers().between(1, 4)).in((a, v) -> set(a, 3, v))
                .use(Arbitraries.integers().between(0, 3).list().ofSize(40)).in((a, v) -> set(a, 4, v))
                .use(Arbitraries.integers().between(1, 40)).in((a, v) -> set(a, 5, v))
                .use(Arbitraries.of(true, false)).in((a, v) -> set(a, 6, v))
                .use(Arbitraries.of(true, true, false).list().ofSize(20)).in((a, v) -> set(a, 7, v))
                .use(Arbitraries.integers().between(0, 4)).in((a, v) -> set(a, 8, v))
                .use(Arbitraries.integers().between(1, 6)).in((a, v) -> set(a, 9, v))
                .use(Arbitraries.integers().between(0, 2)).in((a, v) -> set(a, 10, v))
                .use(Arbitraries.of(50, 128, 1000)).in((a, v) -> set(a, 11, v))
                .use(Arbitraries.integers().between(0, 60)).in((a, v) -> set(a, 12, v))
                .use(Arbitraries.integers().between(-1, 4)).in((a, v) -> set(a, 13, v))
                .build(a -> {
                    @SuppressWarnings("unchecked")
                    List<Integer> domainOf = (List<Integer>) a[4];
                    @SuppressWarnings("unchecked")
                    List<Boolean> keep = (List<Boolean>) a[7];
                    return new Scenario((int) a[0], (int) a[1], (int) a[2], (int) a[3], domainOf, (int) a[5], (boolean) a[6],
                            keep, (int) a[8], (int) a[9], (int) a[10], (int) a[11], (int) a[12], (int) a[13]);
                });
    }

    private static Object[] set(Object[] array, int index, Object value) {
        array[index] = value;
        return array;
    }

    /** A cluster built with the scenario's first shape, and the second shape it is asked to take. */
    private static final class World {
        final TestingCluster cluster = new TestingCluster();
        final Map<Endpoint, String> domains = new HashMap<>();
        final ClusterPlanner planner;
        ClusterShape target;
        long keys;
        int nextHost = 1;

        World(Scenario s) {
            planner = new ClusterPlanner(s.slotsPerMigration());
            List<TestingCluster.Node> initial = new ArrayList<>();
            int count = s.masters() * (1 + s.replicas()) + s.extraNodes();
            for (int i = 0; i < count; i++) {
                initial.add(addNode(s));
            }
            cluster.converge(planner, shapeOf(initial, s.masters(), s.replicas()), 4);
            for (int slot = 0; slot < SlotRange.SLOTS; slot += s.keyEvery()) {
                cluster.putKeys(slot, 1 + slot % 3);
            }
            keys = cluster.totalKeys();
            if (s.killAMaster()) {
                cluster.servingMasters().stream()
                        .filter(m -> !cluster.replicasOf(m).isEmpty())
                        .findFirst()
                        .ifPresent(m -> {
                            cluster.kill(m);
                            cluster.failOverAutomatically(m);
                        });
            }
            List<TestingCluster.Node> members = new ArrayList<>();
            for (int i = 0; i < initial.size(); i++) {
                TestingCluster.Node node = initial.get(i);
                if (node.alive && s.keep().get(i % s.keep().size())) {
                    members.add(node);
                }
            }
            for (int i = 0; i < s.freshNodes(); i++) {
                members.add(addNode(s));
            }
            int needed = s.targetMasters() * (1 + s.targetReplicas());
            while (members.size() < needed || possibleMasters(members) < s.targetMasters()) {
                members.add(addNode(s));
            }
            target = shapeOf(members, s.targetMasters(), s.targetReplicas());
        }

        private TestingCluster.Node addNode(Scenario s) {
            int i = nextHost++;
            TestingCluster.Node node = cluster.add(new Endpoint("10.1.0." + i, 6379));
            domains.put(node.endpoint, "domain-" + s.domainOf().get(i % s.domainOf().size()) % s.domains());
            return node;
        }

        /** Shards with a staying member, plus empty masters: the nodes that can serve without a RESET. */
        private int possibleMasters(List<TestingCluster.Node> members) {
            Set<String> staying = new HashSet<>();
            members.forEach(n -> staying.add(n.id));
            int possible = 0;
            for (TestingCluster.Node master : cluster.nodes()) {
                if (!master.master) {
                    continue;
                }
                if (master.slots.isEmpty()) {
                    possible += staying.contains(master.id) && master.keys.isEmpty() ? 1 : 0;
                } else if (staying.contains(master.id) || cluster.replicasOf(master).stream().anyMatch(r -> staying.contains(r.id))) {
                    possible++;
                }
            }
            return possible;
        }

        ClusterShape shapeOf(List<TestingCluster.Node> nodes, int masters, int replicas) {
            return ClusterShape.of(nodes.stream().map(n -> new NodeSpec(n.endpoint, domains.get(n.endpoint))).toList(), masters, replicas);
        }
    }

    @Property(tries = 250)
    void convergesFromAnyHalfAppliedPlanWithoutLosingAKey(@ForAll("scenarios") Scenario s) {
        World world = new World(s);
        ClusterPlan first = world.planner.plan(world.cluster.observe(), world.target);
        assertThat(first.blockers()).isEmpty();
        int prefix = Math.min(s.interruptAfter(), first.steps().size());
        first.steps().subList(0, prefix).forEach(world.cluster::apply);
        if (prefix < first.steps().size() && s.partialSlots() >= 0
                && first.steps().get(prefix) instanceof ClusterStep.MigrateSlots interrupted) {
            world.cluster.migrate(interrupted, s.partialSlots());
        }

        List<ClusterPlan> plans = world.cluster.converge(world.planner, world.target, 4);

        assertThat(plans.get(plans.size() - 1).converged()).isTrue();
        assertThat(world.cluster.totalKeys()).isEqualTo(world.keys);
        assertHasTheShape(world);
    }

    @Property(tries = 250)
    void aPlanCarriedOutInFullLeavesNothingToPlan(@ForAll("scenarios") Scenario s) {
        World world = new World(s);
        ClusterPlan plan = world.planner.plan(world.cluster.observe(), world.target);

        plan.steps().forEach(world.cluster::apply);

        assertThat(world.planner.plan(world.cluster.observe(), world.target)).matches(ClusterPlan::converged, "converged");
        assertThat(world.cluster.totalKeys()).isEqualTo(world.keys);
        assertHasTheShape(world);
    }

    @Property(tries = 250)
    void movesTheFewestSlotsThatBalanceTheChosenMasters(@ForAll("scenarios") Scenario s) {
        World world = new World(s);
        Map<String, Integer> served = new HashMap<>();
        world.cluster.nodes().forEach(n -> served.put(n.id, n.slots.cardinality()));
        ClusterPlan plan = world.planner.plan(world.cluster.observe(), world.target);
        for (ClusterStep step : plan.steps()) {
            if (step instanceof ClusterStep.Failover failover) {
                served.put(failover.replica().id(), served.remove(failover.master().id()));
            }
        }

        plan.steps().forEach(world.cluster::apply);

        List<TestingCluster.Node> masters = world.cluster.servingMasters();
        int m = masters.size();
        int base = SlotRange.SLOTS / m;
        int kept = 0;
        int aboveBase = 0;
        for (TestingCluster.Node master : masters) {
            int before = served.getOrDefault(master.id, 0);
            kept += Math.min(before, base);
            aboveBase += before > base ? 1 : 0;
        }
        kept += Math.min(SlotRange.SLOTS % m, aboveBase);
        int owned = served.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(plan.slotsToMove()).isEqualTo(owned - kept);
    }

    @Property(tries = 250)
    void neverForgetsANodeWhileItServesSlots(@ForAll("scenarios") Scenario s) {
        World world = new World(s);
        ClusterPlan plan = world.planner.plan(world.cluster.observe(), world.target);

        for (ClusterStep step : plan.steps()) {
            if (step instanceof ClusterStep.Forget forget) {
                TestingCluster.Node gone = world.cluster.node(forget.node().id());
                assertThat(gone.master && !gone.slots.isEmpty()).as("%s serves slots", gone.endpoint).isFalse();
            }
            world.cluster.apply(step);
        }
    }

    /** Passes enough for the shape and then one hand-back per master, each maybe after a pass that re-places replicas. */
    private static final int PASSES_WITH_HAND_BACKS = 30;

    @Provide
    Arbitrary<List<Boolean>> picks() {
        return Arbitraries.of(true, false).list().ofSize(20);
    }

    /** The shape with the nodes the picks name preferred as master, and the first others too until there are enough for every master. */
    private static ClusterShape preferring(ClusterShape shape, List<Boolean> picks) {
        List<NodeSpec> nodes = shape.nodes();
        Set<Integer> preferred = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (picks.get(i % picks.size())) {
                preferred.add(i);
            }
        }
        for (int i = 0; i < nodes.size() && preferred.size() < shape.masters(); i++) {
            preferred.add(i);
        }
        return withPreferred(shape, spec -> preferred.contains(nodes.indexOf(spec)));
    }

    private static ClusterShape withPreferred(ClusterShape shape, Predicate<NodeSpec> preferred) {
        return ClusterShape.of(shape.nodes().stream().map(n -> new NodeSpec(n.endpoint(), n.failureDomain(), preferred.test(n))).toList(),
                shape.masters(), shape.replicasPerMaster());
    }

    private static Set<Endpoint> preferredEndpoints(ClusterShape shape) {
        Set<Endpoint> preferred = new HashSet<>();
        shape.nodes().stream().filter(NodeSpec::preferredMaster).forEach(n -> preferred.add(n.endpoint()));
        return preferred;
    }

    @Property(tries = 150)
    void withEnoughPreferredNodesEveryMasterEndsPreferred(@ForAll("scenarios") Scenario s, @ForAll("picks") List<Boolean> picks) {
        World world = new World(s);
        world.target = preferring(world.target, picks);

        world.cluster.converge(world.planner, world.target, PASSES_WITH_HAND_BACKS);

        Set<Endpoint> preferred = preferredEndpoints(world.target);
        assertThat(world.cluster.servingMasters()).allSatisfy(m -> assertThat(preferred).contains(m.endpoint));
        assertThat(world.cluster.totalKeys()).isEqualTo(world.keys);
        assertHasTheShape(world);
    }

    @Property(tries = 150)
    void mastershipReturnsByGracefulFailoversThatEachComeAlone(@ForAll("scenarios") Scenario s) {
        World world = new World(s);
        world.cluster.converge(world.planner, world.target, 4);
        Set<Endpoint> members = new HashSet<>(world.target.endpoints());
        List<TestingCluster.Node> masters = world.cluster.servingMasters();
        Set<Endpoint> successors = new HashSet<>();
        for (TestingCluster.Node master : masters) {
            world.cluster.replicasOf(master).stream().filter(r -> members.contains(r.endpoint)).findFirst()
                    .ifPresent(r -> successors.add(r.endpoint));
        }
        Assume.that(successors.size() == masters.size());
        world.target = withPreferred(world.target, spec -> successors.contains(spec.endpoint()));

        List<ClusterPlan> plans = world.cluster.converge(world.planner, world.target, PASSES_WITH_HAND_BACKS);

        List<ClusterPlan> handBacks = plans.stream()
                .filter(p -> p.stepsOf(ClusterStep.Failover.class).stream().anyMatch(f -> f.why() == ClusterStep.Failover.Why.PREFERRED_MASTER))
                .toList();
        assertThat(handBacks).hasSize(masters.size()).allSatisfy(p -> {
            assertThat(p.steps()).singleElement().isInstanceOfSatisfying(ClusterStep.Failover.class,
                    f -> assertThat(f.mode()).isEqualTo(ClusterStep.Failover.Mode.GRACEFUL));
            assertThat(p.pending()).isEmpty();
            assertThat(p.blockers()).isEmpty();
        });
    }

    @Property(tries = 150)
    void aConvergedClusterWhoseMastersArePreferredPlansNothing(@ForAll("scenarios") Scenario s, @ForAll("picks") List<Boolean> picks) {
        World world = new World(s);
        world.cluster.converge(world.planner, world.target, 4);
        Set<Endpoint> masters = new HashSet<>();
        world.cluster.servingMasters().forEach(m -> masters.add(m.endpoint));
        Set<Endpoint> picked = preferredEndpoints(preferring(world.target, picks));
        ClusterShape shape = withPreferred(world.target, spec -> masters.contains(spec.endpoint()) || picked.contains(spec.endpoint()));

        ClusterPlan plan = world.planner.plan(world.cluster.observe(), shape);

        assertThat(plan).matches(ClusterPlan::converged, "converged");
    }

    private static void assertHasTheShape(World world) {
        ClusterShape shape = world.target;
        TestingCluster cluster = world.cluster;
        List<TestingCluster.Node> masters = cluster.servingMasters();
        assertThat(masters).hasSize(shape.masters());

        int[] owners = new int[SlotRange.SLOTS];
        for (TestingCluster.Node master : masters) {
            master.slots.stream().forEach(slot -> owners[slot]++);
            assertThat(master.slots.cardinality())
                    .isBetween(SlotRange.SLOTS / shape.masters(), (SlotRange.SLOTS + shape.masters() - 1) / shape.masters());
            assertThat(master.migrating).isEmpty();
            assertThat(master.importing).isEmpty();
        }
        assertThat(owners).containsOnly(1);

        Set<String> members = new HashSet<>();
        shape.nodes().forEach(spec -> members.add(cluster.at(spec.endpoint()).id));
        for (String id : members) {
            assertThat(members).containsAll(cluster.node(id).known.stream().filter(k -> !k.equals(id)).toList());
        }
        int replicas = shape.nodes().size() - shape.masters();
        // A leaving replica is forgotten but may still stream from its old master; it is no member.
        List<Integer> counts = masters.stream()
                .map(m -> (int) cluster.replicasOf(m).stream().filter(r -> members.contains(r.id)).count())
                .toList();
        assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(replicas);
        assertThat(counts).allSatisfy(c -> assertThat(c).isBetween(replicas / shape.masters(), (replicas + shape.masters() - 1) / shape.masters()));
        assertThat(counts).allSatisfy(c -> assertThat(c).isGreaterThanOrEqualTo(shape.replicasPerMaster()));

        // Same-domain placements only where unavoidable: with T replicas, a domain holding c replicas and
        // masters that take Q of them forces c + Q - T replicas onto its own masters, and no other does.
        Map<String, Integer> replicasIn = new HashMap<>();
        Map<String, Integer> roomIn = new HashMap<>();
        int sameDomain = 0;
        for (TestingCluster.Node master : masters) {
            String domain = world.domains.get(master.endpoint);
            for (TestingCluster.Node replica : cluster.replicasOf(master).stream().filter(r -> members.contains(r.id)).toList()) {
                String replicaDomain = world.domains.get(replica.endpoint);
                replicasIn.merge(replicaDomain, 1, Integer::sum);
                roomIn.merge(domain, 1, Integer::sum);
                sameDomain += replicaDomain.equals(domain) ? 1 : 0;
            }
        }
        int unavoidable = 0;
        for (String domain : world.domains.values()) {
            unavoidable = Math.max(unavoidable, replicasIn.getOrDefault(domain, 0) + roomIn.getOrDefault(domain, 0) - replicas);
        }
        assertThat(sameDomain).isEqualTo(unavoidable);
    }
}
