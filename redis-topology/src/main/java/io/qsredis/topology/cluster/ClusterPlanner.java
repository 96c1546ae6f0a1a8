package io.qsredis.topology.cluster;

import io.qsredis.topology.Endpoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plans the steps that turn an observed Redis Cluster into a {@link ClusterShape}. Pure: one observation
 * in, one {@link ClusterPlan} out; inputs are sorted by endpoint, so the same observation always gives the
 * same plan.
 *
 * <p>Algorithm:
 * <ol>
 *   <li>Membership. The anchor is the desired node whose view covers most slots (a leaving one only when
 *       every desired node is new); the members are the nodes it knows. A desired node it does not know joins by MEET when it serves no slot, holds no key as a
 *       master, and knows no node foreign to the anchor; a member whose address changed is met again.
 *   <li>Repair. A slot left MIGRATING/IMPORTING by a crash is finished towards the node that may hold its
 *       keys (the migration target, or an importer that already holds keys); every other marker is
 *       cleared. A slot nobody serves goes to the master that holds keys in it.
 *   <li>Masters. Shards (a master serving slots, with its replicas) are ranked by slot count; the top
 *       ones keep serving, through a failover to a staying replica when their master leaves. Empty nodes
 *       fill the remaining master places, spread over failure domains. A replica never becomes an empty
 *       master: that would need a RESET of a node holding data.
 *   <li>Slots. Each master gets 16384/M slots; the remainder goes to the masters that already serve most.
 *       Only the surplus moves: the highest slots of an over-full master and every slot of a node that
 *       stops serving. Unowned slots are added directly. Moves are cut into steps of at most
 *       {@code slotsPerMigration} slots.
 *   <li>Replicas. The other nodes are spread evenly over the masters (the first ones by current replica
 *       count take the remainder). A replica stays with its master when they are in different failure
 *       domains; the others go to the master in another domain with most room. A same-domain placement is
 *       then swapped with any replica that can take its place, which leaves same-domain placements only
 *       where no assignment avoids them.
 *   <li>Leaving nodes are forgotten on every staying node after they are drained and nobody follows
 *       them; a drained leaving master is reset (the executor refuses if it still holds keys).
 * </ol>
 *
 * <p>Invariants: every slot has exactly one owner after the plan; every master is within one slot of
 * 16384/M; the number of moved slots is the minimum for the chosen masters; no node is forgotten while
 * it serves slots; a cluster that has the shape and agrees on it plans no step. Whatever is unsafe (a
 * desired node unreachable, a node with data that is not ours to merge) is a blocker, and then only the
 * repair of open slots is planned.
 */
public final class ClusterPlanner {

    public static final int DEFAULT_SLOTS_PER_MIGRATION = 128;

    private static final int SLOTS = SlotRange.SLOTS;

    private final int slotsPerMigration;

    public ClusterPlanner() {
        this(DEFAULT_SLOTS_PER_MIGRATION);
    }

    /** @param slotsPerMigration the most slots one {@link ClusterStep.MigrateSlots} step moves */
    public ClusterPlanner(int slotsPerMigration) {
        if (slotsPerMigration < 1) {
            throw new IllegalArgumentException("slotsPerMigration must be positive, got " + slotsPerMigration);
        }
        this.slotsPerMigration = slotsPerMigration;
    }

    public ClusterPlan plan(ObservedCluster observed, ClusterShape shape) {
        return new Pass(observed, shape).run();
    }

    /** A node of the cluster as the planner sees it. */
    private static final class Member {
        final String id;
        /** Null when the node cannot be reached. */
        final ObservedNode node;
        /** The node's own line when reachable, otherwise the anchor's line about it. */
        final ClusterNode claims;
        final Endpoint endpoint;
        /** Null when the node should leave. */
        NodeSpec spec;
        /** Not yet known to the anchor. */
        boolean outsider;
        int index;

        Member(String id, ObservedNode node, ClusterNode claims, Endpoint endpoint) {
            this.id = id;
            this.node = node;
            this.claims = claims;
            this.endpoint = endpoint;
        }

        boolean usable() {
            return node != null;
        }

        boolean desired() {
            return spec != null;
        }

        String domain() {
            return spec != null ? spec.failureDomain() : endpoint.host();
        }

        NodeRef ref() {
            return new NodeRef(id, endpoint);
        }

        long keysInSlot(int slot) {
            return node == null ? 0 : node.keysInSlot(slot);
        }

        @Override
        public String toString() {
            return ref().toString();
        }
    }

    private final class Pass {
        private final ObservedCluster observed;
        private final ClusterShape shape;
        private final List<String> pending = new ArrayList<>();
        private final List<ClusterBlocker> blockers = new ArrayList<>();

