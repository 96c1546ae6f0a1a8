package io.qsredis.topology.replication;

import io.qsredis.topology.Endpoint;
import io.qsredis.topology.sentinel.ObservedSentinel;
import io.qsredis.topology.sentinel.SentinelPlanner;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Over random groups: reachable or not, with or without data, random offsets and random sentinel votes. */
class ReplicationPlannerProperties {

    record Node(boolean reachable, boolean master, long offset, long keys) {}

    @Provide
    Arbitrary<List<Node>> groups() {
        return Combinators.combine(
                        Arbitraries.of(true, true, true, false),
                        Arbitraries.of(true, false),
                        Arbitraries.longs().between(0, 1000),
                        Arbitraries.of(0L, 0L, 1L, 5000L))
                .as(Node::new)
                .list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<Integer>> votes() {
        return Arbitraries.integers().between(-1, 4).list().ofMinSize(0).ofMaxSize(5);
    }

    private static Endpoint at(int i) {
        return new Endpoint("10.0.0." + (i + 1), 6379);
    }

    private static List<ObservedRedis> observe(List<Node> group) {
        List<ObservedRedis> nodes = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            Node n = group.get(i);
            nodes.add(!n.reachable() ? ObservedRedis.unreachable(at(i))
                    : n.master() ? ReplicationPlannerTest.master(at(i), n.offset(), n.keys())
                    : ReplicationPlannerTest.replica(at(i), at(0), n.offset(), n.keys()));
        }
        return nodes;
    }

    /** Vote v names node v as master; -1 is an unreachable sentinel. */
    private static List<ObservedSentinel> sentinels(List<Integer> votes) {
        List<ObservedSentinel> sentinels = new ArrayList<>();
        for (int i = 0; i < votes.size(); i++) {
            sentinels.add(votes.get(i) < 0 ? ObservedSentinel.unreachable(new Endpoint("10.0.1." + i, 26379))
                    : ReplicationPlannerTest.sentinelSaying(i, at(votes.get(i)), "master"));
        }
        return sentinels;
    }

    @Property
    void neverChoosesAnEmptyNodeWhileALiveNodeHoldsDataUnlessSentinelSaysSoAndIsAskedToFailOver(
            @ForAll("groups") List<Node> group, @ForAll("votes") List<Integer> votes) {
        ReplicationPlan plan = ReplicationPlanner.plan(observe(group), sentinels(votes), "mymaster", votes.size());

        boolean anyData = group.stream().anyMatch(n -> n.reachable() && n.keys() > 0);
        plan.master()
                .map(m -> Integer.parseInt(m.host().substring(7)) - 1)
                .filter(i -> i < group.size())
                .map(group::get)
                .filter(chosen -> anyData && chosen.reachable() && chosen.keys() == 0)
                .ifPresent(emptyChosen -> {
                    assertThat(plan.authority()).isEqualTo(ReplicationPlan.Authority.SENTINEL_MAJORITY);
                    assertThat(plan.steps()).allMatch(ReplicationStep.AskSentinelToFailOver.class::isInstance).isNotEmpty();
                });
    }

    @Property
    void aLiveSentinelMajorityIsOverruledOnlyWhenItsMasterIsGoneAndItCannotFailItOver(@ForAll("groups") List<Node> group,
            @ForAll("votes") List<Integer> votes) {
        List<ObservedSentinel> sentinels = sentinels(votes);
        List<ObservedRedis> nodes = observe(group);
        ReplicationPlan plan = ReplicationPlanner.plan(nodes, sentinels, "mymaster", votes.size());

        SentinelPlanner.majorityMaster(sentinels, "mymaster", votes.size()).ifPresent(word -> {
            boolean wordIsLive = nodes.stream().anyMatch(n -> n.reachable() && n.endpoint().equals(word));
            if (plan.authority() == ReplicationPlan.Authority.TAKEN_OVER) {
                // These sentinels know no replica: with their master gone, nothing but the operator can promote one.
                assertThat(wordIsLive).as("overruled a majority whose master %s is live", word).isFalse();
                return;
            }
            assertThat(plan.master()).contains(word);
            // The only promotion: Sentinel's own master, when it came back a replica of nothing and nobody else holds data.
            assertThat(plan.steps()).allMatch(s -> !(s instanceof ReplicationStep.PromoteToMaster p) || p.node().equals(word));
            assertThat(plan.steps()).allMatch(s -> !(s instanceof ReplicationStep.ReplicaOf r) || r.master().equals(word));
        });
    }

    @Property
    void withoutAMajorityEveryLiveNodeEndsFollowingTheChosenMaster(@ForAll("groups") List<Node> group) {
        List<ObservedRedis> nodes = observe(group);
        ReplicationPlan plan = ReplicationPlanner.plan(nodes, List.of(), "mymaster", 0);

        plan.master().ifPresent(master -> {
            long offset = nodes.stream().filter(n -> n.endpoint().equals(master)).findFirst().orElseThrow().replication().orElseThrow().offset();
            boolean anyData = nodes.stream().anyMatch(n -> n.reachable() && n.keys() > 0);
            assertThat(nodes).filteredOn(n -> n.reachable() && (!anyData || n.keys() > 0))
                    .allSatisfy(n -> assertThat(n.replication().orElseThrow().offset()).isLessThanOrEqualTo(offset));
            for (ObservedRedis node : nodes) {
                if (node.reachable() && !node.endpoint().equals(master)) {
                    assertThat(node.follows(master) || plan.steps().contains(new ReplicationStep.ReplicaOf(node.endpoint(), master)))
                            .as("%s ends following %s", node.endpoint(), master).isTrue();
                }
            }
        });
    }

    @Property
    void aQuorumIsAlwaysAMajorityAndTwoQuorumsShareASentinel(@ForAll @IntRange(min = 1, max = 99) int sentinels) {
        SentinelPlanner.Quorum quorum = SentinelPlanner.quorum(sentinels);

        assertThat(quorum.value()).isLessThanOrEqualTo(sentinels);
        assertThat(2 * quorum.value()).isGreaterThan(sentinels);
        assertThat(quorum.warnings().isEmpty()).isEqualTo(sentinels % 2 == 1 && sentinels > 1);
    }
}
