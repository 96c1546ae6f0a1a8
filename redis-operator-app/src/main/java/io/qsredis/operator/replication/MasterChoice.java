package io.qsredis.operator.replication;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which server is master, and the steps that make every other reachable server replicate it.
 *
 * <p>When Sentinels monitor the group, their majority decides and the operator only follows: it points servers that
 * follow no one or someone else at the Sentinels' master, does nothing while a failover is in progress, and pauses
 * writes on a Sentinel master that came back empty (its Sentinels are being told to fail over). Otherwise
 * the operator decides:
 * <ol>
 *   <li>among the servers acting as master (except one that came back empty), the one holding the most of the
 *       replication stream; ties go to the previous master, then to the lowest ordinal (so the first pod of a fresh
 *       start);
 *   <li>with none, if replicas follow a master that came back empty or is known down (its container died, or its pod
 *       is not ready and it does not answer), promote the replica holding the most of the stream (same ties) and
 *       point the others at it.
 * </ol>
 * An empty restarted master (persistence off, container restarted; or offset 0 while its replicas hold more) is never
 * kept and never a source: it is pointed at the new master like any replica. A master that is only unreachable from the
 * operator while its pod is ready is not failed over: the operator is no failure detector.
 *
 * <p>Pure: same observation, same choice. Servers are considered in ordinal order.
 */
public final class MasterChoice {

    /** Why the master is the one it is. */
    public enum Reason {
        KEPT("the master still serves"),
        ADOPTED("a server already acts as master and holds the most of the stream"),
        FOLLOWED_SENTINEL("the Sentinels' majority names it"),
        FIRST_START("no server was master yet: the first one that answers"),
        PROMOTED_AFTER_EMPTY_RESTART("the master restarted without its data; the replica holding the most was promoted"),
        PROMOTED_AFTER_MASTER_DOWN("the master's pod is down; the replica holding the most was promoted"),
        SENTINEL_FAILOVER_IN_PROGRESS("the Sentinels are failing over"),
        SENTINEL_MASTER_UNKNOWN("the Sentinels name an address no server has"),
        SENTINEL_MASTER_CAME_BACK_EMPTY("the Sentinels' master restarted without its data: writes paused until they fail over"),
        WAITING("no server answers yet, or the master is unreachable while its pod is ready");

        private final String message;

