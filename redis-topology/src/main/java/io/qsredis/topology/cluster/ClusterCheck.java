package io.qsredis.topology.cluster;

import io.qsredis.topology.Endpoint;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A health report in the words of {@code redis-cli --cluster check}: per-master key and slot counts, the
 * nodes as the seed sees them, then three checks: every reachable node agrees on who serves which slots,
 * no slot is open (MIGRATING/IMPORTING), every slot is served. A node that cannot be reached, or that its
 * peers flag as failing, is an error too. Pure: it reads one {@link ObservedCluster}.
 */
public final class ClusterCheck {

    private ClusterCheck() {}

    /** The report, and its errors; healthy when there are none. */
    public record Report(List<String> lines, List<String> errors) {
        public boolean healthy() {
            return errors.isEmpty();
        }

        public String text() {
            return String.join("\n", lines);
        }
    }

    public static Report check(ObservedCluster observed, Endpoint seed) {
        List<String> lines = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Optional<ObservedNode> seedNode = observed.nodes().stream().filter(n -> n.endpoint().equals(seed)).findFirst();
        if (seedNode.isEmpty() || !seedNode.get().usable()) {
            String why = seedNode.flatMap(ObservedNode::error).orElse("not a cluster node");
            error(lines, errors, "[ERR] " + seed + " cannot be checked: " + why);
            return new Report(lines, errors);
        }
        ObservedNode anchor = seedNode.get();
        Map<String, ObservedNode> byId = new HashMap<>();
        for (ObservedNode node : observed.nodes()) {
            if (node.usable()) {
                byId.putIfAbsent(node.myself().orElseThrow().id(), node);
            }
        }
        List<ClusterNode> members = anchor.view().stream()
                .filter(line -> !line.isHandshake())
                .sorted(Comparator.comparing((ClusterNode line) -> !line.isMaster()).thenComparing(ClusterNode::address))
                .toList();

        long totalKeys = 0;
        int masters = 0;
        for (ClusterNode line : members) {
            if (!line.isMaster() || line.slotCount() == 0) {
                continue;
            }
            masters++;
            ObservedNode node = byId.get(line.id());
            long keys = node == null ? 0 : node.keys();
            totalKeys += keys;
            long replicas = members.stream().filter(r -> r.masterId().map(line.id()::equals).orElse(false)).count();
            lines.add(line.address() + " (" + shortId(line.id()) + "...) -> " + keys + " keys | " + line.slotCount()
                    + " slots | " + replicas + " slaves.");
        }
        lines.add("[OK] " + totalKeys + " keys in " + masters + " masters.");
        lines.add(String.format("%.2f keys per slot on average.", totalKeys / (double) SlotRange.SLOTS));
        lines.add(">>> Performing Cluster Check (using node " + seed + ")");
        for (ClusterNode line : members) {
            ClusterNode self = Optional.ofNullable(byId.get(line.id())).flatMap(ObservedNode::myself).orElse(line);
            lines.add((line.isMaster() ? "M: " : "S: ") + line.id() + " " + line.address());
            lines.add("   slots:" + (line.slotCount() == 0 ? "" : "[" + SlotRange.format(line.slots()).replace(' ', ',') + "]")
                    + " (" + line.slotCount() + " slots) " + (line.isMaster() ? "master" : "slave"));
            if (line.isMaster()) {
                long replicas = members.stream().filter(r -> r.masterId().map(line.id()::equals).orElse(false)).count();
                if (replicas > 0) {
                    lines.add("   " + replicas + " additional replica(s)");
                }
            } else {
                line.masterId().ifPresent(id -> lines.add("   replicates " + id));
            }
            if (!byId.containsKey(line.id())) {
                error(lines, errors, "[ERR] Node " + line.address() + " is unreachable");
            } else if (line.isFailing()) {
                error(lines, errors, "[ERR] Node " + line.address() + " is flagged " + (line.flags().contains(NodeFlag.FAIL) ? "fail" : "fail?"));
            }
            if (self != line && !self.sameConfigurationAs(line)) {
                error(lines, errors, "[ERR] Node " + line.address() + " sees itself differently than " + seed + " does");
            }
        }

        Map<String, String> signatures = new LinkedHashMap<>();
        for (ClusterNode line : members) {
            ObservedNode node = byId.get(line.id());
            if (node != null) {
                signatures.put(line.address(), signature(node.view()));
            }
        }
        if (signatures.values().stream().distinct().count() <= 1) {
            lines.add("[OK] All nodes agree about slots configuration.");
        } else {
            error(lines, errors, "[ERR] Nodes don't agree about configuration!");
        }

        lines.add(">>> Check for open slots...");
        TreeSet<Integer> open = new TreeSet<>();
        for (ClusterNode line : members) {
            ObservedNode node = byId.get(line.id());
            ClusterNode self = node == null ? null : node.myself().orElseThrow();
            if (self == null) {
                continue;
            }
            if (!self.migrating().isEmpty()) {
                error(lines, errors, "[WARNING] Node " + line.address() + " has slots in migrating state " + joined(self.migrating().keySet()) + ".");
                open.addAll(self.migrating().keySet());
            }
            if (!self.importing().isEmpty()) {
                error(lines, errors, "[WARNING] Node " + line.address() + " has slots in importing state " + joined(self.importing().keySet()) + ".");
                open.addAll(self.importing().keySet());
            }
        }
        if (!open.isEmpty()) {
            lines.add("[WARNING] The following slots are open: " + joined(open) + ".");
        }

        lines.add(">>> Check slots coverage...");
        BitSet covered = new BitSet(SlotRange.SLOTS);
        for (ClusterNode line : members) {
            if (line.isMaster()) {
                covered.or(SlotRange.bitsOf(line.slots()));
            }
        }
        if (covered.cardinality() == SlotRange.SLOTS) {
            lines.add("[OK] All 16384 slots covered.");
        } else {
            error(lines, errors, "[ERR] Not all 16384 slots are covered by nodes.");
        }
        return new Report(lines, errors);
    }

    private static String signature(List<ClusterNode> view) {
        return view.stream()
                .filter(line -> line.isMaster() && line.slotCount() > 0)
                .map(line -> line.id() + ":" + SlotRange.format(line.slots()))
                .sorted()
                .reduce("", (a, b) -> a + "|" + b);
    }

    private static String joined(Collection<Integer> slots) {
        return slots.stream().sorted().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse("");
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    private static void error(List<String> lines, List<String> errors, String message) {
        lines.add(message);
        errors.add(message);
    }
}
