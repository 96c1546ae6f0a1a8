package io.qsredis.topology.cluster;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Parses the text of {@code CLUSTER NODES}: {@code <id> <ip:port@cport[,hostname]> <flags> <master>
 * <ping-sent> <pong-recv> <config-epoch> <link-state> <slot>...}, where a slot is {@code 7},
 * {@code 0-5460}, or an open-slot marker {@code [7->-<target id>]} / {@code [7-<-<source id>]}. Unknown
 * flags and extra address fields written by newer Redis versions are ignored.
 */
public final class ClusterNodesParser {

    private ClusterNodesParser() {}

    public static List<ClusterNode> parse(String text) {
        List<ClusterNode> nodes = new ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.trim();
            if (!trimmed.isEmpty()) {
                nodes.add(parseLine(trimmed));
            }
        }
        return nodes;
    }

    public static ClusterNode parseLine(String line) {
        String[] f = line.split(" +");
        if (f.length < 8) {
            throw new IllegalArgumentException("not a CLUSTER NODES line: '" + line + "'");
        }
        ImmutableClusterNode.Builder node = ClusterNode.builder().id(f[0]);
        parseAddress(f[1], node, line);
        EnumSet<NodeFlag> flags = EnumSet.noneOf(NodeFlag.class);
        for (String token : f[2].split(",")) {
            NodeFlag.ofToken(token).ifPresent(flags::add);
        }
        node.flags(flags)
                .masterId("-".equals(f[3]) ? Optional.empty() : Optional.of(f[3]))
                .pingSent(Long.parseLong(f[4]))
                .pongReceived(Long.parseLong(f[5]))
                .configEpoch(Long.parseLong(f[6]))
                .linkConnected("connected".equals(f[7]));
        List<Integer> single = new ArrayList<>();
        List<SlotRange> ranges = new ArrayList<>();
        for (int i = 8; i < f.length; i++) {
            String slot = f[i];
            if (slot.startsWith("[")) {
                parseOpenSlot(slot, node, line);
            } else {
                int dash = slot.indexOf('-');
                if (dash < 0) {
                    single.add(Integer.parseInt(slot));
                } else {
                    ranges.add(new SlotRange(Integer.parseInt(slot.substring(0, dash)), Integer.parseInt(slot.substring(dash + 1))));
                }
            }
        }
        if (!single.isEmpty()) {
            BitSet bits = SlotRange.bitsOf(ranges);
            single.forEach(bits::set);
            ranges = SlotRange.rangesOf(bits);
        }
        return node.slots(ranges).build();
    }

    private static void parseAddress(String field, ImmutableClusterNode.Builder node, String line) {
        String[] parts = field.split(",", -1);
        String hostPort = parts[0];
        int at = hostPort.indexOf('@');
        String ipPort = at < 0 ? hostPort : hostPort.substring(0, at);
        int colon = ipPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("no port in address of '" + line + "'");
        }
        int port = Integer.parseInt(ipPort.substring(colon + 1));
        node.ip(ipPort.substring(0, colon))
                .port(port)
                .busPort(at < 0 ? port + 10000 : Integer.parseInt(hostPort.substring(at + 1)));
        if (parts.length > 1 && !parts[1].isEmpty() && parts[1].indexOf('=') < 0) {
            node.hostname(parts[1]);
        }
    }

    private static void parseOpenSlot(String token, ImmutableClusterNode.Builder node, String line) {
        String inner = token.substring(1, token.length() - 1);
        int migrating = inner.indexOf("->-");
        int importing = inner.indexOf("-<-");
        if (migrating > 0) {
            node.putMigrating(Integer.parseInt(inner.substring(0, migrating)), inner.substring(migrating + 3));
        } else if (importing > 0) {
            node.putImporting(Integer.parseInt(inner.substring(0, importing)), inner.substring(importing + 3));
        } else {
            throw new IllegalArgumentException("unknown slot marker " + token + " in '" + line + "'");
        }
    }
}
