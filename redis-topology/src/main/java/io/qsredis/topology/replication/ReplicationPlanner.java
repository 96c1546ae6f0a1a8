package io.qsredis.topology.replication;

import io.qsredis.topology.Endpoint;
import io.qsredis.topology.sentinel.ObservedSentinel;
import io.qsredis.topology.sentinel.SentinelPlanner;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the master of a replication group and plans the {@code REPLICAOF} commands that make every live
 * node follow it. Pure.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>Sentinel is the failover authority: when a live majority of the expected sentinels names a master,
 *       that is the master. Nothing is planned while a failover is under way or while that master cannot be
 *       reached (Sentinel will fail it over). Replicas that follow another node, and new nodes, are pointed
 *       at it.
 *   <li>Without a majority, the master is the live node with the highest replication offset (ties: the
 *       current master, then the lower replica priority, then the address); a node with priority 0 only when
 *       no other is live. It is promoted and every other live node follows it.
 *   <li>Never an empty node while another holds data: a node without keys is not chosen while a live node
 *       has keys, and nobody holding data is pointed at an empty master. When Sentinel's majority names an
 *       empty master (it restarted without its data before Sentinel noticed) and a replica holds data,
 *       Sentinel is asked to fail over, rather than overruled.
 *   <li>A failover never stalls: when Sentinel's majority names a master that no live node is, and Sentinel cannot
 *       fail it over (no Sentinel that monitors it knows a live replica at its current address, as after every pod
 *       restarted at new addresses, or every Sentinel asked refused), the live node with the highest replication
 *       offset is promoted as without a majority ({@link ReplicationPlan.Authority#TAKEN_OVER}); the caller then
 *       points the Sentinels at it.
 *   <li>Servers start as replicas of nothing (read-only, no source to resync from) until they are told
 *       otherwise. When Sentinel's majority names such a server (its master restarted), Sentinel is asked to
 *       fail over to the best replica while another server holds data; otherwise the server is promoted where
 *       Sentinel expects the master.
 * </ol>
 */
public final class ReplicationPlanner {

    private ReplicationPlanner() {}

    /**
     * @param nodes the data nodes of the group, reachable or not
     * @param sentinels the sentinels watching it (empty when none)
     * @param masterName the group's name in Sentinel
     * @param expectedSentinels how many sentinels the group should have
     */
    public static ReplicationPlan plan(List<ObservedRedis> nodes, List<ObservedSentinel> sentinels, String masterName, int expectedSentinels) {
        return plan(nodes, sentinels, masterName, expectedSentinels, false);
    }

    /**
     * @param sentinelsRefused whether every Sentinel asked to fail the master over lately refused ({@code NOGOODSLAVE},
     *     no quorum, TILT)
     */
    public static ReplicationPlan plan(List<ObservedRedis> nodes, List<ObservedSentinel> sentinels, String masterName, int expectedSentinels,
            boolean sentinelsRefused) {
        List<ObservedRedis> live = nodes.stream().filter(ObservedRedis::reachable).sorted(Comparator.comparing(ObservedRedis::endpoint)).toList();
        boolean anyData = live.stream().anyMatch(n -> n.keys() > 0);
        Optional<Endpoint> word = SentinelPlanner.majorityMaster(sentinels, masterName, expectedSentinels);
        if (word.isPresent()) {
            return followSentinel(word.get(), live, anyData, sentinels, masterName, sentinelsRefused);
        }
        if (live.isEmpty()) {
            return ReplicationPlan.builder().authority(ReplicationPlan.Authority.NONE)
                    .reason("no node of the group can be reached").addPending("no node of the group can be reached").build();
        }
        return highestOffset(live, anyData);
    }

    private static ReplicationPlan followSentinel(Endpoint master, List<ObservedRedis> live, boolean anyData,
            List<ObservedSentinel> sentinels, String masterName, boolean sentinelsRefused) {
        ImmutableReplicationPlan.Builder plan = ReplicationPlan.builder()
                .master(master)
                .authority(ReplicationPlan.Authority.SENTINEL_MAJORITY)
                .reason("a majority of the sentinels names " + master);
        if (SentinelPlanner.failoverInProgress(sentinels)) {
            return plan.addPending("Sentinel is failing " + masterName + " over").build();
        }
        Optional<ObservedRedis> node = live.stream().filter(n -> n.endpoint().equals(master)).findFirst();
        if (node.isEmpty() && !live.isEmpty() && (sentinelsRefused || !sentinelsKnowALiveReplica(sentinels, master, live))) {
            ReplicationPlan fallback = highestOffset(live, anyData);
            String why = sentinelsRefused ? "every Sentinel asked refused to fail " + master + " over"
                    : "no Sentinel that monitors " + master + " knows a live replica at its current address";
            return ReplicationPlan.builder().from(fallback)
                    .authority(ReplicationPlan.Authority.TAKEN_OVER)
                    .reason("the Sentinels name " + master + ", which no live server is, and cannot fail it over (" + why + "); "
                            + fallback.master().orElseThrow() + " holds the most of the replication stream (offset "
                            + live.stream().filter(n -> n.endpoint().equals(fallback.master().orElseThrow())).findFirst().orElseThrow()
                                    .replication().orElseThrow().offset() + ")")
                    .build();
        }
        if (node.isEmpty()) {
            return plan.addPending("the master " + master + " cannot be reached; Sentinel fails it over once it agrees it is down").build();
        }
        boolean othersHoldData = live.stream().anyMatch(n -> n != node.get() && n.keys() > 0);
        if (!node.get().replication().orElseThrow().isMaster() && !node.get().follows(live)) {
            // It restarted and came up as a replica of nothing (servers start so): read-only, no sync source.
            if (!othersHoldData) {
                return plan.addWarnings("the master " + master + " restarted as a replica of nothing and no other server holds data: "
                                + "promoting it where Sentinel expects it")
                        .addSteps(new ReplicationStep.PromoteToMaster(master))
                        .build();
            }
            return plan.addWarnings("the master " + master + " restarted as a replica of nothing while replicas hold data: "
                            + "asking Sentinel to fail over to the best of them")
                    .addSteps(new ReplicationStep.AskSentinelToFailOver(askable(sentinels, master), masterName))
                    .build();
        }
        if (node.get().keys() == 0 && anyData) {
            return plan.addWarnings("the master " + master + " holds no key while a replica holds data: it restarted empty; "
                            + "asking Sentinel to fail over instead of pointing replicas at it")
                    .addSteps(new ReplicationStep.AskSentinelToFailOver(askable(sentinels, master), masterName))
                    .build();
        }
        return follow(plan, node.get(), live).build();
    }

    /** Some Sentinel that monitors {@code master} knows, as up, a live node that replicates (Sentinel only promotes those). */
    private static boolean sentinelsKnowALiveReplica(List<ObservedSentinel> sentinels, Endpoint master, List<ObservedRedis> live) {
        return SentinelPlanner.knowsALiveReplica(sentinels, master, live.stream()
                .filter(n -> !n.replication().orElseThrow().isMaster())
                .map(ObservedRedis::endpoint)
                .collect(java.util.stream.Collectors.toSet()));
    }

    /** A live sentinel that monitors {@code master} (one exists: a majority names it). */
    private static Endpoint askable(List<ObservedSentinel> sentinels, Endpoint master) {
        return sentinels.stream()
                .filter(s -> s.monitors(master))
                .findFirst()
                .orElseThrow()
                .endpoint();
    }

    private static ReplicationPlan highestOffset(List<ObservedRedis> live, boolean anyData) {
        List<ObservedRedis> candidates = live.stream().filter(n -> !anyData || n.keys() > 0).toList();
        List<ObservedRedis> promotable = candidates.stream().filter(n -> n.replication().orElseThrow().replicaPriority() > 0).toList();
        ObservedRedis best = (promotable.isEmpty() ? candidates : promotable).stream()
                .min(Comparator.comparingLong((ObservedRedis n) -> -n.replication().orElseThrow().offset())
                        .thenComparing(n -> !n.replication().orElseThrow().isMaster())
                        .thenComparingInt(n -> n.replication().orElseThrow().replicaPriority())
                        .thenComparing(ObservedRedis::endpoint))
                .orElseThrow();
        ImmutableReplicationPlan.Builder plan = ReplicationPlan.builder()
                .master(best.endpoint())
                .authority(ReplicationPlan.Authority.HIGHEST_OFFSET)
                .reason("no sentinel majority; " + best.endpoint() + " holds the most of the replication stream (offset "
                        + best.replication().orElseThrow().offset() + ")");
        if (!best.replication().orElseThrow().isMaster()) {
            plan.addSteps(new ReplicationStep.PromoteToMaster(best.endpoint()));
        }
        return follow(plan, best, live).build();
    }

    private static ImmutableReplicationPlan.Builder follow(ImmutableReplicationPlan.Builder plan, ObservedRedis master, List<ObservedRedis> live) {
        for (ObservedRedis node : live) {
            if (node == master || node.follows(master.endpoint())) {
                continue;
            }
            if (master.keys() == 0 && node.keys() > 0) {
                plan.addWarnings("not pointing " + node.endpoint() + " (" + node.keys() + " keys) at the empty master " + master.endpoint());
                continue;
            }
            plan.addSteps(new ReplicationStep.ReplicaOf(node.endpoint(), master.endpoint()));
        }
        return plan;
    }
}
