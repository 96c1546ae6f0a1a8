package io.qsredis.it.bench;

import io.qsredis.topology.Endpoint;
import io.qsredis.topology.cluster.ClusterNode;
import io.qsredis.topology.cluster.ClusterNodesParser;
import io.qsredis.topology.cluster.NodeFlag;
import io.qsredis.topology.exec.RedisConnector;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Waits until every node of a cluster tells the same story in {@code CLUSTER NODES}: the same members (each node's
 * own view holds exactly the given nodes), each with the same role, master and slots, each master with the same
 * config epoch (a replica's epoch is its master's in its peers' eyes and its own in its view), none in
 * handshake or flagged failing or addressless, no slot open. {@code redis-cli --cluster add-node} and
 * {@code rebalance} refuse to run otherwise ("Nodes don't agree about configuration!"), and gossip needs a few
 * heartbeats to spread a new node or a slot change, so a script that chains them must wait in between.
 */
final class ClusterAgreement {
    private static final Set<NodeFlag> UNSETTLED = EnumSet.of(NodeFlag.HANDSHAKE, NodeFlag.PFAIL, NodeFlag.FAIL, NodeFlag.NOADDR);

    private ClusterAgreement() {}

    /**
     * @throws IllegalStateException with every node's view when they still disagree after {@code timeout}
     */
    static void await(RedisConnector connector, List<Endpoint> nodes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Endpoint, String> views = new LinkedHashMap<>();
        while (true) {
            views.clear();
            for (Endpoint node : nodes) {
                try (Jedis jedis = connector.connect(node)) {
                    views.put(node, new String((byte[]) jedis.sendCommand(Protocol.Command.CLUSTER, "NODES"), StandardCharsets.UTF_8));
                } catch (RuntimeException unreachable) {
                    views.put(node, "unreachable: " + unreachable.getMessage());
                }
            }
            if (agree(views.values(), nodes.size())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                StringBuilder report = new StringBuilder("the nodes did not agree on the cluster configuration within "
                        + timeout.toSeconds() + " s:");
                views.forEach((node, view) -> report.append("\n--- ").append(node).append('\n').append(view.strip()));
                throw new IllegalStateException(report.toString());
            }
            WriteProbe.sleep(Duration.ofMillis(50));
        }
    }

    private static boolean agree(Iterable<String> views, int members) {
        Set<String> first = null;
        for (String view : views) {
            if (view.startsWith("unreachable: ")) {
                return false;
            }
            List<ClusterNode> lines = ClusterNodesParser.parse(view);
            if (lines.size() != members || lines.stream().anyMatch(ClusterAgreement::unsettled)) {
                return false;
            }
            Set<String> configuration = configuration(lines);
            if (first == null) {
                first = configuration;
            } else if (!first.equals(configuration)) {
                return false;
            }
        }
        return true;
    }

    private static boolean unsettled(ClusterNode line) {
        return line.flags().stream().anyMatch(UNSETTLED::contains) || !line.migrating().isEmpty() || !line.importing().isEmpty();
    }

    /** What every member must see alike about each node, as sortable text. */
    private static Set<String> configuration(List<ClusterNode> lines) {
        Set<String> configuration = new TreeSet<>();
        List<ClusterNode> sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparing(ClusterNode::id));
        for (ClusterNode line : sorted) {
            configuration.add(line.id() + " " + (line.isMaster() ? "master epoch " + line.configEpoch() : "replica of " + line.masterId().orElse("-"))
                    + " slots " + line.slots());
        }
        return configuration;
    }
}