        private final List<ClusterStep> repairs = new ArrayList<>();
        private final List<ClusterStep> meets = new ArrayList<>();
        private final List<ClusterStep> failovers = new ArrayList<>();
        private final List<ClusterStep> additions = new ArrayList<>();
        private final List<ClusterStep> earlyReplicas = new ArrayList<>();
        private final List<ClusterStep> migrations = new ArrayList<>();
        private final List<ClusterStep> lateReplicas = new ArrayList<>();
        private final List<ClusterStep> departures = new ArrayList<>();

        private final Map<Endpoint, NodeSpec> specs = new HashMap<>();
        private final Map<String, ObservedNode> usableById = new HashMap<>();
        private final Set<Endpoint> unreachableDesired = new LinkedHashSet<>();
        private ObservedNode anchor;
        private final Map<String, ClusterNode> anchorLines = new HashMap<>();
        private final Set<String> plannedMeets = new HashSet<>();

        /** Members and outsiders, sorted by endpoint; {@link Member#index} is the position. */
        private final List<Member> members = new ArrayList<>();
        private final Map<String, Member> byId = new HashMap<>();
        /** Member index serving each slot after repairs, -1 when nobody does. */
        private final int[] owner = new int[SLOTS];
        /** Unowned slots given to the master holding their keys. */
        private final Map<Member, BitSet> adoptedSlots = new LinkedHashMap<>();

        private final List<Member> finalMasters = new ArrayList<>();
        private final Map<String, Integer> mastersPerDomain = new HashMap<>();
        /** Shard master to the replica that takes it over. */
        private final Map<Member, Member> promotions = new LinkedHashMap<>();

        Pass(ObservedCluster observed, ClusterShape shape) {
            this.observed = observed;
            this.shape = shape;
        }

        ClusterPlan run() {
            resolveNodes();
            if (anchor == null) {
                if (blockers.isEmpty()) {
                    blockers.add(new ClusterBlocker(ClusterBlocker.Kind.NO_CLUSTER_NODE, "no desired node can be reached in cluster mode"));
                }
                return plan();
            }
            resolveMembers();
            resolveOwnership();
            repairOpenSlots();
            if (!blockers.isEmpty()) {
                return plan();
            }
            if (members.stream().anyMatch(m -> m.outsider && joining(m))) {
                return plan();
            }
            meet();
            if (!shardsCanMove()) {
                return plan();
            }
            chooseMasters();
            if (!blockers.isEmpty()) {
                return plan();
            }
            planSlots();
            placeReplicas();
            planDepartures();
            if (stepCount() == 0) {
                checkAgreement();
            }
            return plan();
        }

        private int stepCount() {
            return repairs.size() + meets.size() + failovers.size() + additions.size() + earlyReplicas.size()
                    + migrations.size() + lateReplicas.size() + departures.size();
        }

        private ClusterPlan plan() {
            List<ClusterStep> steps = new ArrayList<>(stepCount());
            steps.addAll(repairs);
            steps.addAll(meets);
            steps.addAll(failovers);
            steps.addAll(additions);
            steps.addAll(earlyReplicas);
            steps.addAll(migrations);
            steps.addAll(lateReplicas);
            steps.addAll(departures);
            return ClusterPlan.builder().steps(steps).pending(pending).blockers(blockers).build();
        }

        // 1. Membership ---------------------------------------------------------------------------

