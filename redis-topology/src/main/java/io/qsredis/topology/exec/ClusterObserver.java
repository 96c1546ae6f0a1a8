package io.qsredis.topology.exec;

import io.qsredis.topology.Endpoint;
import io.qsredis.topology.cluster.ClusterNode;
import io.qsredis.topology.cluster.ClusterNodesParser;
import io.qsredis.topology.cluster.ImmutableObservedNode;
import io.qsredis.topology.cluster.ObservedCluster;
import io.qsredis.topology.cluster.ObservedNode;
import io.qsredis.topology.cluster.SlotRange;
import io.qsredis.topology.replication.ReplicationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Observes a cluster: every given node, then every peer their views name, once each. One round trip per
 * node ({@code CLUSTER NODES}, {@code CLUSTER INFO}, {@code DBSIZE}, {@code INFO replication} pipelined), plus one for
 * {@code COUNTKEYSINSLOT} when the node has open slots or keys in slots nobody serves. Keeps its
 * connections open for the next observation until closed; not thread-safe.
 */
public final class ClusterObserver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterObserver.class);

    private final RedisConnector connector;
    /** Connections kept between observations, so that polling does not reconnect every time. */
    private final Map<Endpoint, Jedis> connections = new HashMap<>();

    public ClusterObserver(RedisConnector connector) {
        this.connector = connector;
    }

    public ObservedCluster observe(Collection<Endpoint> seeds) {
        return observe(seeds, endpoint -> true);
    }

    /**
     * As {@link #observe(Collection)}, but a peer the views name is asked only if {@code ask} allows it; the others are
     * recorded as unreachable. For when some are known to be leaving (their pods deleted): one that hangs on its way
     * out would hold the observation up for the whole socket timeout.
     */
    public ObservedCluster observe(Collection<Endpoint> seeds, Predicate<Endpoint> ask) {
        Map<Endpoint, ObservedNode> observed = new LinkedHashMap<>();
        Set<Endpoint> seen = new HashSet<>();
        Deque<Endpoint> queue = new ArrayDeque<>(seeds);
        while (!queue.isEmpty()) {
            Endpoint endpoint = queue.poll();
            if (!seen.add(endpoint)) {
                continue;
            }
            if (!ask.test(endpoint)) {
                observed.put(endpoint, ObservedNode.unreachable(endpoint, "not asked: it is leaving"));
                continue;
            }
            ObservedNode node = observeNode(endpoint);
            observed.put(endpoint, node);
            seen.add(node.address());
            for (ClusterNode line : node.view()) {
                if (!line.isMyself() && !line.isHandshake() && !line.ip().isEmpty()) {
                    queue.add(new Endpoint(line.ip(), line.port()));
                }
            }
        }
        return ObservedCluster.of(new ArrayList<>(observed.values()));
    }

    /** One node, or why it cannot be observed. */
    public ObservedNode observeNode(Endpoint endpoint) {
        Endpoint address;
        try {
            address = new Endpoint(InetAddress.getByName(endpoint.host()).getHostAddress(), endpoint.port());
        } catch (UnknownHostException e) {
            return ObservedNode.unreachable(endpoint, "unknown host " + endpoint.host());
        }
        try {
            Jedis jedis = connections.computeIfAbsent(endpoint, connector::connect);
            Pipeline pipeline = jedis.pipelined();
            Response<Object> nodes = pipeline.sendCommand(Protocol.Command.CLUSTER, "NODES");
            Response<Object> info = pipeline.sendCommand(Protocol.Command.CLUSTER, "INFO");
            Response<Object> dbsize = pipeline.sendCommand(Protocol.Command.DBSIZE, new String[0]);
            Response<Object> replication = pipeline.sendCommand(Protocol.Command.INFO, "replication");
            pipeline.sync();
            ImmutableObservedNode.Builder builder = ObservedNode.builder().endpoint(endpoint).address(address);
            long keys = (Long) dbsize.get();
            builder.keys(keys).replication(ReplicationInfo.parse(Replies.text(replication.get())));
            String nodesText;
            try {
                nodesText = Replies.text(nodes.get());
            } catch (JedisDataException e) {
                if (e.getMessage() != null && e.getMessage().contains("cluster support disabled")) {
                    return builder.clusterEnabled(false).build();
                }
                throw e;
            }
            List<ClusterNode> view = ClusterNodesParser.parse(nodesText);
            builder.view(view).clusterState(Replies.field(Replies.text(info.get()), "cluster_state"));
            countKeysWhereTheyMayBeStray(jedis, view, keys, builder);
            return builder.build();
        } catch (JedisException | IllegalArgumentException e) {
            Optional.ofNullable(connections.remove(endpoint)).ifPresent(Jedis::close);
            LOG.debug("node={} unreachable: {}", endpoint, e.toString());
            return ObservedNode.builder().from(ObservedNode.unreachable(endpoint, e.getMessage() == null ? e.toString() : e.getMessage()))
                    .address(address)
                    .build();
        }
    }

    @Override
    public void close() {
        connections.values().forEach(Jedis::close);
        connections.clear();
    }

    private static void countKeysWhereTheyMayBeStray(Jedis jedis, List<ClusterNode> view, long keys, ImmutableObservedNode.Builder builder) {
        if (keys == 0) {
            return;
        }
        ClusterNode myself = view.stream().filter(ClusterNode::isMyself).findFirst().orElse(null);
        if (myself == null || !myself.isMaster()) {
            return;
        }
        BitSet slots = new BitSet(SlotRange.SLOTS);
        myself.migrating().keySet().forEach(slots::set);
        myself.importing().keySet().forEach(slots::set);
        BitSet covered = new BitSet(SlotRange.SLOTS);
        for (ClusterNode line : view) {
            if (line.isMaster()) {
                covered.or(SlotRange.bitsOf(line.slots()));
            }
        }
        covered.flip(0, SlotRange.SLOTS);
        slots.or(covered);
        if (slots.isEmpty()) {
            return;
        }
        Pipeline pipeline = jedis.pipelined();
        Map<Integer, Response<Object>> counts = new LinkedHashMap<>();
        slots.stream().forEach(slot -> counts.put(slot, pipeline.sendCommand(Protocol.Command.CLUSTER, "COUNTKEYSINSLOT", Integer.toString(slot))));
        pipeline.sync();
        counts.forEach((slot, count) -> {
            long n = (Long) count.get();
            if (n > 0) {
                builder.putKeysInSlots(slot, n);
            }
        });
    }
}
