package io.qsredis.topology.cluster;

import io.qsredis.topology.Endpoint;
import io.qsredis.topology.cluster.ClusterBlocker.Kind;

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
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plans the steps that turn an observed Redis Cluster into a {@link ClusterShape}. Pure: one observation
 * in, one {@link ClusterPlan} out; inputs are sorted by endpoint, so the same observation always gives the
 * same plan.
 *
 * <p>Algorithm: a chain of phases, each a function of the results of the phases before it. A phase that
 * finds a blocker (or, for membership, a node still joining) ends the chain; the plan holds the steps of
 * the phases that ran.
 * <ol>
 *   <li>{@link #membership Membership}. The anchor is the desired node whose view covers most slots (a leaving
 *       one only when every desired node is new); the members are the nodes it knows. A desired node it does
 *       not know joins by MEET when it serves no slot, holds no key as a master, and knows no node foreign to
 *       the anchor; a member whose address changed is met again.
 *   <li>{@link #repair Repair}. Slot ownership follows the masters' own claims (the higher config epoch wins).
 *       A slot left MIGRATING/IMPORTING by a crash is finished towards the node that may hold its keys (the
 *       migration target, or an importer that already holds keys); every other marker is cleared. A slot
 *       nobody serves goes to the master that holds keys in it. A master holding keys that still claims slots
 *       another master won under a higher config epoch (its replica took over while it was down) is stale: the keys
 *       of those slots the owner lacks are copied to the owner, the others are met through the owner, and the stale
 *       master is met last, so that it becomes the owner's replica only once its keys are safe; nothing else is
 *       planned meanwhile.
 *   <li>{@link #masters Masters}. Nothing moves while a master that is down still serves slots. Shards (a
 *       master serving slots, with its replicas) are ranked by slot count; the top ones keep serving, through
 *       a failover to a staying replica (a preferred one first) when their master leaves. Empty nodes fill the
 *       remaining master places, preferred ones first, spread over failure domains. A replica never becomes an
 *       empty master: that would need a RESET of a node holding data. Each final master that is not preferred
 *       gets a preferred successor while preferred nodes outside the masters are left: one that follows it
 *       already, else one from the domain with fewest preferred masters.
 *   <li>{@link #slots Slots}. Each master gets 16384/M slots; the remainder goes to the masters that already
 *       serve most. Only the surplus moves: the highest slots of an over-full master and every slot of a node
 *       that stops serving. Unowned slots are added directly. Moves are cut into steps of at most
 *       {@code slotsPerMigration} slots, each with its reason.
 *   <li>{@link #replicas Replicas}. The other nodes are spread evenly over the masters (the first ones by
 *       current replica count take the remainder). A replica stays with its master when they are in
 *       different failure domains; the others go to the master in another domain with most room. A
 *       same-domain placement is then swapped with any replica that can take its place, which leaves
 *       same-domain placements only where no assignment avoids them. A successor follows its master first,
 *       whatever the domains; they are settled again once it has taken over.
 *   <li>{@link #departures Departures}. Leaving nodes are forgotten on every staying node after they are
 *       drained and nobody follows them; a drained leaving master is reset (the executor refuses if it still
 *       holds keys).
 *   <li>{@link #agreement Agreement}, only when no phase planned a step: every staying member must know every
 *       other one at its current address, in its current role and slots, and see {@code cluster_state:ok}; a
 *       replica whose replication link still dials its master's old address is pointed at the current one.
 *   <li>{@link #handBack Hand-back}, only when nothing else is planned nor pending: one graceful failover of a
 *       master that is not preferred to its caught-up successor. It never costs availability.
 * </ol>
 *
 * <p>Invariants: every slot has exactly one owner after the plan; every master is within one slot of
 * 16384/M; the number of moved slots is the minimum for the chosen masters; no node is forgotten while
 * it serves slots; with at least M preferred nodes, every master is preferred once the plans are carried
 * out; a cluster that has the shape and agrees on it plans no step. Whatever is unsafe (a
 * desired node unreachable, a node with data that is not ours to merge) is a blocker, and then only the
 * repair of open slots is planned.
 */
public final class ClusterPlanner {

    public static final int DEFAULT_SLOTS_PER_MIGRATION = 128;

    private static final int SLOTS = SlotRange.SLOTS;

    /** Pending lines that the plan keeps about individual slots and views; more would only flood a log line. */
    private static final int PENDING_LIMIT = 50;

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
        Membership membership = membership(observed, shape);
        if (membership.anchor() == null) {
            return plan(membership.findings());
        }
        Repair repair = repair(membership);
        Findings found = membership.findings().and(repair.findings());
        if (found.blocked() || membership.joining()) {
            return plan(found, repair.steps(), repair.adoptions());
        }
        if (!repair.keeps().isEmpty()) {
            return plan(found, repair.steps(), keeping(membership, repair.keeps()));
        }
        List<ClusterStep> meets = meetings(membership);
        Masters masters = masters(membership, repair.ownership(), shape.masters());
        found = found.and(masters.findings());
        if (masters.frozen() || found.blocked()) {
            return plan(found, repair.steps(), meets, masters.failovers(), repair.adoptions());
        }
        Slots slots = slots(membership, repair.ownership(), masters);
        Replicas replicas = replicas(membership, masters, slots.ownership());
        List<ClusterStep> departures = departures(membership, masters, slots.ownership());
        ClusterPlan changes = plan(found, repair.steps(), meets, masters.failovers(), repair.adoptions(), slots.additions(),
                replicas.early(), slots.migrations(), replicas.late(), departures);
        if (!changes.steps().isEmpty()) {
            return changes;
        }
        Agreement agreement = agreement(membership, found.pending().size());
        found = found.and(agreement.findings());
        if (!agreement.steps().isEmpty() || !found.pending().isEmpty()) {
            return plan(found, agreement.steps());
        }
        HandBack handBack = handBack(masters);
        return plan(handBack.findings(), handBack.steps());
    }

    @SafeVarargs
    private static ClusterPlan plan(Findings findings, List<ClusterStep>... sections) {
        List<ClusterStep> steps = new ArrayList<>();
        for (List<ClusterStep> section : sections) {
            steps.addAll(section);
        }
        return ClusterPlan.builder().steps(steps).pending(findings.pending()).blockers(findings.blockers()).build();
    }

    // Values the phases pass on ----------------------------------------------------------------------

    /** What a phase found besides steps: what Redis is still doing, and what needs a human. */
    private record Findings(List<String> pending, List<ClusterBlocker> blockers) {
        static final Findings NONE = new Findings(List.of(), List.of());

        Findings and(Findings later) {
            if (later.pending.isEmpty() && later.blockers.isEmpty()) {
                return this;
            }
            List<String> p = new ArrayList<>(pending);
            p.addAll(later.pending);
            List<ClusterBlocker> b = new ArrayList<>(blockers);
            b.addAll(later.blockers);
            return new Findings(List.copyOf(p), List.copyOf(b));
        }

        boolean blocked() {
            return !blockers.isEmpty();
        }
    }

    /** Collects one phase's findings; nothing outside that phase sees it. */
    private static final class Notes {
        private final int pendingBefore;
        private final List<String> pending = new ArrayList<>();
        private final List<ClusterBlocker> blockers = new ArrayList<>();

        /** @param pendingBefore pending lines the phases before already found, for {@link #pendingLimited} */
        Notes(int pendingBefore) {
            this.pendingBefore = pendingBefore;
        }

        void pending(String reason) {
            pending.add(reason);
        }

        /** A pending line of which there may be thousands (one per slot or view): kept up to {@link #PENDING_LIMIT} in the plan. */
        void pendingLimited(String reason) {
            if (pendingBefore + pending.size() < PENDING_LIMIT) {
                pending.add(reason);
            }
        }

        void blocker(Kind kind, String message) {
            blockers.add(new ClusterBlocker(kind, message));
        }

        Findings findings() {
            return pending.isEmpty() && blockers.isEmpty() ? Findings.NONE : new Findings(List.copyOf(pending), List.copyOf(blockers));
        }
    }

    /** A node of the cluster as the planner sees it. Identity is the node: members are map keys. */
    private static final class Member {
        final String id;
        /** Null when the node cannot be reached. */
        final ObservedNode node;
        /** The node's own line when reachable, otherwise the anchor's line about it. */
        final ClusterNode claims;
        final Endpoint endpoint;
        /** Null when the node should leave. */
        final NodeSpec spec;
        /** Not yet known to the anchor. */
        final boolean outsider;
        /** Position in {@link Membership#members()}, sorted by endpoint. */
        final int index;

        Member(Seen seen, NodeSpec spec, int index) {
            this.id = seen.id();
            this.node = seen.node();
            this.claims = seen.claims();
            this.endpoint = seen.endpoint();
            this.outsider = seen.outsider();
            this.spec = spec;
            this.index = index;
        }

        boolean usable() {
            return node != null;
        }

        boolean desired() {
            return spec != null;
        }

        /** Desired, and preferred as master ({@link NodeSpec#preferredMaster()}). */
        boolean preferred() {
            return spec != null && spec.preferredMaster();
        }

        /** Desired and reachable: a node that stays and that steps can address. */
        boolean staying() {
            return desired() && usable();
        }

        /** A reachable member (not an outsider) that says it is a master: slot moves must tell it. */
        boolean claimedMaster() {
            return usable() && !outsider && claims.isMaster();
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

    /** A node found in the anchor's view or among the observed desired nodes, before it has a place in the member list. */
    private record Seen(String id, ObservedNode node, ClusterNode claims, Endpoint endpoint, boolean outsider) {}

    /**
     * The cluster as the anchor knows it, plus the desired nodes it does not know yet (outsiders).
     *
     * @param anchor null when no node can anchor the plan; then {@code findings} say why
     * @param joining an outsider is shaking hands with the anchor: the cluster is left alone until it is done
     */
    private record Membership(
            ObservedNode anchor, Member anchorMember, Map<String, ClusterNode> anchorLines, List<Member> members,
            Map<String, Member> byId, Set<Endpoint> unreachableDesired, boolean joining, Findings findings) {

        /** Members that stay and can be addressed, in endpoint order. */
        List<Member> staying() {
            return members.stream().filter(Member::staying).toList();
        }

        /** Reachable members that say they are masters: every slot move tells them the new owner. */
        List<NodeRef> claimedMasters() {
            return members.stream().filter(Member::claimedMaster).map(Member::ref).toList();
        }
    }

    /** Which member serves each slot, by {@link Member#index}; -1 when nobody does. Never changed once built. */
    private static final class Ownership {
        private final int[] owner;
        private final int[] counts;

        Ownership(int[] owner, int memberCount) {
            this.owner = owner;
            this.counts = new int[memberCount];
            for (int o : owner) {
                if (o >= 0) {
                    counts[o]++;
                }
            }
        }

        int ownerOf(int slot) {
            return owner[slot];
        }

        int count(Member member) {
            return counts[member.index];
        }

        /** The ownership once every promoted replica has taken its master's slots. */
        Ownership afterFailovers(Map<Member, Member> promotions) {
            if (promotions.isEmpty()) {
                return this;
            }
            int[] after = owner.clone();
            Map<Integer, Integer> heirs = new HashMap<>();
            promotions.forEach((master, heir) -> heirs.put(master.index, heir.index));
            for (int slot = 0; slot < SLOTS; slot++) {
                Integer heir = after[slot] >= 0 ? heirs.get(after[slot]) : null;
                if (heir != null) {
                    after[slot] = heir;
                }
            }
            return new Ownership(after, counts.length);
        }
    }

    /**
     * @param steps the repairs of open slots; @param adoptions unowned slots given to the master holding their keys
     * @param keeps the keys of stale masters copied to the owners of the slots they still claim
     */
    private record Repair(Ownership ownership, List<ClusterStep> steps, List<ClusterStep> adoptions,
            List<ClusterStep.CopyMissingKeys> keeps, Findings findings) {}

    /**
     * @param finals the masters once the plan is carried out, in member order
     * @param promotions a shard master (that leaves) to the replica that takes it over
     * @param successors a final master that is not preferred to the preferred node that replicates it, to take
     *     mastership over once nothing else is left to do
     * @param frozen a master that is down serves slots: nothing may move before Redis fails it over
     */
    private record Masters(List<Member> finals, Map<Member, Member> promotions, Map<Member, Member> successors,
            List<ClusterStep> failovers, boolean frozen, Findings findings) {}

    /** @param ownership who serves each slot after the failovers, before the migrations */
    private record Slots(Ownership ownership, List<ClusterStep> additions, List<ClusterStep> migrations) {}

    /** @param early replicas that serve no slot, placed before migrations; @param late drained masters, placed after */
    private record Replicas(List<ClusterStep> early, List<ClusterStep> late) {}

    /** @param steps meets of members at old addresses, and replicas re-pointed at their master's current address */
    private record Agreement(List<ClusterStep> steps, Findings findings) {}

    /** @param steps at most one graceful failover to a preferred node */
    private record HandBack(List<ClusterStep> steps, Findings findings) {}

    // 1. Membership ---------------------------------------------------------------------------------

    private static Membership membership(ObservedCluster observed, ClusterShape shape) {
        Notes notes = new Notes(0);
        Map<Endpoint, NodeSpec> specs = new HashMap<>();
        for (NodeSpec spec : shape.nodes()) {
            specs.put(spec.endpoint(), spec);
        }
        Map<Endpoint, ObservedNode> byEndpoint = new HashMap<>();
        for (ObservedNode node : observed.nodes()) {
            byEndpoint.putIfAbsent(node.endpoint(), node);
        }
        Set<Endpoint> unreachableDesired = new LinkedHashSet<>();
        for (NodeSpec spec : shape.nodes().stream().sorted().toList()) {
            ObservedNode node = byEndpoint.get(spec.endpoint());
            if (node == null || !node.reachable()) {
                unreachableDesired.add(spec.endpoint());
                notes.blocker(Kind.NODE_UNREACHABLE, spec.endpoint() + " is unreachable"
                        + (node == null ? "" : node.error().map(e -> ": " + e).orElse("")));
            } else if (!node.clusterEnabled()) {
                notes.blocker(Kind.CLUSTER_MODE_DISABLED, spec.endpoint() + " does not run in cluster mode (cluster-enabled no)");
            } else if (node.myself().isEmpty()) {
                notes.blocker(Kind.NODE_UNIDENTIFIED, spec.endpoint() + " did not name itself in CLUSTER NODES");
            }
        }
        List<ObservedNode> usable = observed.nodes().stream()
                .filter(ObservedNode::usable)
                .sorted(Comparator.comparing((ObservedNode n) -> !specs.containsKey(n.endpoint()))
                        .thenComparing(ObservedNode::endpoint))
                .toList();
        Map<String, ObservedNode> usableById = new HashMap<>();
        for (ObservedNode node : usable) {
            String id = node.myself().orElseThrow().id();
            ObservedNode first = usableById.putIfAbsent(id, node);
            if (first != null && specs.containsKey(node.endpoint())) {
                notes.blocker(Kind.DUPLICATE_NODE, first.endpoint() + " and " + node.endpoint() + " are the same node " + id);
            }
        }
        ObservedNode anchor = anchor(usableById, specs);
        if (anchor == null) {
            if (notes.blockers.isEmpty()) {
                notes.blocker(Kind.NO_CLUSTER_NODE, "no desired node can be reached in cluster mode");
            }
            return new Membership(null, null, Map.of(), List.of(), Map.of(), unreachableDesired, false, notes.findings());
        }

        Map<String, ClusterNode> anchorLines = new HashMap<>();
        for (ClusterNode line : anchor.view()) {
            if (!line.isHandshake()) {
                anchorLines.put(line.id(), line);
            }
        }
        List<Seen> seen = new ArrayList<>();
        for (ClusterNode line : anchorLines.values()) {
            ObservedNode node = usableById.get(line.id());
            ClusterNode claims = node != null ? node.myself().orElseThrow() : line;
            Endpoint endpoint = node != null ? node.endpoint() : endpointOf(line);
            seen.add(new Seen(line.id(), node, claims, endpoint, false));
        }
        for (ObservedNode node : usableById.values()) {
            ClusterNode self = node.myself().orElseThrow();
            if (!anchorLines.containsKey(self.id()) && specs.containsKey(node.endpoint())) {
                seen.add(new Seen(self.id(), node, self, node.endpoint(), true));
            }
        }
        seen.sort(Comparator.comparing(Seen::endpoint).thenComparing(Seen::id));
        List<Member> members = new ArrayList<>(seen.size());
        Map<String, Member> byId = new HashMap<>();
        for (Seen s : seen) {
            Member member = new Member(s, specOf(s, specs), members.size());
            members.add(member);
            byId.put(member.id, member);
        }
        boolean joining = false;
        for (Member member : members) {
            if (member.outsider) {
                if (joining(anchor, member)) {
                    joining = true;
                    notes.pending(member + " is joining the cluster (handshake in progress)");
                } else {
                    checkJoinable(anchor, member, byId, notes);
                }
            }
        }
        Member anchorMember = byId.get(anchor.myself().orElseThrow().id());
        return new Membership(anchor, anchorMember, anchorLines, List.copyOf(members), byId, unreachableDesired, joining,
                notes.findings());
    }

    /**
     * The anchor is one of ours when one of ours knows the cluster: a leaving node that was forgotten may still
     * run and remember the cluster it left, and must not pull it back. A leaving node anchors only when the
     * cluster moves onto nodes that are all new.
     */
    private static ObservedNode anchor(Map<String, ObservedNode> usableById, Map<Endpoint, NodeSpec> specs) {
        Map<ObservedNode, Integer> coverage = new IdentityHashMap<>();
        usableById.values().forEach(n -> coverage.put(n, coveredSlots(n)));
        Comparator<ObservedNode> byKnowledge = Comparator.comparing((ObservedNode n) -> -coverage.get(n))
                .thenComparing(n -> -n.view().size())
                .thenComparing(ObservedNode::endpoint);
        ObservedNode anchor = usableById.values().stream()
                .filter(n -> specs.containsKey(n.endpoint()))
                .sorted(byKnowledge)
                .filter(n -> !disowned(n, usableById))
                .findFirst()
                .orElse(null);
        if (anchor == null || coverage.get(anchor) == 0) {
            ObservedNode leaving = usableById.values().stream()
                    .filter(n -> !specs.containsKey(n.endpoint()) && coverage.get(n) > 0)
                    .sorted(byKnowledge)
                    .filter(n -> !disowned(n, usableById))
                    .findFirst()
                    .orElse(null);
            if (leaving != null) {
                anchor = leaving;
            }
        }
        return anchor;
    }

    /** A node that was forgotten but still runs: it knows its former peers, and none of them knows it. */
    private static boolean disowned(ObservedNode node, Map<String, ObservedNode> usableById) {
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

    private static boolean knows(ObservedNode viewer, String id) {
        for (ClusterNode line : viewer.view()) {
            if (line.id().equals(id) && !line.isHandshake()) {
                return true;
            }
        }
        return false;
    }

    private static int coveredSlots(ObservedNode node) {
        int covered = 0;
        for (ClusterNode line : node.view()) {
            covered += line.slotCount();
        }
        return covered;
    }

    private static Endpoint endpointOf(ClusterNode line) {
        String host = !line.ip().isEmpty() ? line.ip() : line.hostname().orElse("noaddr");
        return new Endpoint(host, line.port());
    }

    private static NodeSpec specOf(Seen seen, Map<Endpoint, NodeSpec> specs) {
        if (seen.node() != null) {
            NodeSpec spec = specs.get(seen.node().endpoint());
            return spec != null ? spec : specs.get(seen.node().address());
        }
        // A desired node that is down is still desired: never drain or forget it for being down.
        NodeSpec byIp = specs.get(seen.endpoint());
        if (byIp != null) {
            return byIp;
        }
        return seen.claims().hostname()
                .map(h -> specs.get(new Endpoint(h, seen.claims().port())))
                .orElse(null);
    }

    /** A MEET was sent: the anchor and the outsider are shaking hands, and it may already serve the slots we gave it. */
    private static boolean joining(ObservedNode anchor, Member outsider) {
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

    private static void checkJoinable(ObservedNode anchor, Member outsider, Map<String, Member> byId, Notes notes) {
        ClusterNode self = outsider.claims;
        if (self.slotCount() > 0) {
            notes.blocker(Kind.FOREIGN_SLOTS, outsider + " serves slots " + SlotRange.format(self.slots())
                    + " but is not part of the cluster of " + anchor.endpoint() + "; merging clusters is refused");
            return;
        }
        for (ClusterNode line : outsider.node.view()) {
            if (!line.isMyself() && !line.isHandshake() && !byId.containsKey(line.id())) {
                notes.blocker(Kind.FOREIGN_CLUSTER, outsider + " knows node " + line.id() + " (" + line.address()
                        + ") that the cluster does not know; it belongs to another cluster");
                return;
            }
        }
        if (self.isMaster() && outsider.node.keys() > 0) {
            notes.blocker(Kind.FOREIGN_DATA, outsider + " holds " + outsider.node.keys() + " keys; a node must be empty to join the cluster");
        }
    }

    /**
     * From the anchor's view only, so that planning stays linear in the cluster size: outsiders, members the
     * anchor has at an old address, members that know no other node. What other views disagree on is found by
     * {@link #agreement} once nothing else is left to do.
     */
    private static List<ClusterStep> meetings(Membership membership) {
        List<ClusterStep> meets = new ArrayList<>();
        Member anchor = membership.anchorMember();
        for (Member member : membership.members()) {
            if (!member.staying() || member == anchor) {
                continue;
            }
            ClusterNode line = membership.anchorLines().get(member.id);
            if (member.outsider || !sameAddress(line, member) || member.node.view().size() == 1) {
                meets.add(meet(anchor, member));
            }
        }
        return meets;
    }

    /**
     * While stale masters keep keys ({@link #keepKeysOfStaleMasters}), nothing else is planned: the other members are
     * met through the owner serving most slots, so that the owners see {@code cluster_state:ok} and take keys; then the
     * keys are copied; only then are the stale masters met, and Redis makes them replicas.
     */
    private static List<ClusterStep> keeping(Membership membership, List<ClusterStep.CopyMissingKeys> keeps) {
        Set<String> stale = new HashSet<>();
        keeps.forEach(k -> stale.add(k.source().id()));
        Member hub = keeps.stream().map(k -> membership.byId().get(k.target().id()))
                .min(Comparator.comparingInt((Member m) -> -m.claims.slotCount()).thenComparingInt(m -> m.index))
                .orElseThrow();
        Map<String, ClusterNode> hubLines = new HashMap<>();
        hub.node.view().stream().filter(line -> !line.isHandshake()).forEach(line -> hubLines.put(line.id(), line));
        List<ClusterStep> before = new ArrayList<>();
        List<ClusterStep> after = new ArrayList<>();
        for (Member member : membership.staying()) {
            ClusterNode line = hubLines.get(member.id);
            if (member != hub && (line == null || !sameAddress(line, member) || member.node.view().size() == 1)) {
                (stale.contains(member.id) ? after : before).add(meet(hub, member));
            }
        }
        List<ClusterStep> steps = new ArrayList<>(before);
        steps.addAll(keeps);
        steps.addAll(after);
        return steps;
    }

    private static ClusterStep.Meet meet(Member via, Member node) {
        Endpoint address = node.node.address();
        return new ClusterStep.Meet(via.ref(), node.ref(), address.host(), address.port(), node.claims.busPort());
    }

    private static boolean sameAddress(ClusterNode line, Member member) {
        Endpoint address = member.node.address();
        return line.port() == address.port() && line.ip().equals(address.host());
    }

    // 2. Repair -------------------------------------------------------------------------------------

    private static Repair repair(Membership membership) {
        Notes notes = new Notes(membership.findings().pending().size());
        List<Member> members = membership.members();
        int[] owner = claimedOwnership(members, notes);
        List<ClusterStep.CopyMissingKeys> keeps = keepKeysOfStaleMasters(members, owner, notes);

        TreeMap<Integer, List<Member>> openSlots = new TreeMap<>();
        for (Member member : members) {
            if (!member.usable() || member.outsider) {
                continue;
            }
            member.claims.migrating().keySet().forEach(s -> openSlots.computeIfAbsent(s, k -> new ArrayList<>()).add(member));
            member.claims.importing().keySet().forEach(s -> openSlots.computeIfAbsent(s, k -> new ArrayList<>()).add(member));
        }
        List<ClusterStep> steps = new ArrayList<>();
        List<NodeRef> masters = membership.claimedMasters();
        for (Map.Entry<Integer, List<Member>> open : openSlots.entrySet()) {
            int slot = open.getKey();
            List<Member> marked = new ArrayList<>(new LinkedHashSet<>(open.getValue()));
            repairSlot(slot, marked, owner, membership, masters, steps, notes);
        }
        List<ClusterStep> adoptions = adoptUnownedSlotsWithKeys(members, owner, notes);
        return new Repair(new Ownership(owner, members.size()), steps, adoptions, keeps, notes.findings());
    }

    /**
     * A master holding keys that still claims slots another master serves under a higher config epoch: a replica took
     * them over while it was down (every pod restarted, the replicas first). Once it hears the owner, Redis drops those
     * slots from it and, left with none, makes it the owner's replica, which resyncs it: its keys are gone. So first the
     * keys of those slots that the owner lacks are copied to the owner (the owner's value of a key it has wins: it took
     * the writes since). The claim of the higher epoch stands, as Redis itself would have it.
     */
    private static List<ClusterStep.CopyMissingKeys> keepKeysOfStaleMasters(List<Member> members, int[] owner, Notes notes) {
        List<ClusterStep.CopyMissingKeys> keeps = new ArrayList<>();
        for (Member stale : members) {
            if (!stale.claimedMaster() || stale.node.keys() == 0) {
                continue;
            }
            Map<Member, BitSet> lost = new TreeMap<>(Comparator.comparingInt(m -> m.index));
            for (SlotRange range : stale.claims.slots()) {
                for (int slot = range.first(); slot <= range.last(); slot++) {
                    Member holder = owner[slot] >= 0 ? members.get(owner[slot]) : null;
                    // An open slot is an interrupted move, which the repair finishes with its keys.
                    boolean open = stale.claims.migrating().containsKey(slot) || stale.claims.importing().containsKey(slot);
                    if (holder != null && holder != stale && holder.claimedMaster() && !open) {
                        lost.computeIfAbsent(holder, h -> new BitSet(SLOTS)).set(slot);
                    }
                }
            }
            lost.forEach((holder, slots) -> {
                List<SlotRange> ranges = SlotRange.rangesOf(slots);
                keeps.add(new ClusterStep.CopyMissingKeys(stale.ref(), holder.ref(), ranges));
                notes.pending(stale + " holds " + stale.node.keys() + " keys and still claims slots " + SlotRange.format(ranges)
                        + " that " + holder + " serves under a higher config epoch (" + holder.claims.configEpoch() + " > "
                        + stale.claims.configEpoch() + "); the keys " + holder + " lacks are copied to it before "
                        + stale + " hears it and becomes its replica");
            });
        }
        return keeps;
    }

    /** Each slot to the master claiming it; of two claims, the higher config epoch wins (then the lower id). */
    private static int[] claimedOwnership(List<Member> members, Notes notes) {
        int[] owner = new int[SLOTS];
        Arrays.fill(owner, -1);
        for (Member member : members) {
            if (member.outsider || !member.claims.isMaster()) {
                continue;
            }
            for (SlotRange range : member.claims.slots()) {
                for (int slot = range.first(); slot <= range.last(); slot++) {
                    int current = owner[slot];
                    if (current >= 0) {
                        notes.pendingLimited("slot " + slot + " is claimed by both " + member + " and " + members.get(current));
                    }
                    if (current < 0 || wins(member, members.get(current))) {
                        owner[slot] = member.index;
                    }
                }
            }
        }
        return owner;
    }

    private static boolean wins(Member challenger, Member holder) {
        long a = challenger.claims.configEpoch();
        long b = holder.claims.configEpoch();
        return a != b ? a > b : challenger.id.compareTo(holder.id) < 0;
    }

    /** Finishes or clears the markers of one open slot; {@code owner} follows a finished move. */
    private static void repairSlot(int slot, List<Member> marked, int[] owner, Membership membership, List<NodeRef> masters,
            List<ClusterStep> steps, Notes notes) {
        Member slotOwner = owner[slot] >= 0 ? membership.members().get(owner[slot]) : null;
        if (slotOwner != null && !slotOwner.usable()) {
            notes.pendingLimited("slot " + slot + " is open but its owner " + slotOwner + " is unreachable");
            return;
        }
        Member finishTo = null;
        if (slotOwner != null) {
            Member target = membership.byId().get(slotOwner.claims.migrating().get(slot));
            if (target != null && target.claimedMaster()) {
                finishTo = target;
            } else {
                for (Member importer : marked) {
                    if (importer != slotOwner && importer.claims.importing().containsKey(slot)
                            && importer.keysInSlot(slot) > 0 && importer.claimedMaster()) {
                        finishTo = importer;
                        break;
                    }
                }
            }
        }
        if (finishTo != null) {
            steps.add(new ClusterStep.MigrateSlots(slotOwner.ref(), finishTo.ref(), List.of(SlotRange.of(slot)), masters,
                    ClusterStep.MigrateSlots.Why.FINISH_INTERRUPTED));
            owner[slot] = finishTo.index;
        }
        for (Member member : marked) {
            boolean handled = finishTo != null && (member == slotOwner || member == finishTo);
            if (handled) {
                continue;
            }
            if (slotOwner != null && member != slotOwner && member.keysInSlot(slot) > 0) {
                notes.blocker(Kind.STRAY_KEYS, member + " holds " + member.keysInSlot(slot) + " keys of slot " + slot
                        + " that " + slotOwner + " serves; they cannot be merged safely");
                continue;
            }
            steps.add(new ClusterStep.StabilizeSlot(member.ref(), slot));
        }
    }

    /** A slot nobody serves goes to the one master holding keys in it; {@code owner} records it. */
    private static List<ClusterStep> adoptUnownedSlotsWithKeys(List<Member> members, int[] owner, Notes notes) {
        List<Member> holders = members.stream()
                .filter(m -> m.claimedMaster() && m.node.keys() > 0)
                .toList();
        if (holders.isEmpty()) {
            return List.of();
        }
        Map<Member, BitSet> adopted = new LinkedHashMap<>();
        for (int slot = 0; slot < SLOTS; slot++) {
            if (owner[slot] >= 0) {
                continue;
            }
            Member holder = null;
            for (Member member : holders) {
                if (member.keysInSlot(slot) > 0) {
                    if (holder != null) {
                        notes.blocker(Kind.STRAY_KEYS, "keys of unowned slot " + slot + " are on both " + holder + " and " + member);
                    }
                    holder = member;
                }
            }
            if (holder != null) {
                owner[slot] = holder.index;
                adopted.computeIfAbsent(holder, h -> new BitSet(SLOTS)).set(slot);
            }
        }
        List<ClusterStep> additions = new ArrayList<>();
        adopted.forEach((holder, slots) -> additions.add(new ClusterStep.AddSlots(holder.ref(), SlotRange.rangesOf(slots))));
        return additions;
    }

    // 3. Masters ------------------------------------------------------------------------------------

    private static Masters masters(Membership membership, Ownership ownership, int wanted) {
        Notes notes = new Notes(0);
        List<Member> members = membership.members();
        if (frozen(members, ownership, notes)) {
            return new Masters(List.of(), Map.of(), Map.of(), List.of(), true, notes.findings());
        }
        List<Member> finals = new ArrayList<>();
        Map<String, Integer> mastersPerDomain = new HashMap<>();
        Map<Member, Member> promotions = new LinkedHashMap<>();
        List<ClusterStep> failovers = new ArrayList<>();
        List<Member> shardMasters = members.stream()
                .filter(m -> ownership.count(m) > 0)
                .sorted(Comparator.comparingInt((Member m) -> -ownership.count(m)).thenComparing(m -> m.index))
                .toList();
        for (Member master : shardMasters) {
            if (finals.size() == wanted) {
                break;
            }
            if (master.desired()) {
                addFinal(master, finals, mastersPerDomain);
                continue;
            }
            List<Member> heirs = members.stream()
                    .filter(r -> r.staying() && !r.outsider && r.claims.isReplica()
                            && r.claims.masterId().map(master.id::equals).orElse(false))
                    .toList();
            Member heir = leastUsedDomain(preferredFirst(heirs), mastersPerDomain);
            if (heir != null) {
                addFinal(heir, finals, mastersPerDomain);
                promotions.put(master, heir);
                failovers.add(new ClusterStep.Failover(heir.ref(), master.ref(), ClusterStep.Failover.Mode.GRACEFUL,
                        ClusterStep.Failover.Why.MASTER_LEAVING));
            }
        }
        for (Member member : members) {
            if (member.staying() && member.claims.isMaster() && ownership.count(member) == 0 && member.node.keys() > 0
                    && !member.outsider) {
                notes.blocker(Kind.KEYS_WITHOUT_SLOTS, member + " is a master holding " + member.node.keys()
                        + " keys but serving no slot; it can neither take slots nor replicate without losing them");
            }
        }
        // The masters chosen so far serve slots or are replicas: neither is among the empty masters.
        List<Member> empty = new ArrayList<>(members.stream()
                .filter(m -> m.staying() && m.claims.isMaster() && ownership.count(m) == 0 && m.node.keys() == 0)
                .toList());
        while (finals.size() < wanted && !empty.isEmpty()) {
            Member next = leastUsedDomain(preferredFirst(empty), mastersPerDomain);
            empty.remove(next);
            addFinal(next, finals, mastersPerDomain);
        }
        if (finals.size() < wanted) {
            notes.blocker(Kind.NOT_ENOUGH_MASTERS, "only " + finals.size() + " of the nodes can serve slots, " + wanted
                    + " masters wanted; the others are replicas, which would have to be reset and lose their data");
        }
        finals.sort(Comparator.comparingInt(m -> m.index));
        Map<Member, Member> successors = successors(membership, finals, promotions);
        return new Masters(List.copyOf(finals), promotions, successors, failovers, false, notes.findings());
    }

    /** The preferred ones among the candidates when there are any, else all of them. */
    private static List<Member> preferredFirst(List<Member> candidates) {
        List<Member> preferred = candidates.stream().filter(Member::preferred).toList();
        return preferred.isEmpty() ? candidates : preferred;
    }

    /**
     * A preferred node for each final master that is not preferred, as long as preferred nodes that will not be
     * masters are left: first one that already follows it (a caught-up one first), then one whose domain holds
     * the fewest preferred masters.
     */
    private static Map<Member, Member> successors(Membership membership, List<Member> finals, Map<Member, Member> promotions) {
        Set<Member> finalSet = new HashSet<>(finals);
        List<Member> free = new ArrayList<>(membership.members().stream()
                .filter(m -> m.preferred() && m.usable() && !finalSet.contains(m))
                .toList());
        List<Member> unpreferred = finals.stream().filter(m -> !m.preferred()).toList();
        if (free.isEmpty() || unpreferred.isEmpty()) {
            return Map.of();
        }
        Map<Member, Member> successors = new HashMap<>();
        for (Member master : unpreferred) {
            free.stream()
                    .filter(c -> currentMaster(c, membership, promotions) == master)
                    .min(Comparator.comparing((Member c) -> !c.node.replicaCaughtUp()).thenComparingInt(c -> c.index))
                    .ifPresent(c -> {
                        successors.put(master, c);
                        free.remove(c);
                    });
        }
        Map<String, Integer> preferredPerDomain = new HashMap<>();
        finals.stream().filter(Member::preferred).forEach(m -> preferredPerDomain.merge(m.domain(), 1, Integer::sum));
        successors.values().forEach(m -> preferredPerDomain.merge(m.domain(), 1, Integer::sum));
        for (Member master : unpreferred) {
            if (!successors.containsKey(master) && !free.isEmpty()) {
                Member successor = leastUsedDomain(free, preferredPerDomain);
                successors.put(master, successor);
                free.remove(successor);
                preferredPerDomain.merge(successor.domain(), 1, Integer::sum);
            }
        }
        Map<Member, Member> ordered = new LinkedHashMap<>();
        unpreferred.stream().filter(successors::containsKey).forEach(m -> ordered.put(m, successors.get(m)));
        return ordered;
    }

    /** True when a shard whose master is down still serves slots: nothing can move before Redis fails it over. */
    private static boolean frozen(List<Member> members, Ownership ownership, Notes notes) {
        boolean frozen = false;
        for (Member member : members) {
            if (ownership.count(member) == 0 || member.usable()) {
                continue;
            }
            frozen = true;
            boolean replicaAlive = members.stream()
                    .anyMatch(r -> r.usable() && r.claims.masterId().map(member.id::equals).orElse(false));
            if (replicaAlive) {
                notes.pending(member + " is down and serves " + ownership.count(member)
                        + " slots; waiting for Redis to fail them over to its replica");
            } else {
                notes.blocker(Kind.SLOTS_WITHOUT_REPLICA, member + " is down and serves " + ownership.count(member)
                        + " slots with no reachable replica; bring it back (its data is on it)");
            }
        }
        return frozen;
    }

    private static void addFinal(Member master, List<Member> finals, Map<String, Integer> mastersPerDomain) {
        finals.add(master);
        mastersPerDomain.merge(master.domain(), 1, Integer::sum);
    }

    /** The first candidate whose domain holds the fewest masters, or null when there is none. */
    private static Member leastUsedDomain(List<Member> candidates, Map<String, Integer> mastersPerDomain) {
        Member best = null;
        int bestUse = Integer.MAX_VALUE;
        for (Member candidate : candidates) {
            int use = mastersPerDomain.getOrDefault(candidate.domain(), 0);
            if (use < bestUse) {
                best = candidate;
                bestUse = use;
            }
        }
        return best;
    }

    // 4. Slots --------------------------------------------------------------------------------------

    private Slots slots(Membership membership, Ownership before, Masters masters) {
        List<Member> members = membership.members();
        Ownership ownership = before.afterFailovers(masters.promotions());
        List<Member> finals = masters.finals();
        int m = finals.size();
        int[] target = new int[members.size()];
        List<Member> byLoad = new ArrayList<>(finals);
        byLoad.sort(Comparator.comparingInt((Member f) -> -ownership.count(f)).thenComparing(f -> f.index));
        for (int i = 0; i < byLoad.size(); i++) {
            target[byLoad.get(i).index] = SLOTS / m + (i < SLOTS % m ? 1 : 0);
        }
        boolean[] isFinal = new boolean[members.size()];
        finals.forEach(f -> isFinal[f.index] = true);

        // Surplus: the highest slots of an over-full master, every slot of a node that stops serving.
        int[] surplus = new int[members.size()];
        for (Member member : members) {
            int count = ownership.count(member);
            surplus[member.index] = isFinal[member.index] ? Math.max(0, count - target[member.index]) : count;
        }
        List<List<Integer>> given = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            given.add(new ArrayList<>());
        }
        int[] taken = new int[members.size()];
        for (int slot = SLOTS - 1; slot >= 0; slot--) {
            int o = ownership.ownerOf(slot);
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
            if (ownership.ownerOf(slot) < 0) {
                unowned.add(slot);
            }
        }
        int nextUnowned = 0;
        int nextPooled = 0;
        List<NodeRef> notify = notifyList(membership, finals);
        List<ClusterStep> additions = new ArrayList<>();
        List<ClusterStep> migrations = new ArrayList<>();
        for (Member receiver : finals) {
            int need = target[receiver.index] - ownership.count(receiver);
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
            bySource.forEach((source, slots) -> {
                Member from = members.get(source);
                ClusterStep.MigrateSlots.Why why = !from.desired() ? ClusterStep.MigrateSlots.Why.DRAIN_LEAVING
                        : !isFinal[source] ? ClusterStep.MigrateSlots.Why.DRAIN_TO_REPLICA
                        : ClusterStep.MigrateSlots.Why.REBALANCE;
                migrations.addAll(migrations(from, receiver, slots, notify, why));
            });
        }
        return new Slots(ownership, additions, migrations);
    }

    /** Every master that must learn where the slots went: those that claim to be masters now, and those that will be. */
    private static List<NodeRef> notifyList(Membership membership, List<Member> finals) {
        Set<Member> notified = new LinkedHashSet<>();
        for (Member member : membership.members()) {
            if (member.claimedMaster()) {
                notified.add(member);
            }
        }
        notified.addAll(finals);
        return notified.stream().sorted(Comparator.comparingInt(m -> m.index)).map(Member::ref).toList();
    }

    private List<ClusterStep> migrations(Member source, Member target, List<Integer> ascendingSlots, List<NodeRef> notify,
            ClusterStep.MigrateSlots.Why why) {
        List<ClusterStep> steps = new ArrayList<>();
        for (int from = 0; from < ascendingSlots.size(); from += slotsPerMigration) {
            List<Integer> chunk = ascendingSlots.subList(from, Math.min(ascendingSlots.size(), from + slotsPerMigration));
            steps.add(new ClusterStep.MigrateSlots(source.ref(), target.ref(), SlotRange.rangesOf(chunk), notify, why));
        }
        return steps;
    }

    // 5. Replicas -----------------------------------------------------------------------------------

    private static Replicas replicas(Membership membership, Masters masters, Ownership ownership) {
        List<Member> finals = masters.finals();
        Set<Member> finalSet = new HashSet<>(finals);
        List<Member> candidates = membership.members().stream()
                .filter(m -> m.staying() && !finalSet.contains(m))
                .toList();
        if (candidates.isEmpty()) {
            return new Replicas(List.of(), List.of());
        }
        Map<Member, Member> current = new HashMap<>();
        for (Member candidate : candidates) {
            Member master = currentMaster(candidate, membership, masters.promotions());
            if (master != null && finalSet.contains(master)) {
                current.put(candidate, master);
            }
        }
        // A successor follows its master whatever the domains: it takes mastership over, and the domains are
        // settled again after that.
        Map<Member, Member> pinned = new LinkedHashMap<>();
        masters.successors().forEach((master, successor) -> pinned.put(successor, master));
        Map<Member, Member> attached = new HashMap<>(current);
        attached.putAll(pinned);
        Map<Member, Integer> room = quotas(candidates, attached, finals);
        Map<Member, Member> placed = new LinkedHashMap<>();
        pinned.forEach((successor, master) -> place(successor, master, placed, room));
        for (Member candidate : candidates) {
            Member master = current.get(candidate);
            if (master != null && !placed.containsKey(candidate) && !sameDomain(candidate, master) && room.get(master) > 0) {
                place(candidate, master, placed, room);
            }
        }
        for (Member candidate : candidates) {
            if (placed.containsKey(candidate)) {
                continue;
            }
            Member best = null;
            for (Member master : finals) {
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
                for (Member master : finals) {
                    if (room.get(master) > 0 && (best == null || room.get(master) > room.get(best))) {
                        best = master;
                    }
                }
            }
            place(candidate, best, placed, room);
        }
        swapAwaySameDomainPlacements(candidates.stream().filter(c -> !pinned.containsKey(c)).toList(), placed);
        List<ClusterStep> early = new ArrayList<>();
        List<ClusterStep> late = new ArrayList<>();
        for (Member candidate : candidates) {
            Member master = placed.get(candidate);
            if (ownership.count(candidate) > 0) {
                late.add(new ClusterStep.Replicate(candidate.ref(), master.ref()));
            } else if (current.get(candidate) != master) {
                early.add(new ClusterStep.Replicate(candidate.ref(), master.ref()));
            }
        }
        return new Replicas(early, late);
    }

    /** The master a candidate follows once the failovers are done, or null. */
    private static Member currentMaster(Member candidate, Membership membership, Map<Member, Member> promotions) {
        Member heir = promotions.get(candidate);
        if (heir != null) {
            return heir;
        }
        if (!candidate.claims.isReplica()) {
            return null;
        }
        Member master = candidate.claims.masterId().map(membership.byId()::get).orElse(null);
        Member masterHeir = master == null ? null : promotions.get(master);
        return masterHeir != null ? masterHeir : master;
    }

    /** Replicas each master takes: an even share, the remainder to the masters that have most replicas now. */
    private static Map<Member, Integer> quotas(List<Member> candidates, Map<Member, Member> current, List<Member> finals) {
        Map<Member, Integer> attached = new HashMap<>();
        current.values().forEach(m -> attached.merge(m, 1, Integer::sum));
        List<Member> byAttached = new ArrayList<>(finals);
        byAttached.sort(Comparator.comparingInt((Member m) -> -attached.getOrDefault(m, 0)).thenComparing(m -> m.index));
        Map<Member, Integer> room = new HashMap<>();
        int base = candidates.size() / finals.size();
        int extra = candidates.size() % finals.size();
        for (int i = 0; i < byAttached.size(); i++) {
            room.put(byAttached.get(i), base + (i < extra ? 1 : 0));
        }
        return room;
    }

    private static void place(Member candidate, Member master, Map<Member, Member> placed, Map<Member, Integer> room) {
        placed.put(candidate, master);
        room.merge(master, -1, Integer::sum);
    }

    /**
     * Replica r sits with master m in its own domain; another replica r2 with master m2 can trade places
     * when m2 is outside r's domain and m is outside r2's. Each trade removes one same-domain placement, and
     * when none is left, every master outside r's domain holds only replicas of r's domain: no assignment
     * does better.
     */
    private static void swapAwaySameDomainPlacements(List<Member> candidates, Map<Member, Member> placed) {
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

    private static boolean sameDomain(Member a, Member b) {
        return a.domain().equals(b.domain());
    }

    // 6. Departures ---------------------------------------------------------------------------------

    private static List<ClusterStep> departures(Membership membership, Masters masters, Ownership ownership) {
        List<ClusterStep> steps = new ArrayList<>();
        List<NodeRef> staying = membership.staying().stream().map(Member::ref).toList();
        for (Member member : membership.members()) {
            if (leaves(member, membership)) {
                steps.add(new ClusterStep.Forget(member.ref(), staying));
            }
        }
        for (Member member : membership.members()) {
            if (leaves(member, membership) && member.usable() && member.claims.isMaster() && !masters.promotions().containsKey(member)
                    && (ownership.count(member) > 0 || member.node.keys() == 0)) {
                steps.add(new ClusterStep.Reset(member.ref()));
            }
        }
        return steps;
    }

    /** A member of the cluster that the shape does not name (a desired node that is down keeps its place). */
    private static boolean leaves(Member member, Membership membership) {
        return !member.desired() && !member.outsider && !membership.unreachableDesired().contains(member.endpoint);
    }

    // 7. Agreement ----------------------------------------------------------------------------------

    /**
     * Every staying member must know every other one, at its current address, in its current role and slots,
     * and report {@code cluster_state:ok}. A member that does not know the anchor, or has a peer at an old
     * address, is met again (a peer with an old address learns the new one only after it marks the node
     * failing; meeting it again does not wait for that). The rest is gossip: pending.
     */
    private static Agreement agreement(Membership membership, int pendingBefore) {
        Notes notes = new Notes(pendingBefore);
        Map<String, ClusterStep> meets = new LinkedHashMap<>();
        Member anchor = membership.anchorMember();
        List<Member> staying = membership.staying();
        for (Member viewer : staying) {
            if (!viewer.node.clusterState().map("ok"::equals).orElse(false)) {
                notes.pendingLimited(viewer + " reports cluster_state:" + viewer.node.clusterState().orElse("unknown"));
            }
            int seen = 0;
            boolean knowsAnchor = viewer == anchor;
            for (ClusterNode line : viewer.node.view()) {
                Member member = membership.byId().get(line.id());
                if (member == null || !member.desired() || line.isHandshake()) {
                    continue;
                }
                seen++;
                knowsAnchor |= member == anchor;
                if (member != viewer && member.usable() && !sameAddress(line, member)) {
                    meets.putIfAbsent(viewer.id + ">" + member.id, meet(viewer, member));
                } else if (line.isFailing()) {
                    notes.pendingLimited(viewer + " still flags " + member + " as failing");
                } else if (!line.sameConfigurationAs(member.claims)) {
                    notes.pendingLimited(viewer + " has not yet learned the role and slots of " + member);
                }
            }
            if (!knowsAnchor) {
                meets.putIfAbsent(anchor.id + ">" + viewer.id, meet(anchor, viewer));
            } else if (seen < staying.size()) {
                notes.pendingLimited(viewer + " knows " + seen + " of the " + staying.size() + " members yet");
            }
            linkedToAnOldAddress(viewer, membership).ifPresent(master ->
                    meets.putIfAbsent(viewer.id + "^" + master.id, new ClusterStep.Replicate(viewer.ref(), master.ref())));
        }
        return new Agreement(List.copyOf(meets.values()), notes.findings());
    }

    /**
     * The master of a replica whose replication link still dials the address the master had when the replica started
     * following it. Redis learns a moved master's address from gossip but keeps replicating the old one (every pod
     * restarted, the replica's own view already current); {@code CLUSTER REPLICATE} again points the link at it.
     */
    private static Optional<Member> linkedToAnOldAddress(Member replica, Membership membership) {
        if (!replica.claims.isReplica() || replica.node.replication().flatMap(r -> r.masterHost()).isEmpty()) {
            return Optional.empty();
        }
        String host = replica.node.replication().get().masterHost().get();
        int port = replica.node.replication().get().masterPort().orElse(-1);
        Member master = replica.claims.masterId().map(membership.byId()::get).orElse(null);
        if (master == null || !master.usable()) {
            return Optional.empty();
        }
        for (ClusterNode line : replica.node.view()) {
            if (line.id().equals(master.id) && sameAddress(line, master) && !(line.ip().equals(host) && line.port() == port)) {
                return Optional.of(master);
            }
        }
        return Optional.empty();
    }

    // 8. Hand-back ----------------------------------------------------------------------------------

    /**
     * Only once the cluster has the shape and agrees on it, so that it never costs availability: a graceful
     * failover of one master that is not preferred to its preferred successor, when that one has caught up
     * (replication link up, not in a full sync). One per plan: the next plan sees the new master.
     */
    private static HandBack handBack(Masters masters) {
        Notes notes = new Notes(0);
        for (Map.Entry<Member, Member> entry : masters.successors().entrySet()) {
            Member master = entry.getKey();
            Member successor = entry.getValue();
            if (successor.claims.masterId().map(master.id::equals).orElse(false) && successor.node.replicaCaughtUp()) {
                return new HandBack(List.of(new ClusterStep.Failover(successor.ref(), master.ref(), ClusterStep.Failover.Mode.GRACEFUL,
                        ClusterStep.Failover.Why.PREFERRED_MASTER)), Findings.NONE);
            }
            notes.pending(successor + " is catching up with " + master + "; then mastership returns to it");
        }
        return new HandBack(List.of(), notes.findings());
    }
}
