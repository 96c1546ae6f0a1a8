package io.qsredis.topology.cluster;

import io.qsredis.topology.Endpoint;
import io.qsredis.topology.replication.ReplicationInfo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A model of a Redis Cluster that carries out {@link ClusterStep}s the way Redis does, with gossip that
 * completes at once. It renders what each node would answer to {@code CLUSTER NODES}, and it fails loudly
 * when a step breaks a rule Redis enforces or one of ours (forgetting a node that serves slots, resetting a
 * node that holds keys, losing a key).
 */
final class TestingCluster {

    static final class Node {
        final String id;
        Endpoint endpoint;
        /** Addresses this node still has for peers that moved. */
        final Map<String, Endpoint> staleAddresses = new LinkedHashMap<>();
        boolean alive = true;
        /** A replica in a full resynchronisation: it has not caught up with its master. */
        boolean syncing;
        boolean master = true;
        String masterId;
        long epoch;
        final BitSet slots = new BitSet(SlotRange.SLOTS);
        final TreeMap<Integer, String> migrating = new TreeMap<>();
        final TreeMap<Integer, String> importing = new TreeMap<>();
        /** Keys per slot held by this node as a master. */
        final Map<Integer, Integer> keys = new TreeMap<>();
        final Set<String> known = new LinkedHashSet<>();
        final Set<String> banned = new HashSet<>();

        Node(String id, Endpoint endpoint) {
            this.id = id;
            this.endpoint = endpoint;
        }

