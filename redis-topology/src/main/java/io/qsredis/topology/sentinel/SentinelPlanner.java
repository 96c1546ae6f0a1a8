package io.qsredis.topology.sentinel;

import io.qsredis.topology.Endpoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pure decisions about the sentinels of one group.
 *
 * <p>Quorum: a majority of the sentinels, {@code n / 2 + 1}. An even count is accepted with a warning (it
 * survives no more failures than one sentinel fewer), and so is a requested quorum below the majority
 * (Sentinel still needs a majority to elect the sentinel that fails over).
 *
 * <p>Re-pointing: the group's master is Sentinel's word when a live majority of the expected sentinels
 * agrees on one address; a sentinel that monitors nothing, or another address than that word (or than the
 * desired master when there is no majority), is removed and made to monitor it again; a sentinel with the
 * right master and different settings gets {@code SENTINEL SET}. Nothing at all is planned during a
 * failover.
 *
 * <p>Reset: {@code SENTINEL RESET} is never sent to a healthy group. Healthy means: a live majority agrees
 * on the master, no sentinel sees it down, no failover is under way, and no sentinel counts a sentinel
 * that is not one of ours (a stale peer makes every election need votes that cannot come). In an
 * unhealthy group, one sentinel with stale peers is reset per plan, and only while the others still form
 * an agreeing majority.
 */
public final class SentinelPlanner {

    private SentinelPlanner() {}

    /** A quorum and what a user should know about it. */
    public record Quorum(int value, List<String> warnings) {}

    public static Quorum quorum(int sentinels) {
        return quorum(sentinels, sentinels / 2 + 1);
    }

    /** Checks a requested quorum; throws when no failover could ever be agreed. */
    public static Quorum quorum(int sentinels, int requested) {
        if (sentinels < 1) {
            throw new IllegalArgumentException("at least one sentinel is needed, got " + sentinels);
        }
        if (requested < 1 || requested > sentinels) {
            throw new IllegalArgumentException("quorum " + requested + " is impossible with " + sentinels + " sentinels");
        }
        List<String> warnings = new ArrayList<>();
        int majority = sentinels / 2 + 1;
        if (sentinels == 1) {
            warnings.add("a single sentinel is a single point of failure");
        } else if (sentinels % 2 == 0) {
            warnings.add(sentinels + " sentinels survive no more failures than " + (sentinels - 1) + "; an odd count is advised");
        }
        if (requested < majority) {
            warnings.add("quorum " + requested + " is below the majority of " + majority
                    + ": a minority may flag the master down, but a failover still needs " + majority + " sentinels");
        }
        return new Quorum(requested, warnings);
    }

