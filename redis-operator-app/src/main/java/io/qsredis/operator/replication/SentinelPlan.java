package io.qsredis.operator.replication;

import io.qsredis.operator.reconcile.ObservedPod;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The steps that make every Sentinel of a group monitor the master with the configured settings, without ever
 * overruling a live majority.
 *
 * <ul>
 *   <li>While any Sentinel reports a failover in progress, nothing is done.
 *   <li>The target is the address a majority of the desired Sentinels monitors; with no majority, the master the
 *       operator observed on the servers (a fresh group, or a group that lost its Sentinels' state).
 *   <li>If the target's container just died (the kubelet shows it), one Sentinel is told {@code SENTINEL FAILOVER}
 *       at once, instead of the group waiting out {@code down-after-milliseconds}; nothing else that pass.
 *   <li>A Sentinel that monitors nothing is told to monitor the target; one that monitors another address is
 *       re-pointed (REMOVE, MONITOR) — it is in the minority, or there is no majority; then settings that differ,
 *       and the master's password when it changed, are set — the password only once the master accepts it.
 *   <li>A Sentinel that knows more Sentinels than the group has (a Sentinel pod was re-created with a new address)
 *       is reset, one per pass, so that stale entries cannot hold back the majority a failover needs.
 * </ul>
 * Pure: the same observation gives the same steps, in ordinal order.
 */
public final class SentinelPlan {

    public static final String FAILOVER_IN_PROGRESS_FLAG = "failover_in_progress";

    /** One Sentinel pod as observed: its view of the group, or empty when it monitors no such group. */
    public record SentinelNode(ObservedPod pod, boolean reachable, Optional<Map<String, String>> group, boolean authPassApplied) {
        public Optional<String> address() {
            return group.map(g -> g.get("ip") + ":" + g.get("port"));
        }

        boolean failingOver() {
            return group.map(g -> Objects.toString(g.get("flags"), "").contains(FAILOVER_IN_PROGRESS_FLAG)).orElse(false);
        }
    }

    /**
     * What the group should be: name, quorum and timings as Sentinel names them, and the master's password, with
     * whether the master accepts it yet (a Sentinel told a password the master refuses would see it down).
     */
    public record Settings(String group, int quorum, long downAfterMillis, long failoverTimeoutMillis, int parallelSyncs, Optional<String> authPass,
            boolean authPassAccepted) {
        Optional<String> usableAuthPass() {
            return authPassAccepted ? authPass : Optional.empty();
        }

        Settings accepted(boolean accepted) {
            return new Settings(group, quorum, downAfterMillis, failoverTimeoutMillis, parallelSyncs, authPass, accepted);
        }

        Map<String, String> asSentinelSet() {
            Map<String, String> set = new LinkedHashMap<>();
            set.put("down-after-milliseconds", Long.toString(downAfterMillis));
            set.put("failover-timeout", Long.toString(failoverTimeoutMillis));
            set.put("parallel-syncs", Integer.toString(parallelSyncs));
            set.put("quorum", Integer.toString(quorum));
            return set;
        }

        @Override
        public String toString() {
            return "Settings[group=" + group + ", quorum=" + quorum + ", downAfter=" + downAfterMillis + ", failoverTimeout="
                    + failoverTimeoutMillis + ", parallelSyncs=" + parallelSyncs + ", authPass=" + (authPass.isPresent() ? "set" : "none") + "]";
        }
    }

    /** Why the plan is what it is. */
    public enum Reason {
        CONVERGED("every Sentinel monitors the master"),
        CONFIGURING("Sentinels are being pointed at the master"),
        FAILOVER_STARTED("the master's container died: failover requested at once"),
        FAILOVER_IN_PROGRESS("the Sentinels are failing over"),
        NO_MASTER("no master to monitor yet");

        private final String message;

        Reason(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    public sealed interface Step permits Monitor, Remove, Configure, Reset, Failover {
        SentinelNode sentinel();
    }

    public record Monitor(SentinelNode sentinel, String ip, int port, int quorum) implements Step {}

    public record Remove(SentinelNode sentinel) implements Step {}

    /** {@code SENTINEL SET}; the values may include {@code auth-pass}, so this record never prints them. */
    public record Configure(SentinelNode sentinel, Map<String, String> values) implements Step {
        @Override
        public String toString() {
            return "Configure[" + sentinel.pod().name() + " " + values.keySet() + "]";
        }
    }

    public record Reset(SentinelNode sentinel) implements Step {}

    public record Failover(SentinelNode sentinel) implements Step {}

    /** The target ({@code ip:port}, when there is one), whether a majority monitors it, why, and the steps. */
    public record Plan(Optional<String> target, boolean majority, Reason reason, List<Step> steps) {
        /** Every Sentinel monitors the target with every setting: nothing to do, nothing pending. */
        public boolean converged() {
            return reason == Reason.CONVERGED;
        }
    }

    private SentinelPlan() {}

    /**
     * @param sentinels the group's Sentinel pods
     * @param desired how many Sentinels the group should have
     * @param observedMaster {@code ip:port} of the master the operator sees on the servers, if any
     * @param died {@code ip:port} of the servers whose container died since the last pass
     */
    public static Plan plan(List<SentinelNode> sentinels, int desired, Settings settings, Optional<String> observedMaster, Set<String> died) {
        List<SentinelNode> reachable = sentinels.stream().filter(SentinelNode::reachable)
                .sorted((a, b) -> Integer.compare(a.pod().ordinal(), b.pod().ordinal())).toList();
        Optional<String> majority = majority(sentinels, desired);
        if (failoverInProgress(sentinels)) {
            return new Plan(majority, majority.isPresent(), Reason.FAILOVER_IN_PROGRESS, List.of());
        }
        if (majority.isPresent() && died.contains(majority.get())) {
            SentinelNode asked = reachable.stream().filter(s -> s.address().equals(majority)).findFirst().orElseThrow();
            return new Plan(majority, true, Reason.FAILOVER_STARTED, List.of(new Failover(asked)));
        }
        Optional<String> target = majority.or(() -> observedMaster);
        if (target.isEmpty()) {
            return new Plan(Optional.empty(), false, Reason.NO_MASTER, List.of());
        }
        String ip = target.get().substring(0, target.get().lastIndexOf(':'));
        int port = Integer.parseInt(target.get().substring(target.get().lastIndexOf(':') + 1));
        List<Step> steps = new ArrayList<>();
        for (SentinelNode sentinel : reachable) {
            if (sentinel.address().isEmpty()) {
                steps.add(new Monitor(sentinel, ip, port, settings.quorum()));
                steps.add(new Configure(sentinel, withAuthPass(settings.asSentinelSet(), settings)));
            } else if (!sentinel.address().equals(target)) {
                steps.add(new Remove(sentinel));
                steps.add(new Monitor(sentinel, ip, port, settings.quorum()));
                steps.add(new Configure(sentinel, withAuthPass(settings.asSentinelSet(), settings)));
            } else {
                Map<String, String> differing = new LinkedHashMap<>();
                settings.asSentinelSet().forEach((name, value) -> {
                    if (!value.equals(sentinel.group().get().get(name))) {
                        differing.put(name, value);
                    }
                });
                if (!sentinel.authPassApplied()) {
                    settings.usableAuthPass().ifPresent(pass -> differing.put("auth-pass", pass));
                }
                if (!differing.isEmpty()) {
                    steps.add(new Configure(sentinel, differing));
                }
            }
        }
        boolean authPassPending = settings.authPass().isPresent() && !settings.authPassAccepted()
                && reachable.stream().anyMatch(s -> !s.authPassApplied());
        if (steps.isEmpty() && !authPassPending) {
            reachable.stream()
                    .filter(s -> Long.parseLong(s.group().get().getOrDefault("num-other-sentinels", "0")) > desired - 1)
                    .findFirst()
                    .ifPresent(stale -> steps.add(new Reset(stale)));
        }
        return new Plan(target, majority.isPresent(), steps.isEmpty() && !authPassPending ? Reason.CONVERGED : Reason.CONFIGURING, steps);
    }

    /** The {@code ip:port} that more than half of the desired Sentinels monitor, if any. */
    public static Optional<String> majority(List<SentinelNode> sentinels, int desired) {
        return sentinels.stream().filter(SentinelNode::reachable).map(SentinelNode::address).flatMap(Optional::stream)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                .entrySet().stream()
                .filter(e -> e.getValue() > desired / 2)
                .map(Map.Entry::getKey)
                .findFirst();
    }

    public static boolean failoverInProgress(List<SentinelNode> sentinels) {
        return sentinels.stream().filter(SentinelNode::reachable).anyMatch(SentinelNode::failingOver);
    }

    private static Map<String, String> withAuthPass(Map<String, String> values, Settings settings) {
        Map<String, String> all = new LinkedHashMap<>(values);
        settings.usableAuthPass().ifPresent(pass -> all.put("auth-pass", pass));
        return all;
    }
}