        int keyCount() {
            return keys.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private long maxEpoch;

    Node add(Endpoint endpoint) {
        String id = UUID.nameUUIDFromBytes(endpoint.toString().getBytes(StandardCharsets.UTF_8)).toString().replace("-", "")
                + String.format("%08x", nodes.size());
        Node node = new Node(id, endpoint);
        nodes.put(id, node);
        return node;
    }

    Node node(String id) {
        Node node = nodes.get(id);
        if (node == null) {
            throw new IllegalStateException("unknown node " + id);
        }
        return node;
    }

    Node at(Endpoint endpoint) {
        return nodes.values().stream().filter(n -> n.endpoint.equals(endpoint)).findFirst().orElseThrow();
    }

    List<Node> nodes() {
        return new ArrayList<>(nodes.values());
    }

    /** Masters serving slots, as a live client would see them. */
    List<Node> servingMasters() {
        return nodes.values().stream().filter(n -> n.alive && n.master && !n.slots.isEmpty()).toList();
    }

    /** Live replicas of a master. */
    List<Node> replicasOf(Node master) {
        return nodes.values().stream().filter(n -> n.alive && !n.master && master.id.equals(n.masterId)).toList();
    }

    long totalKeys() {
        return nodes.values().stream().filter(n -> n.master).mapToLong(Node::keyCount).sum();
    }

    void putKeys(int slot, int count) {
        Node owner = ownerOf(slot);
        owner.keys.merge(slot, count, Integer::sum);
    }

    Node ownerOf(int slot) {
        return nodes.values().stream().filter(n -> n.master && n.slots.get(slot)).findFirst().orElseThrow();
    }

    // Observation ---------------------------------------------------------------------------------

    ObservedCluster observe() {
        List<ObservedNode> observed = new ArrayList<>();
        for (Node node : nodes.values()) {
            if (!node.alive) {
                observed.add(ObservedNode.unreachable(node.endpoint, "Connection refused"));
                continue;
            }
            List<ClusterNode> view = new ArrayList<>();
            view.add(line(node, true));
            for (String id : node.known) {
                ClusterNode line = line(nodes.get(id), false);
                Endpoint stale = node.staleAddresses.get(id);
                if (stale != null) {
                    EnumSet<NodeFlag> flags = EnumSet.copyOf(line.flags());
                    flags.add(NodeFlag.PFAIL);
                    line = ImmutableClusterNode.copyOf(line).withIp(stale.host()).withPort(stale.port()).withFlags(flags);
                }
                view.add(line);
            }
            ImmutableObservedNode.Builder builder = ObservedNode.builder()
                    .endpoint(node.endpoint)
                    .view(view)
                    .keys(dataKeys(node))
                    .clusterState(clusterState(node))
                    .replication(replication(node));
            Set<Integer> interesting = new LinkedHashSet<>(node.migrating.keySet());
            interesting.addAll(node.importing.keySet());
            if (node.master) {
                for (int slot : node.keys.keySet()) {
                    if (!coveredInViewOf(node, slot)) {
                        interesting.add(slot);
                    }
                }
            }
            for (int slot : interesting) {
                int n = node.master ? node.keys.getOrDefault(slot, 0) : 0;
                if (n > 0) {
                    builder.putKeysInSlots(slot, (long) n);
                }
            }
            observed.add(builder.build());
        }
        return ObservedCluster.of(observed);
    }

    private ReplicationInfo replication(Node node) {
        if (node.master) {
            return ReplicationInfo.builder().role(ReplicationInfo.Role.MASTER).build();
        }
        Node master = nodes.get(node.masterId);
        return ReplicationInfo.builder()
                .role(ReplicationInfo.Role.REPLICA)
                .masterHost(master.endpoint.host())
                .masterPort(master.endpoint.port())
                .masterLinkUp(master.alive && !node.syncing)
                .syncInProgress(node.syncing)
                .build();
    }

    private long dataKeys(Node node) {
        if (node.master) {
            return node.keyCount();
        }
        Node master = nodes.get(node.masterId);
        return master == null ? 0 : master.keyCount();
    }

    private boolean coveredInViewOf(Node viewer, int slot) {
        if (viewer.slots.get(slot)) {
            return true;
        }
        for (String id : viewer.known) {
            Node peer = nodes.get(id);
            if (peer.master && peer.slots.get(slot)) {
                return true;
            }
        }
        return false;
    }

    private String clusterState(Node viewer) {
        BitSet covered = new BitSet(SlotRange.SLOTS);
        if (viewer.master) {
            covered.or(viewer.slots);
        }
        for (String id : viewer.known) {
            Node peer = nodes.get(id);
            if (peer.alive && peer.master) {
                covered.or(peer.slots);
            }
        }
        return covered.cardinality() == SlotRange.SLOTS ? "ok" : "fail";
    }

    private ClusterNode line(Node node, boolean myself) {
        EnumSet<NodeFlag> flags = EnumSet.noneOf(NodeFlag.class);
        if (myself) {
            flags.add(NodeFlag.MYSELF);
        }
        flags.add(node.master ? NodeFlag.MASTER : NodeFlag.REPLICA);
        if (!node.alive) {
            flags.add(NodeFlag.FAIL);
        }
        ImmutableClusterNode.Builder line = ClusterNode.builder()
                .id(node.id)
                .ip(node.endpoint.host())
                .port(node.endpoint.port())
                .busPort(node.endpoint.port() + 10000)
                .flags(flags)
                .configEpoch(node.master ? node.epoch : epochOf(node.masterId))
                .linkConnected(node.alive)
                .slots(node.master ? SlotRange.rangesOf(node.slots) : List.of());
        if (!node.master) {
            line.masterId(node.masterId);
        }
        if (myself) {
            line.migrating(node.migrating).importing(node.importing);
        }
        return line.build();
    }

    private long epochOf(String id) {
        Node node = nodes.get(id);
        return node == null ? 0 : node.epoch;
    }

    // Steps ---------------------------------------------------------------------------------------

    void apply(ClusterStep step) {
        if (step instanceof ClusterStep.Meet meet) {
            Node via = live(meet.via());
            Node node = live(meet.node());
            check(node.endpoint.host().equals(meet.ip()) && node.endpoint.port() == meet.port(), "meet with a wrong address " + meet);
            via.banned.remove(node.id);
            via.staleAddresses.remove(node.id);
            node.banned.remove(via.id);
            via.known.add(node.id);
            node.known.add(via.id);
        } else if (step instanceof ClusterStep.AddSlots add) {
            Node master = live(add.master());
            check(master.master, "ADDSLOTS on a replica " + add);
            for (SlotRange range : add.slots()) {
                for (int slot = range.first(); slot <= range.last(); slot++) {
                    for (Node other : nodes.values()) {
                        check(!other.slots.get(slot) || other == master, "slot " + slot + " already busy: " + add);
                    }
                    master.slots.set(slot);
                }
            }
        } else if (step instanceof ClusterStep.Failover failover) {
            Node replica = live(failover.replica());
            Node master = live(failover.master());
            check(!replica.master && master.id.equals(replica.masterId), "failover of a node that is not its replica " + failover);
            replica.master = true;
            replica.masterId = null;
            replica.slots.or(master.slots);
            replica.keys.putAll(master.keys);
            replica.epoch = ++maxEpoch;
            master.slots.clear();
            master.keys.clear();
            for (Node other : nodes.values()) {
                if (!other.master && master.id.equals(other.masterId)) {
                    other.masterId = replica.id;
                }
            }
            master.master = false;
            master.masterId = replica.id;
        } else if (step instanceof ClusterStep.Replicate replicate) {
            Node replica = live(replicate.replica());
            Node master = live(replicate.master());
            check(replica.known.contains(master.id), "REPLICATE to an unknown node " + replicate);
            check(master.master, "REPLICATE to a replica " + replicate);
            if (replica.master) {
                check(replica.slots.isEmpty() && replica.keys.isEmpty(), "REPLICATE on a master with slots or keys " + replicate);
            }
            replica.master = false;
            replica.masterId = master.id;
        } else if (step instanceof ClusterStep.MigrateSlots migrate) {
            migrate(migrate, Integer.MAX_VALUE);
        } else if (step instanceof ClusterStep.StabilizeSlot stabilize) {
            Node node = live(stabilize.node());
            node.migrating.remove(stabilize.slot());
            node.importing.remove(stabilize.slot());
        } else if (step instanceof ClusterStep.Forget forget) {
            Node gone = node(forget.node().id());
            check(gone.slots.isEmpty() || !gone.master, "forgetting " + gone.endpoint + " while it serves slots");
            for (NodeRef on : forget.on()) {
                Node node = live(on);
                check(!gone.id.equals(node.masterId), "forgetting the master of " + node.endpoint);
                node.known.remove(gone.id);
                node.banned.add(gone.id);
            }
        } else if (step instanceof ClusterStep.Reset reset) {
            Node node = live(reset.node());
            check(dataKeys(node) == 0, "RESET of " + node.endpoint + " holding keys");
            node.known.clear();
            node.master = true;
            node.masterId = null;
            node.slots.clear();
            node.migrating.clear();
            node.importing.clear();
        } else {
            throw new IllegalArgumentException("unknown step " + step);
        }
        gossip();
    }

    /**
     * Carries out a migration as far as {@code slotLimit} slots, then half of the next one, as if the
     * process running it were killed: that slot stays MIGRATING/IMPORTING with its keys split.
     */
    void migrate(ClusterStep.MigrateSlots migrate, int slotLimit) {
        Node source = live(migrate.source());
        Node target = live(migrate.target());
        check(source.known.contains(target.id) && target.known.contains(source.id), "migration between strangers " + migrate);
        int done = 0;
        for (SlotRange range : migrate.slots()) {
            for (int slot = range.first(); slot <= range.last(); slot++) {
                if (target.slots.get(slot)) {
                    source.migrating.remove(slot);
                    target.importing.remove(slot);
                    continue;
                }
                check(source.slots.get(slot), "moving slot " + slot + " that the source does not serve: " + migrate);
                target.importing.put(slot, source.id);
                source.migrating.put(slot, target.id);
                int keys = source.keys.getOrDefault(slot, 0);
                if (done == slotLimit) {
                    int moved = keys / 2;
                    moveKeys(source, target, slot, moved);
                    gossip();
                    return;
                }
                moveKeys(source, target, slot, keys);
                target.importing.remove(slot);
                target.slots.set(slot);
                target.epoch = ++maxEpoch;
                source.migrating.remove(slot);
                source.slots.clear(slot);
                done++;
            }
        }
        gossip();
    }

    private void moveKeys(Node source, Node target, int slot, int count) {
        if (count == 0) {
            return;
        }
        source.keys.merge(slot, -count, Integer::sum);
        source.keys.remove(slot, 0);
        target.keys.merge(slot, count, Integer::sum);
    }

    private Node live(NodeRef ref) {
        Node node = node(ref.id());
        check(node.endpoint.equals(ref.endpoint()), "step names " + ref + " but the node is at " + node.endpoint);
        check(node.alive, "step on a dead node " + ref);
        return node;
    }

    /**
     * Gossip at once: a node learns every node its live peers know, except those it was told to forget.
     * As in Redis, a node never learns a peer from that peer's own pings; only MEET and gossip introduce.
     */
    private void gossip() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Node node : nodes.values()) {
                if (!node.alive) {
                    continue;
                }
                for (String peerId : List.copyOf(node.known)) {
                    Node peer = nodes.get(peerId);
                    if (!peer.alive) {
                        continue;
                    }
                    for (String id : peer.known) {
                        if (!id.equals(node.id) && !node.known.contains(id) && !node.banned.contains(id)) {
                            node.known.add(id);
                            changed = true;
                        }
                    }
                }
            }
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /** Restarts a node on a new address, as a pod does; its peers keep the old one until met again. */
    void move(Node node, Endpoint newEndpoint) {
        for (Node peer : nodes.values()) {
            if (peer.known.contains(node.id)) {
                peer.staleAddresses.put(node.id, node.endpoint);
            }
        }
        node.endpoint = newEndpoint;
    }