        private void resolveNodes() {
            for (NodeSpec spec : shape.nodes()) {
                specs.put(spec.endpoint(), spec);
            }
            Map<Endpoint, ObservedNode> byEndpoint = new HashMap<>();
            for (ObservedNode node : observed.nodes()) {
                byEndpoint.putIfAbsent(node.endpoint(), node);
            }
            for (NodeSpec spec : sortedSpecs()) {
                ObservedNode node = byEndpoint.get(spec.endpoint());
                if (node == null || !node.reachable()) {
                    unreachableDesired.add(spec.endpoint());
                    blockers.add(new ClusterBlocker(ClusterBlocker.Kind.NODE_UNREACHABLE, spec.endpoint() + " is unreachable"
                            + (node == null ? "" : node.error().map(e -> ": " + e).orElse(""))));
                } else if (!node.clusterEnabled()) {
                    blockers.add(new ClusterBlocker(ClusterBlocker.Kind.CLUSTER_MODE_DISABLED, spec.endpoint() + " does not run in cluster mode (cluster-enabled no)"));
                } else if (node.myself().isEmpty()) {
                    blockers.add(new ClusterBlocker(ClusterBlocker.Kind.NODE_UNIDENTIFIED, spec.endpoint() + " did not name itself in CLUSTER NODES"));
                }
            }
            List<ObservedNode> usable = observed.nodes().stream()
                    .filter(ObservedNode::usable)
                    .sorted(Comparator.comparing((ObservedNode n) -> !specs.containsKey(n.endpoint()))
                            .thenComparing(ObservedNode::endpoint))
                    .toList();
            for (ObservedNode node : usable) {
                String id = node.myself().orElseThrow().id();
                ObservedNode first = usableById.putIfAbsent(id, node);
                if (first != null && specs.containsKey(node.endpoint())) {
                    blockers.add(new ClusterBlocker(ClusterBlocker.Kind.DUPLICATE_NODE, first.endpoint() + " and " + node.endpoint() + " are the same node " + id));
                }
            }
            // The anchor is one of ours when one of ours knows the cluster: a leaving node that was forgotten
            // may still run and remember the cluster it left, and must not pull it back. A leaving node
            // anchors only when the cluster moves onto nodes that are all new.
            Map<ObservedNode, Integer> coverage = new IdentityHashMap<>();
            usableById.values().forEach(n -> coverage.put(n, coveredSlots(n)));
            Comparator<ObservedNode> byKnowledge = Comparator.comparing((ObservedNode n) -> -coverage.get(n))
                    .thenComparing(n -> -n.view().size())
                    .thenComparing(ObservedNode::endpoint);
            anchor = usableById.values().stream()
                    .filter(n -> specs.containsKey(n.endpoint()))
                    .sorted(byKnowledge)
                    .filter(n -> !disowned(n))
                    .findFirst()
                    .orElse(null);
            if (anchor == null || coverage.get(anchor) == 0) {
                usableById.values().stream()
                        .filter(n -> !specs.containsKey(n.endpoint()) && coverage.get(n) > 0)
                        .sorted(byKnowledge)
                        .filter(n -> !disowned(n))
                        .findFirst()
                        .ifPresent(n -> anchor = n);
            }
        }

        /** A node that was forgotten but still runs: it knows its former peers, and none of them knows it. */
        private boolean disowned(ObservedNode node) {
            String id = node.myself().orElseThrow().id();
            boolean knowsPeers = false;
            for (ClusterNode line : node.view()) {
                ObservedNode peer = line.isMyself() || line.isHandshake() ? null : usableById.get(line.id());
                if (peer == null) {
                    continue;
                }
                knowsPeers = true;
                if (knows(peer, id)) {
                    return false;
                }
            }
            return knowsPeers;
        }

        private List<NodeSpec> sortedSpecs() {
            return shape.nodes().stream().sorted().toList();
        }

        private static int coveredSlots(ObservedNode node) {
            int covered = 0;
            for (ClusterNode line : node.view()) {
                covered += line.slotCount();
            }
            return covered;
        }

        private void resolveMembers() {
            for (ClusterNode line : anchor.view()) {
                if (!line.isHandshake()) {
                    anchorLines.put(line.id(), line);
                }
            }
            List<Member> all = new ArrayList<>();
            for (ClusterNode line : anchorLines.values()) {
                ObservedNode node = usableById.get(line.id());
                ClusterNode claims = node != null ? node.myself().orElseThrow() : line;
                Endpoint endpoint = node != null ? node.endpoint() : endpointOf(line);
                all.add(new Member(line.id(), node, claims, endpoint));
            }
            for (ObservedNode node : usableById.values()) {
                ClusterNode self = node.myself().orElseThrow();
                if (!anchorLines.containsKey(self.id()) && specs.containsKey(node.endpoint())) {
                    Member outsider = new Member(self.id(), node, self, node.endpoint());
                    outsider.outsider = true;
                    all.add(outsider);
                }
            }
            all.sort(Comparator.comparing((Member m) -> m.endpoint).thenComparing(m -> m.id));
            for (Member member : all) {
                member.index = members.size();
                members.add(member);
                byId.put(member.id, member);
                member.spec = specOf(member);
            }
            for (Member member : members) {
                if (member.outsider) {
                    if (joining(member)) {
                        pending.add(member + " is joining the cluster (handshake in progress)");
                    } else {
                        checkJoinable(member);
                    }
                }
            }
        }

        /** A MEET was sent: the anchor and the outsider are shaking hands, and it may already serve the slots we gave it. */
        private boolean joining(Member outsider) {
            String anchorId = anchor.myself().orElseThrow().id();
            Endpoint address = outsider.node.address();
            for (ClusterNode line : anchor.view()) {
                if (line.isHandshake() && line.port() == address.port() && line.ip().equals(address.host())) {
                    return true;
                }
            }
            for (ClusterNode line : outsider.node.view()) {
                if (line.id().equals(anchorId) || line.isHandshake()) {
                    return true;
                }
            }
            return false;
        }

        private Endpoint endpointOf(ClusterNode line) {
            String host = !line.ip().isEmpty() ? line.ip() : line.hostname().orElse("noaddr");
            return new Endpoint(host, line.port());
        }

