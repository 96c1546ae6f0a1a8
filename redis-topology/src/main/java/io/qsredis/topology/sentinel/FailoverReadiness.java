package io.qsredis.topology.sentinel;

import io.qsredis.topology.Endpoint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Whether a Sentinel group could fail its master over at this moment, and if not, what each Sentinel lacks. A
 * Sentinel is ready for a failover when it answers, monitors the master, knows every replica at its current address
 * (it can only promote a replica it knows) and knows every other Sentinel of the group (a failover needs a majority
 * of them to agree). A group whose Sentinels just started, or that learned new pod addresses, reports gaps for some
 * seconds; a group with gaps is not ready, because killing the master then leaves it without one. Pure.
 */
public final class FailoverReadiness {
    private FailoverReadiness() {}

    /** What one Sentinel lacks. */
    public enum Lack {
        UNREACHABLE,
        NOT_MONITORING,
        MISSING_REPLICAS,
        MISSING_SENTINELS
    }

    /**
     * @param sentinel the Sentinel
     * @param lack what it lacks
     * @param missingReplicas for {@link Lack#MISSING_REPLICAS}: the replicas it does not know (or knows as down)
     * @param knownSentinels for {@link Lack#MISSING_SENTINELS}: how many other Sentinels it knows as up
     * @param otherSentinels how many other Sentinels the group has
     */
    public record Gap(Endpoint sentinel, Lack lack, Set<Endpoint> missingReplicas, int knownSentinels, int otherSentinels) {}

    /**
     * @param sentinels every Sentinel of the group, unreachable ones included
     * @param master the current master
     * @param replicas the replicas of the master a failover could promote (their current addresses)
     */
    public static List<Gap> gaps(List<ObservedSentinel> sentinels, Endpoint master, Collection<Endpoint> replicas) {
        int others = sentinels.size() - 1;
        List<Gap> gaps = new ArrayList<>();
        for (ObservedSentinel sentinel : sentinels) {
            if (!sentinel.reachable()) {
                gaps.add(new Gap(sentinel.endpoint(), Lack.UNREACHABLE, Set.of(), 0, others));
                continue;
            }
            if (!sentinel.monitors(master)) {
                gaps.add(new Gap(sentinel.endpoint(), Lack.NOT_MONITORING, Set.of(), 0, others));
                continue;
            }
            Set<Endpoint> known = sentinel.replicas().stream().filter(r -> !r.down()).map(SentinelPeerView::address).collect(Collectors.toSet());
            Set<Endpoint> missing = replicas.stream().filter(r -> !known.contains(r)).collect(Collectors.toCollection(TreeSet::new));
            if (!missing.isEmpty()) {
                gaps.add(new Gap(sentinel.endpoint(), Lack.MISSING_REPLICAS, missing, 0, others));
            }
            int peers = (int) sentinel.sentinels().stream().filter(p -> !p.down()).count();
            if (peers < others) {
                gaps.add(new Gap(sentinel.endpoint(), Lack.MISSING_SENTINELS, Set.of(), peers, others));
            }
        }
        return gaps;
    }
}