    /** Stops a node's process; its peers flag it failing. */
    void kill(Node node) {
        node.alive = false;
    }

    /** What Redis does on its own when a master fails: its first live replica takes its slots over. */
    void failOverAutomatically(Node deadMaster) {
        Node heir = replicasOf(deadMaster).stream().filter(n -> n.alive).findFirst().orElseThrow();
        heir.master = true;
        heir.masterId = null;
        heir.slots.or(deadMaster.slots);
        heir.keys.putAll(deadMaster.keys);
        heir.epoch = ++maxEpoch;
        deadMaster.slots.clear();
        deadMaster.keys.clear();
        for (Node other : nodes.values()) {
            if (!other.master && deadMaster.id.equals(other.masterId) && other != heir) {
                other.masterId = heir.id;
            }
        }
        deadMaster.master = false;
        deadMaster.masterId = heir.id;
    }

    // Driving -------------------------------------------------------------------------------------

    /** Plans and applies until the plan is converged; returns the plans made, the last one converged. */
    List<ClusterPlan> converge(ClusterPlanner planner, ClusterShape shape, int maxPasses) {
        List<ClusterPlan> plans = new ArrayList<>();
        for (int pass = 0; pass < maxPasses; pass++) {
            ClusterPlan plan = planner.plan(observe(), shape);
            plans.add(plan);
            if (plan.converged()) {
                return plans;
            }
            if (!plan.blockers().isEmpty() || plan.steps().isEmpty()) {
                throw new IllegalStateException("stuck: " + plan);
            }
            plan.steps().forEach(this::apply);
        }
        throw new IllegalStateException("not converged after " + maxPasses + " passes: " + plans.get(plans.size() - 1));
    }
}