        private NodeSpec specOf(Member member) {
            if (member.usable()) {
                NodeSpec spec = specs.get(member.node.endpoint());
                return spec != null ? spec : specs.get(member.node.address());
            }
            // A desired node that is down is still desired: never drain or forget it for being down.
            NodeSpec byIp = specs.get(member.endpoint);
            if (byIp != null) {
                return byIp;
            }
            return member.claims.hostname()
                    .map(h -> specs.get(new Endpoint(h, member.claims.port())))
                    .orElse(null);
        }

        private void checkJoinable(Member outsider) {
            ClusterNode self = outsider.claims;
            if (self.slotCount() > 0) {
                blockers.add(new ClusterBlocker(ClusterBlocker.Kind.FOREIGN_SLOTS, outsider + " serves slots " + SlotRange.format(self.slots())
                        + " but is not part of the cluster of " + anchor.endpoint() + "; merging clusters is refused"));
                return;
            }
            for (ClusterNode line : outsider.node.view()) {
                if (!line.isMyself() && !line.isHandshake() && !byId.containsKey(line.id())) {
                    blockers.add(new ClusterBlocker(ClusterBlocker.Kind.FOREIGN_CLUSTER, outsider + " knows node " + line.id() + " (" + line.address()
                            + ") that the cluster does not know; it belongs to another cluster"));
                    return;
                }
            }
            if (self.isMaster() && outsider.node.keys() > 0) {
                blockers.add(new ClusterBlocker(ClusterBlocker.Kind.FOREIGN_DATA, outsider + " holds " + outsider.node.keys() + " keys; a node must be empty to join the cluster"));
            }
        }

        // 2. Repair -------------------------------------------------------------------------------

        private void resolveOwnership() {
            Arrays.fill(owner, -1);
            for (Member member : members) {
                if (member.outsider || !member.claims.isMaster()) {
                    continue;
                }
                for (SlotRange range : member.claims.slots()) {
                    for (int slot = range.first(); slot <= range.last(); slot++) {
                        int current = owner[slot];
                        if (current >= 0) {
                            addPending("slot " + slot + " is claimed by both " + member + " and " + members.get(current));
                        }
                        if (current < 0 || wins(member, members.get(current))) {
                            owner[slot] = member.index;
                        }
                    }
                }
            }
        }

        private boolean wins(Member challenger, Member holder) {
            long a = challenger.claims.configEpoch();
            long b = holder.claims.configEpoch();
            return a != b ? a > b : challenger.id.compareTo(holder.id) < 0;
        }

        private void addPending(String reason) {
            if (pending.size() < 50) {
                pending.add(reason);
            }
        }

        private void repairOpenSlots() {
            TreeMap<Integer, List<Member>> openSlots = new TreeMap<>();
            for (Member member : members) {
                if (!member.usable() || member.outsider) {
                    continue;
                }
                member.claims.migrating().keySet().forEach(s -> openSlots.computeIfAbsent(s, k -> new ArrayList<>()).add(member));
                member.claims.importing().keySet().forEach(s -> openSlots.computeIfAbsent(s, k -> new ArrayList<>()).add(member));
            }
            for (Map.Entry<Integer, List<Member>> open : openSlots.entrySet()) {
                repairSlot(open.getKey(), new ArrayList<>(new LinkedHashSet<>(open.getValue())));
            }
            adoptUnownedSlotsWithKeys();
        }

        private void repairSlot(int slot, List<Member> marked) {
            Member slotOwner = owner[slot] >= 0 ? members.get(owner[slot]) : null;
            if (slotOwner != null && !slotOwner.usable()) {
                addPending("slot " + slot + " is open but its owner " + slotOwner + " is unreachable");
                return;
            }
            Member finishTo = null;
            if (slotOwner != null) {
                Member target = byId.get(slotOwner.claims.migrating().get(slot));
                if (target != null && canReceive(target)) {
                    finishTo = target;
                } else {
                    for (Member importer : marked) {
                        if (importer != slotOwner && importer.claims.importing().containsKey(slot)
                                && importer.keysInSlot(slot) > 0 && canReceive(importer)) {
                            finishTo = importer;
                            break;
                        }
                    }
                }
            }
            if (finishTo != null) {
                repairs.add(new ClusterStep.MigrateSlots(slotOwner.ref(), finishTo.ref(), List.of(SlotRange.of(slot)), masterRefs(),
                        ClusterStep.MigrateSlots.Why.FINISH_INTERRUPTED));
                owner[slot] = finishTo.index;
            }
            for (Member member : marked) {
                boolean handled = finishTo != null && (member == slotOwner || member == finishTo);
                if (handled) {
                    continue;
                }
                if (slotOwner != null && member != slotOwner && member.keysInSlot(slot) > 0) {
                    blockers.add(new ClusterBlocker(ClusterBlocker.Kind.STRAY_KEYS, member + " holds " + member.keysInSlot(slot) + " keys of slot " + slot
                            + " that " + (slotOwner == null ? "nobody" : slotOwner.toString())
                            + " serves; they cannot be merged safely"));
                    continue;
                }
                repairs.add(new ClusterStep.StabilizeSlot(member.ref(), slot));
            }
        }