        Reason(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    /** What the Sentinels that monitor the group say, when any does. */
    public record SentinelView(Optional<String> majorityMasterIp, boolean failoverInProgress) {}

    /** One step on one server. */
    public sealed interface Step permits Promote, Replicate, PauseWrites {
        ServerNode node();
    }

    /**
     * {@code CLIENT PAUSE <ms> WRITE}: a master that came back empty must not acknowledge writes it will lose when the
     * Sentinels demote it; clients wait (and time out) instead, until the failover moves them.
     */
    public record PauseWrites(ServerNode node) implements Step {}

    /** {@code REPLICAOF NO ONE}. */
    public record Promote(ServerNode node) implements Step {}

    /** {@code REPLICAOF <master ip> <port>}. */
    public record Replicate(ServerNode node, ServerNode master) implements Step {}

    /** The decision: the master if there is one, why, and the steps to take. */
    public record Plan(Optional<ServerNode> master, Reason reason, List<Step> steps) {
        public boolean converged() {
            return master.isPresent() && steps.isEmpty() && reason != Reason.SENTINEL_FAILOVER_IN_PROGRESS
                    && reason != Reason.SENTINEL_MASTER_CAME_BACK_EMPTY;
        }
    }

    private MasterChoice() {}

    /**
     * @param nodes every server pod, reachable or not
     * @param previousMaster the pod the operator reported as master last time
     * @param sentinels present when Sentinels monitor the group
     * @param persistence whether servers keep their data across a restart
     * @param port the servers' port
     */
    public static Plan plan(List<ServerNode> nodes, Optional<String> previousMaster, Optional<SentinelView> sentinels, boolean persistence, int port) {
        List<ServerNode> sorted = nodes.stream().sorted(Comparator.comparingInt(n -> n.pod().ordinal())).toList();
        if (sentinels.isPresent()) {
            return followSentinels(sorted, sentinels.get(), persistence, port);
        }
        List<ServerNode> masters = sorted.stream().filter(n -> n.isMaster() && !cameBackEmpty(n, sorted, persistence, port)).toList();
        if (!masters.isEmpty()) {
            ServerNode chosen = masters.stream().max(Comparator.comparingLong(ServerNode::offset)
                    .thenComparing(n -> previousMaster.filter(n.name()::equals).isPresent())
                    .thenComparing(Comparator.comparingInt((ServerNode n) -> n.pod().ordinal()).reversed())).get();
            boolean anyReplica = sorted.stream().anyMatch(n -> n.reachable() && !n.isMaster());
            Reason reason = previousMaster.filter(chosen.name()::equals).isPresent() ? Reason.KEPT
                    : !anyReplica && chosen.offset() == 0 ? Reason.FIRST_START : Reason.ADOPTED;
            return pointAll(sorted, chosen, reason, port);
        }
        List<ServerNode> replicas = sorted.stream().filter(n -> n.reachable() && !n.isMaster()).toList();
        if (replicas.isEmpty()) {
            return new Plan(Optional.empty(), Reason.WAITING, List.of());
        }
        if (sorted.stream().anyMatch(n -> n.isMaster())) {
            return promote(sorted, best(replicas, previousMaster), Reason.PROMOTED_AFTER_EMPTY_RESTART, port);
        }
        if (masterKnownDown(sorted, replicas)) {
            return promote(sorted, best(replicas, previousMaster), Reason.PROMOTED_AFTER_MASTER_DOWN, port);
        }
        return new Plan(Optional.empty(), Reason.WAITING, List.of());
    }

    private static Plan followSentinels(List<ServerNode> sorted, SentinelView view, boolean persistence, int port) {
        Optional<ServerNode> master = view.majorityMasterIp()
                .flatMap(ip -> sorted.stream().filter(n -> n.ip().filter(ip::equals).isPresent()).findFirst());
        // Even mid-failover: until the Sentinels switch, clients still write to the address they knew.
        if (master.isPresent() && cameBackEmpty(master.get(), sorted, persistence, port)) {
            return new Plan(master, Reason.SENTINEL_MASTER_CAME_BACK_EMPTY, List.of(new PauseWrites(master.get())));
        }
        if (view.failoverInProgress()) {
            return new Plan(master, Reason.SENTINEL_FAILOVER_IN_PROGRESS, List.of());
        }
        if (master.isEmpty()) {
            return new Plan(Optional.empty(), Reason.SENTINEL_MASTER_UNKNOWN, List.of());
        }
        if (!master.get().isMaster()) {
            // Sentinel's pick does not act as master yet (or came back as something else): Sentinel fixes it, not us.
            return new Plan(master, Reason.FOLLOWED_SENTINEL, List.of());
        }
        return pointAll(sorted, master.get(), Reason.FOLLOWED_SENTINEL, port);
    }

    /** A master that came back without the data its replicas hold must not be their sync source. */
    static boolean cameBackEmpty(ServerNode node, List<ServerNode> all, boolean persistence, int port) {
        if (!node.isMaster()) {
            return false;
        }
        if (node.restarted() && !persistence) {
            return true;
        }
        long own = node.offset();
        return own == 0 && all.stream().anyMatch(other -> other != node && other.reachable() && !other.isMaster()
                && node.ip().filter(ip -> other.info().get().follows(ip, port)).isPresent() && other.offset() > 0);
    }

    /** The master the replicas follow is gone: no reachable master, and no master pod that is ready. */
    private static boolean masterKnownDown(List<ServerNode> all, List<ServerNode> replicas) {
        for (ServerNode replica : replicas) {
            String host = replica.info().get().masterHost().orElse("");
            Optional<ServerNode> followed = all.stream().filter(n -> n.ip().filter(host::equals).isPresent()).findFirst();
            if (followed.isPresent() && (followed.get().pod().ready() || followed.get().reachable()) && !followed.get().restarted()) {
                return false;
            }
        }
        return true;
    }

    private static ServerNode best(List<ServerNode> replicas, Optional<String> previousMaster) {
        return replicas.stream()
                .max(Comparator.comparingLong(ServerNode::offset)
                        .thenComparing(n -> previousMaster.filter(n.name()::equals).isPresent())
                        .thenComparing(Comparator.comparingInt((ServerNode n) -> n.pod().ordinal()).reversed()))
                .orElseThrow();
    }

    private static Plan promote(List<ServerNode> sorted, ServerNode chosen, Reason reason, int port) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Promote(chosen));
        steps.addAll(pointAll(sorted, chosen, reason, port).steps());
        return new Plan(Optional.of(chosen), reason, steps);
    }

    private static Plan pointAll(List<ServerNode> sorted, ServerNode master, Reason reason, int port) {
        List<Step> steps = new ArrayList<>();
        String ip = master.ip().orElseThrow();
        for (ServerNode node : sorted) {
            if (node == master || !node.reachable()) {
                continue;
            }
            if (node.isMaster() || !node.info().get().follows(ip, port)) {
                steps.add(new Replicate(node, master));
            }
        }
        return new Plan(Optional.of(master), reason, steps);
    }
}