    /**
     * The master address a live majority of the {@code expected} sentinels agrees on, if any. Sentinels that
     * cannot be reached or do not monitor {@code masterName} count against the majority.
     */
    public static Optional<Endpoint> majorityMaster(List<ObservedSentinel> sentinels, String masterName, int expected) {
        Map<Endpoint, Integer> votes = new HashMap<>();
        for (ObservedSentinel sentinel : sentinels) {
            sentinel.master()
                    .filter(m -> sentinel.reachable() && m.name().equals(masterName))
                    .ifPresent(m -> votes.merge(m.address(), 1, Integer::sum));
        }
        return votes.entrySet().stream()
                .filter(e -> e.getValue() > expected / 2)
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /**
     * The live majority's master, unless {@code overruleMajority} and it is not {@code desired}'s: the caller promoted
     * {@code desired}'s master because the majority's is gone and the Sentinels could not fail it over.
     */
    public static Optional<Endpoint> majorityMaster(List<ObservedSentinel> sentinels, SentinelMonitor desired, boolean overruleMajority) {
        return majorityMaster(sentinels, desired.masterName(), sentinels.size()).filter(m -> !overruleMajority || m.equals(desired.master()));
    }

    /**
     * Whether some Sentinel that monitors {@code master} knows, as up, a replica at an address a replicating server
     * answers on now ({@code liveReplicas}): Sentinel only promotes such a replica, so with one it can fail
     * {@code master} over by itself, and nobody should overrule it.
     */
    public static boolean knowsALiveReplica(List<ObservedSentinel> sentinels, Endpoint master, Set<Endpoint> liveReplicas) {
        return sentinels.stream().filter(s -> s.monitors(master)).flatMap(s -> s.replicas().stream())
                .filter(replica -> !replica.down())
                .anyMatch(replica -> liveReplicas.contains(replica.address()));
    }

    public static boolean failoverInProgress(List<ObservedSentinel> sentinels) {
        return sentinels.stream().anyMatch(s -> s.reachable() && s.master().map(SentinelMasterView::failoverInProgress).orElse(false));
    }

    /**
     * @param sentinels every sentinel that should watch the group (unreachable ones included)
     * @param desired the group's settings; its master is used when no live majority names one
     */
    public static SentinelPlan plan(List<ObservedSentinel> sentinels, SentinelMonitor desired) {
        return plan(sentinels, desired, false);
    }

    /**
     * @param overruleMajority point every Sentinel at the desired master even when a majority names another: the
     *     caller promoted a replica because the majority's master is gone and the Sentinels could not fail it over
     */
    public static SentinelPlan plan(List<ObservedSentinel> sentinels, SentinelMonitor desired, boolean overruleMajority) {
        List<String> pending = new ArrayList<>();
        List<SentinelStep> steps = new ArrayList<>();
        String name = desired.masterName();
        int expected = sentinels.size();
        sentinels.stream().filter(s -> !s.reachable()).forEach(s -> pending.add("sentinel " + s.endpoint() + " is unreachable"));
        if (failoverInProgress(sentinels)) {
            pending.add("a failover of " + name + " is under way");
            return SentinelPlan.builder().pending(pending).healthy(false).build();
        }
        Optional<Endpoint> majority = majorityMaster(sentinels, desired, overruleMajority);
        Endpoint target = majority.orElse(desired.master());
        SentinelMonitor monitor = SentinelMonitor.builder().from(desired).master(target).build();

        Set<Endpoint> ours = new HashSet<>();
        sentinels.forEach(s -> ours.add(s.endpoint()));
        boolean masterSeenDown = false;
        boolean stalePeers = false;
        for (ObservedSentinel sentinel : sentinels) {
            if (!sentinel.reachable()) {
                continue;
            }
            Optional<SentinelMasterView> view = sentinel.master().filter(m -> m.name().equals(name));
            if (view.isEmpty()) {
                steps.add(new SentinelStep.Monitor(sentinel.endpoint(), monitor));
                continue;
            }
            SentinelMasterView master = view.get();
            masterSeenDown |= master.address().equals(target) && master.masterDown();
            stalePeers |= !stale(sentinel, ours).isEmpty();
            if (!master.address().equals(target)) {
                steps.add(new SentinelStep.Remove(sentinel.endpoint(), name));
                steps.add(new SentinelStep.Monitor(sentinel.endpoint(), monitor));
            } else {
                addSettings(steps, sentinel.endpoint(), master, monitor);
            }
        }
        boolean healthy = majority.isPresent() && !masterSeenDown && !stalePeers;
        if (!healthy && majority.isPresent()) {
            resetOneStaleSentinel(sentinels, ours, target, name, expected, steps);
        }
        return SentinelPlan.builder().steps(steps).pending(pending).healthy(healthy).build();
    }

    private static List<SentinelPeerView> stale(ObservedSentinel sentinel, Set<Endpoint> ours) {
        return sentinel.sentinels().stream().filter(peer -> !ours.contains(peer.address())).toList();
    }

    private static void addSettings(List<SentinelStep> steps, Endpoint sentinel, SentinelMasterView actual, SentinelMonitor desired) {
        String name = desired.masterName();
        if (actual.quorum() != desired.quorum()) {
            steps.add(new SentinelStep.Set(sentinel, name, "quorum", Integer.toString(desired.quorum())));
        }
        if (actual.downAfterMillis() != desired.downAfterMillis()) {
            steps.add(new SentinelStep.Set(sentinel, name, "down-after-milliseconds", Long.toString(desired.downAfterMillis())));
        }
        if (actual.failoverTimeoutMillis() != desired.failoverTimeoutMillis()) {
            steps.add(new SentinelStep.Set(sentinel, name, "failover-timeout", Long.toString(desired.failoverTimeoutMillis())));
        }
        if (actual.parallelSyncs() != desired.parallelSyncs()) {
            steps.add(new SentinelStep.Set(sentinel, name, "parallel-syncs", Integer.toString(desired.parallelSyncs())));
        }
    }

    private static void resetOneStaleSentinel(List<ObservedSentinel> sentinels, Set<Endpoint> ours, Endpoint target, String name,
            int expected, List<SentinelStep> steps) {
        Set<Endpoint> touched = new HashSet<>();
        steps.forEach(s -> touched.add(s.sentinel()));
        for (ObservedSentinel candidate : sentinels) {
            if (!candidate.reachable() || touched.contains(candidate.endpoint()) || stale(candidate, ours).isEmpty()) {
                continue;
            }
            long othersAgreeing = sentinels.stream()
                    .filter(s -> s != candidate && s.reachable())
                    .filter(s -> s.master().map(m -> m.name().equals(name) && m.address().equals(target)).orElse(false))
                    .count();
            if (othersAgreeing > expected / 2) {
                steps.add(new SentinelStep.Reset(candidate.endpoint(), name));
                return;
            }
        }
    }
}