        private boolean canReceive(Member member) {
            return member.usable() && !member.outsider && member.claims.isMaster();
        }

        private List<NodeRef> masterRefs() {
            List<NodeRef> refs = new ArrayList<>();
            for (Member member : members) {
                if (member.usable() && !member.outsider && member.claims.isMaster()) {
                    refs.add(member.ref());
                }
            }
            return refs;
        }

        private void adoptUnownedSlotsWithKeys() {
            List<Member> holders = members.stream()
                    .filter(m -> m.usable() && !m.outsider && m.claims.isMaster() && m.node.keys() > 0)
                    .toList();
            if (holders.isEmpty()) {
                return;
            }
            for (int slot = 0; slot < SLOTS; slot++) {
                if (owner[slot] >= 0) {
                    continue;
                }
                Member holder = null;
                for (Member member : holders) {
                    if (member.keysInSlot(slot) > 0) {
                        if (holder != null) {
                            blockers.add(new ClusterBlocker(ClusterBlocker.Kind.STRAY_KEYS, "keys of unowned slot " + slot + " are on both " + holder + " and " + member));
                        }
                        holder = member;
                    }
                }
                if (holder != null) {
                    owner[slot] = holder.index;
                    adoptedSlots.computeIfAbsent(holder, h -> new BitSet(SLOTS)).set(slot);
                }
            }
            adoptedSlots.forEach((holder, slots) -> additions.add(new ClusterStep.AddSlots(holder.ref(), SlotRange.rangesOf(slots))));
        }

        // 1b. Meetings ----------------------------------------------------------------------------

        /**
         * From the anchor's view only, so that planning stays linear in the cluster size: outsiders, members
         * the anchor has at an old address, members that know no other node. What other views disagree on is
         * found by {@link #checkAgreement()} once nothing else is left to do.
         */
        private void meet() {
            Member anchorMember = anchorMember();
            for (Member member : members) {
                if (!member.desired() || !member.usable() || member == anchorMember) {
                    continue;
                }
                ClusterNode line = anchorLines.get(member.id);
                if (member.outsider || !sameAddress(line, member) || member.node.view().size() == 1) {
                    addMeet(anchorMember, member);
                }
            }
        }

        private Member anchorMember() {
            return byId.get(anchor.myself().orElseThrow().id());
        }

        private void addMeet(Member via, Member node) {
            if (plannedMeets.add(via.id + ">" + node.id)) {
                Endpoint address = node.node.address();
                meets.add(new ClusterStep.Meet(via.ref(), node.ref(), address.host(), address.port(), node.claims.busPort()));
            }
        }

        private boolean sameAddress(ClusterNode line, Member member) {
            Endpoint address = member.node.address();
            return line.port() == address.port() && line.ip().equals(address.host());
        }

        private boolean knows(ObservedNode viewer, String id) {
            for (ClusterNode line : viewer.view()) {
                if (line.id().equals(id) && !line.isHandshake()) {
                    return true;
                }
            }
            return false;
        }

        // 3. Masters ------------------------------------------------------------------------------

        private int[] ownedCounts() {
            int[] counts = new int[members.size()];
            for (int slot = 0; slot < SLOTS; slot++) {
                if (owner[slot] >= 0) {
                    counts[owner[slot]]++;
                }
            }
            return counts;
        }

        /** False when a shard whose master is down still serves slots: nothing can move before Redis fails it over. */
        private boolean shardsCanMove() {
            int[] counts = ownedCounts();
            boolean frozen = false;
            for (Member member : members) {
                if (counts[member.index] == 0 || member.usable()) {
                    continue;
                }
                frozen = true;
                boolean replicaAlive = members.stream()
                        .anyMatch(r -> r.usable() && r.claims.masterId().map(member.id::equals).orElse(false));
                if (replicaAlive) {
                    pending.add(member + " is down and serves " + counts[member.index]
                            + " slots; waiting for Redis to fail them over to its replica");
                } else {
                    blockers.add(new ClusterBlocker(ClusterBlocker.Kind.SLOTS_WITHOUT_REPLICA, member + " is down and serves " + counts[member.index]
                            + " slots with no reachable replica; bring it back (its data is on it)"));
                }
            }
            return !frozen;
        }

        private void chooseMasters() {
            int[] counts = ownedCounts();
            List<Member> shardMasters = members.stream()
                    .filter(m -> counts[m.index] > 0)
                    .sorted(Comparator.comparingInt((Member m) -> -counts[m.index]).thenComparing(m -> m.index))
                    .toList();
            int wanted = shape.masters();
            for (Member master : shardMasters) {
                if (finalMasters.size() == wanted) {
                    break;
                }
                if (master.desired()) {
                    addFinalMaster(master);
                    continue;
                }
                List<Member> heirs = members.stream()
                        .filter(r -> r.desired() && r.usable() && !r.outsider && r.claims.isReplica()
                                && r.claims.masterId().map(master.id::equals).orElse(false))
                        .toList();
                Member heir = leastUsedDomain(heirs);
                if (heir != null) {
                    addFinalMaster(heir);
                    promotions.put(master, heir);
                    failovers.add(new ClusterStep.Failover(heir.ref(), master.ref(), ClusterStep.Failover.Mode.GRACEFUL, ClusterStep.Failover.Why.MASTER_LEAVING));
                }
            }
            for (Member member : members) {
                if (member.desired() && member.usable() && member.claims.isMaster() && counts[member.index] == 0
                        && member.node.keys() > 0 && !member.outsider) {
                    blockers.add(new ClusterBlocker(ClusterBlocker.Kind.KEYS_WITHOUT_SLOTS, member + " is a master holding " + member.node.keys()
                            + " keys but serving no slot; it can neither take slots nor replicate without losing them"));
                }
            }
            List<Member> empty = new ArrayList<>(members.stream()
                    .filter(m -> m.desired() && m.usable() && m.claims.isMaster() && counts[m.index] == 0
                            && m.node.keys() == 0 && !finalMasters.contains(m))
                    .toList());
            while (finalMasters.size() < wanted && !empty.isEmpty()) {
                Member next = leastUsedDomain(empty);
                empty.remove(next);
                addFinalMaster(next);
            }
            if (finalMasters.size() < wanted) {
                blockers.add(new ClusterBlocker(ClusterBlocker.Kind.NOT_ENOUGH_MASTERS, "only " + finalMasters.size() + " of the nodes can serve slots, " + wanted
                        + " masters wanted; the others are replicas, which would have to be reset and lose their data"));
            }
            finalMasters.sort(Comparator.comparingInt(m -> m.index));
        }

        private void addFinalMaster(Member master) {
            finalMasters.add(master);
            mastersPerDomain.merge(master.domain(), 1, Integer::sum);
        }

        private Member leastUsedDomain(List<Member> candidates) {
            Map<String, Integer> used = mastersPerDomain;
            Member best = null;
            int bestUse = Integer.MAX_VALUE;
            for (Member candidate : candidates) {
                int use = used.getOrDefault(candidate.domain(), 0);
                if (use < bestUse) {
                    best = candidate;
                    bestUse = use;
                }
            }
            return best;
        }

        // 4. Slots --------------------------------------------------------------------------------

        private void planSlots() {
            for (int slot = 0; slot < SLOTS; slot++) {
                if (owner[slot] >= 0) {
                    Member heir = promotions.get(members.get(owner[slot]));
                    if (heir != null) {
                        owner[slot] = heir.index;
                    }
                }
            }
            int[] counts = ownedCounts();
            int m = finalMasters.size();
            int[] target = new int[members.size()];
            List<Member> byLoad = new ArrayList<>(finalMasters);
            byLoad.sort(Comparator.comparingInt((Member f) -> -counts[f.index]).thenComparing(f -> f.index));
            for (int i = 0; i < byLoad.size(); i++) {
                target[byLoad.get(i).index] = SLOTS / m + (i < SLOTS % m ? 1 : 0);
            }
            boolean[] isFinal = new boolean[members.size()];
            finalMasters.forEach(f -> isFinal[f.index] = true);

            // Surplus: the highest slots of an over-full master, every slot of a node that stops serving.
            int[] surplus = new int[members.size()];
            for (Member member : members) {
                surplus[member.index] = isFinal[member.index] ? Math.max(0, counts[member.index] - target[member.index]) : counts[member.index];
            }
            List<List<Integer>> given = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                given.add(new ArrayList<>());
            }
            int[] taken = new int[members.size()];
            for (int slot = SLOTS - 1; slot >= 0; slot--) {
                int o = owner[slot];
                if (o >= 0 && taken[o] < surplus[o]) {
                    taken[o]++;
                    given.get(o).add(slot);
                }
            }
            List<int[]> pool = new ArrayList<>();
            for (Member member : members) {
                List<Integer> slots = given.get(member.index);
                for (int i = slots.size() - 1; i >= 0; i--) {
                    pool.add(new int[] {member.index, slots.get(i)});
                }
            }
            List<Integer> unowned = new ArrayList<>();
            for (int slot = 0; slot < SLOTS; slot++) {
                if (owner[slot] < 0) {
                    unowned.add(slot);
                }
            }
            int nextUnowned = 0;
            int nextPooled = 0;
            List<NodeRef> notify = migrationNotifyList();
            for (Member receiver : finalMasters) {
                int need = target[receiver.index] - counts[receiver.index];
                if (need <= 0) {
                    continue;
                }
                List<Integer> added = new ArrayList<>();
                while (need > 0 && nextUnowned < unowned.size()) {
                    added.add(unowned.get(nextUnowned++));
                    need--;
                }
                if (!added.isEmpty()) {
                    additions.add(new ClusterStep.AddSlots(receiver.ref(), SlotRange.rangesOf(added)));
                }
                Map<Integer, List<Integer>> bySource = new LinkedHashMap<>();
                while (need > 0 && nextPooled < pool.size()) {
                    int[] entry = pool.get(nextPooled++);
                    bySource.computeIfAbsent(entry[0], k -> new ArrayList<>()).add(entry[1]);
                    need--;
                }
                bySource.forEach((source, slots) -> addMigrations(members.get(source), receiver, slots, notify));
            }
        }

        private List<NodeRef> migrationNotifyList() {
            Set<Member> notified = new LinkedHashSet<>();
            for (Member member : members) {
                if (member.usable() && member.claims.isMaster() && !member.outsider) {
                    notified.add(member);
                }
            }
            notified.addAll(finalMasters);
            return notified.stream().sorted(Comparator.comparingInt(m -> m.index)).map(Member::ref).toList();
        }

        private void addMigrations(Member source, Member target, List<Integer> ascendingSlots, List<NodeRef> notify) {
            ClusterStep.MigrateSlots.Why why = !source.desired() ? ClusterStep.MigrateSlots.Why.DRAIN_LEAVING
                    : !finalMasters.contains(source) ? ClusterStep.MigrateSlots.Why.DRAIN_TO_REPLICA : ClusterStep.MigrateSlots.Why.REBALANCE;
            for (int from = 0; from < ascendingSlots.size(); from += slotsPerMigration) {
                List<Integer> chunk = ascendingSlots.subList(from, Math.min(ascendingSlots.size(), from + slotsPerMigration));
                migrations.add(new ClusterStep.MigrateSlots(source.ref(), target.ref(), SlotRange.rangesOf(chunk), notify, why));
            }
        }

        // 5. Replicas -----------------------------------------------------------------------------

        private void placeReplicas() {
            int[] counts = ownedCounts();
            Set<Member> masters = new LinkedHashSet<>(finalMasters);
            List<Member> candidates = members.stream()
                    .filter(m -> m.desired() && m.usable() && !masters.contains(m))
                    .toList();
            if (candidates.isEmpty()) {
                return;
            }
            Map<Member, Member> current = new HashMap<>();
            for (Member candidate : candidates) {
                Member master = currentMaster(candidate);
                if (master != null && masters.contains(master)) {
                    current.put(candidate, master);
                }
            }
            Map<Member, Integer> room = quotas(candidates, current);
            Map<Member, Member> placed = new LinkedHashMap<>();
            for (Member candidate : candidates) {
                Member master = current.get(candidate);
                if (master != null && !sameDomain(candidate, master) && room.get(master) > 0) {
                    place(candidate, master, placed, room);
                }
            }
            for (Member candidate : candidates) {
                if (placed.containsKey(candidate)) {
                    continue;
                }
                Member best = null;
                for (Member master : finalMasters) {
                    if (!sameDomain(candidate, master) && room.get(master) > 0
                            && (best == null || room.get(master) > room.get(best))) {
                        best = master;
                    }
                }
                Member stay = current.get(candidate);
                if (best == null && stay != null && room.get(stay) > 0) {
                    best = stay;
                }
                if (best == null) {
                    for (Member master : finalMasters) {
                        if (room.get(master) > 0 && (best == null || room.get(master) > room.get(best))) {
                            best = master;
                        }
                    }
                }
                place(candidate, best, placed, room);
            }
            swapAwaySameDomainPlacements(candidates, placed);
            for (Member candidate : candidates) {
                Member master = placed.get(candidate);
                if (counts[candidate.index] > 0) {
                    lateReplicas.add(new ClusterStep.Replicate(candidate.ref(), master.ref()));
                } else if (current.get(candidate) != master) {
                    earlyReplicas.add(new ClusterStep.Replicate(candidate.ref(), master.ref()));
                }
            }
        }

        /** The final master a candidate follows once failovers are done, or null. */
        private Member currentMaster(Member candidate) {
            Member heir = promotions.get(candidate);
            if (heir != null) {
                return heir;
            }
            if (!candidate.claims.isReplica()) {
                return null;
            }
            Member master = candidate.claims.masterId().map(byId::get).orElse(null);
            Member masterHeir = master == null ? null : promotions.get(master);
            return masterHeir != null ? masterHeir : master;
        }

        private Map<Member, Integer> quotas(List<Member> candidates, Map<Member, Member> current) {
            Map<Member, Integer> attached = new HashMap<>();
            current.values().forEach(m -> attached.merge(m, 1, Integer::sum));
            List<Member> byAttached = new ArrayList<>(finalMasters);
            byAttached.sort(Comparator.comparingInt((Member m) -> -attached.getOrDefault(m, 0)).thenComparing(m -> m.index));
            Map<Member, Integer> room = new HashMap<>();
            int base = candidates.size() / finalMasters.size();
            int extra = candidates.size() % finalMasters.size();
            for (int i = 0; i < byAttached.size(); i++) {
                room.put(byAttached.get(i), base + (i < extra ? 1 : 0));
            }
            return room;
        }

        private void place(Member candidate, Member master, Map<Member, Member> placed, Map<Member, Integer> room) {
            placed.put(candidate, master);
            room.merge(master, -1, Integer::sum);
        }

        /**
         * Replica r sits with master m in its own domain; another replica r2 with master m2 can trade places
         * when m2 is outside r's domain and m is outside r2's. Each trade removes one same-domain placement, and
         * when none is left, every master outside r's domain holds only replicas of r's domain: no assignment
         * does better.
         */
        private void swapAwaySameDomainPlacements(List<Member> candidates, Map<Member, Member> placed) {
            boolean swapped = true;
            while (swapped) {
                swapped = false;
                for (Member r : candidates) {
                    Member m = placed.get(r);
                    if (!sameDomain(r, m)) {
                        continue;
                    }
                    for (Member r2 : candidates) {
                        Member m2 = placed.get(r2);
                        if (r2 != r && !sameDomain(r, m2) && !sameDomain(r2, m)) {
                            placed.put(r, m2);
                            placed.put(r2, m);
                            swapped = true;
                            break;
                        }
                    }
                }
            }
        }

        private boolean sameDomain(Member a, Member b) {
            return a.domain().equals(b.domain());
        }

        // 6. Departures ---------------------------------------------------------------------------

        private void planDepartures() {
            List<NodeRef> staying = members.stream()
                    .filter(m -> m.desired() && m.usable())
                    .map(Member::ref)
                    .toList();
            for (Member member : members) {
                if (member.desired() || member.outsider || unreachableDesiredMatches(member)) {
                    continue;
                }
                departures.add(new ClusterStep.Forget(member.ref(), staying));
            }
            int[] counts = ownedCounts();
            for (Member member : members) {
                if (!member.desired() && !member.outsider && member.usable() && member.claims.isMaster()
                        && !promotions.containsKey(member) && !unreachableDesiredMatches(member)
                        && (counts[member.index] > 0 || member.node.keys() == 0)) {
                    departures.add(new ClusterStep.Reset(member.ref()));
                }
            }
        }

        private boolean unreachableDesiredMatches(Member member) {
            return unreachableDesired.contains(member.endpoint);
        }

        // Agreement -------------------------------------------------------------------------------

        /**
         * Every staying member must know every other one, at its current address, in its current role and
         * slots, and report {@code cluster_state:ok}. A member that does not know the anchor, or has a peer at
         * an old address, is met again (a peer with an old address learns the new one only after it marks the
         * node failing; meeting it again does not wait for that). The rest is gossip: pending.
         */
        private void checkAgreement() {
            Member anchorMember = anchorMember();
            List<Member> staying = members.stream().filter(m -> m.desired() && m.usable()).toList();
            for (Member viewer : staying) {
                if (!viewer.node.clusterState().map("ok"::equals).orElse(false)) {
                    addPending(viewer + " reports cluster_state:" + viewer.node.clusterState().orElse("unknown"));
                }
                int seen = 0;
                boolean knowsAnchor = viewer == anchorMember;
                for (ClusterNode line : viewer.node.view()) {
                    Member member = byId.get(line.id());
                    if (member == null || !member.desired() || line.isHandshake()) {
                        continue;
                    }
                    seen++;
                    knowsAnchor |= member == anchorMember;
                    if (member != viewer && member.usable() && !sameAddress(line, member)) {
                        addMeet(viewer, member);
                    } else if (line.isFailing()) {
                        addPending(viewer + " still flags " + member + " as failing");
                    } else if (!line.sameConfigurationAs(member.claims)) {
                        addPending(viewer + " has not yet learned the role and slots of " + member);
                    }
                }
                if (!knowsAnchor) {
                    addMeet(anchorMember, viewer);
                } else if (seen < staying.size()) {
                    addPending(viewer + " knows " + seen + " of the " + staying.size() + " members yet");
                }
            }
        }
    }
}
