package io.qsredis.topology.exec;

import io.qsredis.topology.Endpoint;
import io.qsredis.topology.cluster.ClusterNode;
import io.qsredis.topology.cluster.ClusterNodesParser;
import io.qsredis.topology.cluster.ClusterPlan;
import io.qsredis.topology.cluster.ClusterStep;
import io.qsredis.topology.cluster.NodeRef;
import io.qsredis.topology.cluster.SlotRange;
import io.qsredis.topology.replication.ReplicationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Carries out {@link ClusterStep}s on live nodes over Jedis. Every step first checks, on the nodes
 * themselves, that it is still needed and that the node at each endpoint is still the node the step names;
 * a step whose work is already done returns {@code DONE} without touching anything, so a step may be run
 * again after a crash or a retry. Preconditions that Redis reaches by itself (gossip, a failover) are
 * awaited up to {@link ExecutorOptions#awaitTimeout()}, by polling.
 *
 * <p>A migration moves its slots together: {@code SETSLOT IMPORTING} on the target and {@code MIGRATING}
 * on the source for all of them in one pipeline each, then rounds of pipelined {@code GETKEYSINSLOT} and
 * one {@code MIGRATE ... REPLACE KEYS} per slot until every slot is empty, then {@code SETSLOT NODE} on
 * the target, the source and every other master. {@code REPLACE} is right because while a slot is
 * MIGRATING, a key present on the source is the one clients read and write.
 *
 * <p>Not thread-safe: it keeps one connection per node. Close it to close them.
 */
public final class ClusterExecutor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterExecutor.class);
    private static final String READS_WHEN_DOWN = "cluster-allow-reads-when-down";

    private final RedisConnector connector;
    private final ExecutorOptions options;
    private final ClusterProgressListener listener;
    private final Map<Endpoint, Jedis> connections = new HashMap<>();
    private final Map<Endpoint, Jedis> migrationConnections = new HashMap<>();

    public ClusterExecutor(RedisConnector connector, ExecutorOptions options, ClusterProgressListener listener) {
        this.connector = connector;
        this.options = options;
        this.listener = listener;
    }

    /** What one pass carried out: the steps done, and the failure that ended it, if one did. */
    public record PassResult(List<ClusterStep> done, Optional<String> failed) {}

    /**
     * One pass over a plan, as an operator's reconcile runs it: the steps in order while they complete, at most one
     * disruptive step (a failover, a migration), stopping at the first that waits or fails. It never waits itself: the
     * caller plans again from a fresh observation for the next pass.
     */
    public PassResult executePass(ClusterPlan plan) {
        List<ClusterStep> done = new ArrayList<>();
        boolean disrupted = false;
        for (ClusterStep step : plan.steps()) {
            if (step.disruptive() && disrupted) {
                break;
            }
            disrupted |= step.disruptive();
            StepResult result = execute(step);
            if (result.status() == StepResult.Status.FAILED) {
                return new PassResult(done, Optional.of(step + ": " + result.detail()));
            }
            if (!result.isDone()) {
                break;
            }
            done.add(step);
        }
        return new PassResult(done, Optional.empty());
    }

    public StepResult execute(ClusterStep step) {
        StepResult result;
        try {
            result = dispatch(step);
        } catch (NodeReplacedException e) {
            result = StepResult.failed(e.getMessage());
        } catch (JedisConnectionException e) {
            close();
            result = StepResult.failed("connection lost: " + e.getMessage());
        } catch (JedisException e) {
            result = StepResult.failed(e.getMessage());
        }
        if (result.status() == StepResult.Status.FAILED) {
            LOG.warn("step=\"{}\" status=FAILED detail=\"{}\"", step, result.detail());
        } else {
            LOG.debug("step=\"{}\" status={} detail=\"{}\"", step, result.status(), result.detail());
        }
        listener.stepFinished(step, result);
        return result;
    }

    private StepResult dispatch(ClusterStep step) {
        if (step instanceof ClusterStep.Meet meet) {
            return meet(meet);
        } else if (step instanceof ClusterStep.AddSlots add) {
            return addSlots(add);
        } else if (step instanceof ClusterStep.Failover failover) {
            return failover(failover);
        } else if (step instanceof ClusterStep.Replicate replicate) {
            return awaiting(() -> replicate(replicate));
        } else if (step instanceof ClusterStep.MigrateSlots migrate) {
            return awaiting(() -> migrate(migrate));
        } else if (step instanceof ClusterStep.CopyMissingKeys copy) {
            return awaiting(() -> copyMissingKeys(copy));
        } else if (step instanceof ClusterStep.StabilizeSlot stabilize) {
            self(stabilize.node());
            cluster(stabilize.node(), "SETSLOT", Integer.toString(stabilize.slot()), "STABLE");
            return StepResult.done();
        } else if (step instanceof ClusterStep.Forget forget) {
            return forget(forget);
        } else if (step instanceof ClusterStep.Reset reset) {
            return reset(reset);
        }
        throw new IllegalArgumentException("unknown step " + step);
    }

    private StepResult meet(ClusterStep.Meet meet) {
        self(meet.via());
        cluster(meet.via(), "MEET", meet.ip(), Integer.toString(meet.port()), Integer.toString(meet.busPort()));
        return StepResult.done();
    }

    private StepResult addSlots(ClusterStep.AddSlots add) {
        List<ClusterNode> view = view(add.master());
        ClusterNode self = self(add.master(), view);
        BitSet wanted = SlotRange.bitsOf(add.slots());
        BitSet mine = SlotRange.bitsOf(self.slots());
        wanted.andNot(mine);
        for (ClusterNode line : view) {
            if (!line.isMyself() && line.isMaster()) {
                BitSet busy = SlotRange.bitsOf(line.slots());
                busy.and(wanted);
                if (!busy.isEmpty()) {
                    return StepResult.failed("slots " + SlotRange.format(SlotRange.rangesOf(busy)) + " are served by " + line.address());
                }
            }
        }
        List<SlotRange> ranges = SlotRange.rangesOf(wanted);
        if (ranges.isEmpty()) {
            return StepResult.done();
        }
        List<String> args = new ArrayList<>();
        args.add("ADDSLOTSRANGE");
        for (SlotRange range : ranges) {
            args.add(Integer.toString(range.first()));
            args.add(Integer.toString(range.last()));
        }
        cluster(add.master(), args.toArray(String[]::new));
        return StepResult.done();
    }

    private StepResult failover(ClusterStep.Failover failover) {
        ClusterNode self = self(failover.replica());
        if (self.isMaster()) {
            return StepResult.done();
        }
        if (!self.masterId().map(failover.master().id()::equals).orElse(false)) {
            return StepResult.failed(failover.replica() + " no longer replicates " + failover.master());
        }
        List<String> args = new ArrayList<>(List.of("FAILOVER"));
        args.addAll(failover.mode().arguments());
        cluster(failover.replica(), args.toArray(String[]::new));
        return awaiting(() -> self(failover.replica()).isMaster()
                ? StepResult.done()
                : StepResult.waiting(failover.replica() + " has not taken over from " + failover.master() + " yet"));
    }

    private StepResult replicate(ClusterStep.Replicate replicate) {
        List<ClusterNode> view = view(replicate.replica());
        ClusterNode self = self(replicate.replica(), view);
        if (self.isReplica() && self.masterId().map(replicate.master().id()::equals).orElse(false) && !dialsAnOldAddress(replicate.replica(), view)) {
            return StepResult.done();
        }
        if (!knows(view, replicate.master().id())) {
            return StepResult.waiting(replicate.replica() + " does not know " + replicate.master() + " yet");
        }
        if (self.isMaster() && self.slotCount() > 0) {
            return StepResult.waiting(replicate.replica() + " still serves " + self.slotCount() + " slots");
        }
        try {
            cluster(replicate.replica(), "REPLICATE", replicate.master().id());
        } catch (JedisDataException e) {
            if (e.getMessage() != null && e.getMessage().contains("Unknown node")) {
                return StepResult.waiting(replicate.replica() + " does not know " + replicate.master() + " yet");
            }
            throw e;
        }
        return StepResult.done();
    }

    /** Its replication link dials another address than its own view gives its master (a master that moved): REPLICATE again. */
    private boolean dialsAnOldAddress(NodeRef replica, List<ClusterNode> view) {
        ClusterNode self = self(replica, view);
        ReplicationInfo info = ReplicationInfo.parse(Replies.text(connection(replica.endpoint()).sendCommand(Protocol.Command.INFO, "replication")));
        return view.stream().filter(line -> self.masterId().map(line.id()::equals).orElse(false)).findFirst()
                .map(master -> info.masterHost().map(host -> !host.equals(master.ip()) || info.masterPort().orElse(-1) != master.port()).orElse(false))
                .orElse(false);
    }

    private StepResult forget(ClusterStep.Forget forget) {
        List<String> failures = new ArrayList<>();
        for (NodeRef on : forget.on()) {
            try {
                cluster(on, "FORGET", forget.node().id());
            } catch (JedisDataException e) {
                if (e.getMessage() == null || !e.getMessage().contains("Unknown node")) {
                    failures.add(on + ": " + e.getMessage());
                }
            } catch (JedisConnectionException e) {
                drop(on.endpoint());
                failures.add(on + ": " + e.getMessage());
            }
        }
        return failures.isEmpty() ? StepResult.done() : StepResult.failed("could not forget " + forget.node() + " on " + failures);
    }

    private StepResult reset(ClusterStep.Reset reset) {
        ClusterNode self = self(reset.node());
        if (self.isReplica()) {
            return new StepResult(StepResult.Status.DONE, "not reset: it replicates " + self.masterId().orElse("?")
                    + " since it gave its last slot away, and holds a copy of that data", 0, 0);
        }
        long keys = (Long) connection(reset.node().endpoint()).sendCommand(Protocol.Command.DBSIZE, new String[0]);
        if (keys > 0 || self.slotCount() > 0) {
            return StepResult.failed("refusing to reset " + reset.node() + ": it holds " + keys + " keys and serves "
                    + self.slotCount() + " slots");
        }
        cluster(reset.node(), "RESET", "SOFT");
        return StepResult.done();
    }

    // Migration -----------------------------------------------------------------------------------

    private StepResult migrate(ClusterStep.MigrateSlots step) {
        NodeRef source = step.source();
        NodeRef target = step.target();
        List<ClusterNode> sourceView = view(source);
        List<ClusterNode> targetView = view(target);
        ClusterNode sourceSelf = self(source, sourceView);
        ClusterNode targetSelf = self(target, targetView);
        if (!knows(sourceView, target.id()) || !knows(targetView, source.id())) {
            return StepResult.waiting(source + " and " + target + " do not know each other yet");
        }
        // A node that just joined refuses keys (CLUSTERDOWN) until it sees every slot served.
        String targetState = Replies.field(Replies.text(cluster(target, "INFO")), "cluster_state").orElse("unknown");
        if (!"ok".equals(targetState)) {
            return StepResult.waiting(target + " reports cluster_state:" + targetState);
        }
        BitSet sourceSlots = SlotRange.bitsOf(sourceSelf.slots());
        BitSet targetSlots = SlotRange.bitsOf(targetSelf.slots());
        List<Integer> open = new ArrayList<>();
        List<Integer> all = new ArrayList<>();
        for (SlotRange range : step.slots()) {
            for (int slot = range.first(); slot <= range.last(); slot++) {
                all.add(slot);
                if (sourceSlots.get(slot)) {
                    open.add(slot);
                } else if (!targetSlots.get(slot)) {
                    return StepResult.failed("slot " + slot + " is served by neither " + source + " nor " + target);
                }
            }
        }
        Jedis sourceConnection = migrationConnection(source.endpoint());
        if (!open.isEmpty()) {
            pipeline(connection(target.endpoint()), open, slot -> setSlot(slot, "IMPORTING", source.id()));
            pipeline(sourceConnection, open, slot -> setSlot(slot, "MIGRATING", target.id()));
        }
        long keys = moveKeys(sourceConnection, target, open);
        // The target first: from then on it serves the slots, and its bumped epoch wins everywhere.
        pipeline(connection(target.endpoint()), open, slot -> setSlot(slot, "NODE", target.id()));
        try {
            pipeline(sourceConnection, all, slot -> setSlot(slot, "NODE", target.id()));
        } catch (JedisDataException e) {
            // A master that hears it lost its last slot turns itself into a replica of the new owner
            // (cluster-allow-replica-migration): it has nothing left to be told.
            if (e.getMessage() == null || !e.getMessage().contains("only with masters")) {
                throw e;
            }
        }
        for (NodeRef master : step.masters()) {
            if (!master.id().equals(source.id()) && !master.id().equals(target.id())) {
                tellOwner(master, all, target.id());
            }
        }
        listener.slotsMigrated(step, open.size(), keys);
        return StepResult.moved(open.size(), keys);
    }

    /**
     * Reads each key of the slots on the source ({@code DUMP}, {@code PTTL}) and writes it to the target with
     * {@code RESTORE} without {@code REPLACE}: the target answers {@code BUSYKEY} for a key it has, and keeps its value.
     * The source, cut off from its peers, may see {@code cluster_state:fail}, which refuses reads: it is given
     * {@code cluster-allow-reads-when-down yes} for the copy and its own setting back afterwards. Waits until the target
     * sees {@code cluster_state:ok} (it refuses keys before). Done at once when the source is a replica already: it
     * resynced from its master, nothing is left on it to keep.
     */
    private StepResult copyMissingKeys(ClusterStep.CopyMissingKeys step) {
        ClusterNode sourceSelf = self(step.source());
        ClusterNode targetSelf = self(step.target());
        if (!sourceSelf.isMaster()) {
            return new StepResult(StepResult.Status.DONE, step.source() + " is a replica already; nothing left to copy", 0, 0);
        }
        String targetState = Replies.field(Replies.text(cluster(step.target(), "INFO")), "cluster_state").orElse("unknown");
        if (!"ok".equals(targetState)) {
            return StepResult.waiting(step.target() + " reports cluster_state:" + targetState);
        }
        BitSet served = SlotRange.bitsOf(targetSelf.slots());
        List<Integer> slots = new ArrayList<>();
        for (SlotRange range : step.slots()) {
            for (int slot = range.first(); slot <= range.last(); slot++) {
                if (!served.get(slot)) {
                    return StepResult.failed("slot " + slot + " is not served by " + step.target());
                }
                slots.add(slot);
            }
        }
        Jedis source = connection(step.source().endpoint());
        Jedis target = connection(step.target().endpoint());
        @SuppressWarnings("unchecked")
        List<Object> setting = (List<Object>) source.sendCommand(Protocol.Command.CONFIG, "GET", READS_WHEN_DOWN);
        String own = setting.size() < 2 ? "no" : Replies.text(setting.get(1));
        source.sendCommand(Protocol.Command.CONFIG, "SET", READS_WHEN_DOWN, "yes");
        try {
            Pipeline counting = source.pipelined();
            Map<Integer, Response<Object>> counts = new LinkedHashMap<>();
            slots.forEach(slot -> counts.put(slot, counting.sendCommand(Protocol.Command.CLUSTER, "COUNTKEYSINSLOT", Integer.toString(slot))));
            counting.sync();
            long copied = 0;
            long kept = 0;
            for (Map.Entry<Integer, Response<Object>> count : counts.entrySet()) {
                long keys = (Long) count.getValue().get();
                if (keys > 0) {
                    @SuppressWarnings("unchecked")
                    List<byte[]> names = (List<byte[]>) source.sendCommand(Protocol.Command.CLUSTER, bytes("GETKEYSINSLOT"),
                            bytes(Integer.toString(count.getKey())), bytes(Long.toString(keys)));
                    long[] outcome = copyKeys(source, target, names);
                    copied += outcome[0];
                    kept += outcome[1];
                }
            }
            return new StepResult(StepResult.Status.DONE, "copied " + copied + " keys " + step.target() + " lacked; it had "
                    + kept + " of them already", 0, copied);
        } finally {
            source.sendCommand(Protocol.Command.CONFIG, "SET", READS_WHEN_DOWN, own);
        }
    }

    /** One pipeline of DUMP and PTTL on the source, one of RESTORE on the target; how many it took, how many it had. */
    private static long[] copyKeys(Jedis source, Jedis target, List<byte[]> names) {
        Pipeline reading = source.pipelined();
        List<Response<Object>> dumps = new ArrayList<>(names.size());
        List<Response<Object>> ttls = new ArrayList<>(names.size());
        for (byte[] name : names) {
            dumps.add(reading.sendCommand(Protocol.Command.DUMP, name));
            ttls.add(reading.sendCommand(Protocol.Command.PTTL, name));
        }
        reading.sync();
        Pipeline writing = target.pipelined();
        List<Response<Object>> restores = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            Object dump = dumps.get(i).get();
            long ttl = (Long) ttls.get(i).get();
            // Gone meanwhile (null), or expired (-2): nothing to keep. No expiry is -1, which RESTORE writes as 0.
            if (dump != null && ttl != -2) {
                restores.add(writing.sendCommand(Protocol.Command.RESTORE, names.get(i), bytes(Long.toString(Math.max(0, ttl))), (byte[]) dump));
            }
        }
        writing.sync();
        long copied = 0;
        long kept = 0;
        for (Response<Object> restore : restores) {
            try {
                restore.get();
                copied++;
            } catch (JedisDataException e) {
                if (e.getMessage() == null || !e.getMessage().startsWith("BUSYKEY")) {
                    throw e;
                }
                kept++;
            }
        }
        return new long[] {copied, kept};
    }

    /** Moves every key of the slots, in rounds: one pipeline of GETKEYSINSLOT, one of MIGRATE, until all are empty. */
    private long moveKeys(Jedis source, NodeRef target, List<Integer> slots) {
        List<Integer> remaining = new ArrayList<>(slots);
        long moved = 0;
        int ioErrors = 0;
        byte[] batch = bytes(Integer.toString(options.migrateBatchKeys()));
        while (!remaining.isEmpty()) {
            Pipeline listing = source.pipelined();
            Map<Integer, Response<Object>> listed = new LinkedHashMap<>();
            for (int slot : remaining) {
                listed.put(slot, listing.sendCommand(Protocol.Command.CLUSTER, bytes("GETKEYSINSLOT"), bytes(Integer.toString(slot)), batch));
            }
            listing.sync();
            Pipeline migrating = source.pipelined();
            List<Response<Object>> replies = new ArrayList<>();
            List<Integer> counts = new ArrayList<>();
            List<Integer> next = new ArrayList<>();
            for (Map.Entry<Integer, Response<Object>> entry : listed.entrySet()) {
                @SuppressWarnings("unchecked")
                List<byte[]> keys = (List<byte[]>) entry.getValue().get();
                if (keys.isEmpty()) {
                    continue;
                }
                next.add(entry.getKey());
                replies.add(migrating.sendCommand(Protocol.Command.MIGRATE, migrateArgs(target.endpoint(), keys)));
                counts.add(keys.size());
            }
            migrating.sync();
            for (int i = 0; i < replies.size(); i++) {
                try {
                    String reply = Replies.text(replies.get(i).get());
                    if ("OK".equals(reply)) {
                        moved += counts.get(i);
                    }
                } catch (JedisDataException e) {
                    String message = String.valueOf(e.getMessage());
                    if (!message.startsWith("IOERR") || ++ioErrors > 3) {
                        throw e;
                    }
                    LOG.warn("migrate target={} retrying after: {}", target, message);
                }
            }
            remaining = next;
        }
        return moved;
    }

    private byte[][] migrateArgs(Endpoint target, List<byte[]> keys) {
        List<byte[]> args = new ArrayList<>(keys.size() + 12);
        args.add(bytes(target.host()));
        args.add(bytes(Integer.toString(target.port())));
        args.add(new byte[0]);
        args.add(bytes("0"));
        args.add(bytes(Long.toString(options.migrateTimeout().toMillis())));
        args.add(bytes("REPLACE"));
        RedisConnectionSettings settings = connector.settings();
        if (settings.password().isPresent()) {
            if (settings.user().isPresent()) {
                args.add(bytes("AUTH2"));
                args.add(bytes(settings.user().get()));
            } else {
                args.add(bytes("AUTH"));
            }
            args.add(bytes(settings.password().get()));
        }
        args.add(bytes("KEYS"));
        args.addAll(keys);
        return args.toArray(byte[][]::new);
    }

    /** Best effort: gossip would tell them anyway, a little later. */
    private void tellOwner(NodeRef master, List<Integer> slots, String ownerId) {
        try {
            pipeline(connection(master.endpoint()), slots, slot -> setSlot(slot, "NODE", ownerId));
        } catch (JedisDataException e) {
            LOG.debug("node={} did not take SETSLOT NODE: {}", master, e.getMessage());
        } catch (JedisConnectionException e) {
            drop(master.endpoint());
            LOG.debug("node={} unreachable for SETSLOT NODE: {}", master, e.getMessage());
        }
    }

    private static String[] setSlot(int slot, String subcommand, String nodeId) {
        return new String[] {"SETSLOT", Integer.toString(slot), subcommand, nodeId};
    }

    /** Sends one CLUSTER command per slot in one pipeline; the first error is thrown. */
    private static void pipeline(Jedis jedis, List<Integer> slots, IntFunction<String[]> command) {
        if (slots.isEmpty()) {
            return;
        }
        Pipeline pipeline = jedis.pipelined();
        List<Response<Object>> replies = new ArrayList<>(slots.size());
        for (int slot : slots) {
            replies.add(pipeline.sendCommand(Protocol.Command.CLUSTER, command.apply(slot)));
        }
        pipeline.sync();
        replies.forEach(Response::get);
    }

    // Plumbing ------------------------------------------------------------------------------------

    private StepResult awaiting(Supplier<StepResult> attempt) {
        long deadline = System.nanoTime() + options.awaitTimeout().toNanos();
        while (true) {
            StepResult result = attempt.get();
            if (result.status() != StepResult.Status.WAITING || System.nanoTime() >= deadline) {
                return result;
            }
            sleep(options.pollInterval());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JedisException("interrupted while waiting", e);
        }
    }

    private List<ClusterNode> view(NodeRef node) {
        return ClusterNodesParser.parse(Replies.text(cluster(node, "NODES")));
    }

    private ClusterNode self(NodeRef node) {
        return self(node, view(node));
    }

    private static ClusterNode self(NodeRef node, List<ClusterNode> view) {
        ClusterNode self = view.stream().filter(ClusterNode::isMyself).findFirst()
                .orElseThrow(() -> new NodeReplacedException(node + " did not name itself"));
        if (!self.id().equals(node.id())) {
            throw new NodeReplacedException("the node at " + node.endpoint() + " is now " + self.id() + ", not " + node.id());
        }
        return self;
    }

    private static boolean knows(List<ClusterNode> view, String id) {
        return view.stream().anyMatch(line -> line.id().equals(id) && !line.isHandshake());
    }

    private Object cluster(NodeRef node, String... args) {
        return connection(node.endpoint()).sendCommand(Protocol.Command.CLUSTER, args);
    }

    private Jedis connection(Endpoint endpoint) {
        return connections.computeIfAbsent(endpoint, connector::connect);
    }

    /** MIGRATE replies come after the source talked to the target: allow for the MIGRATE timeout. */
    private Jedis migrationConnection(Endpoint endpoint) {
        Duration timeout = connector.settings().socketTimeout().plus(options.migrateTimeout());
        return migrationConnections.computeIfAbsent(endpoint, e -> connector.connect(e, timeout));
    }

    private void drop(Endpoint endpoint) {
        Optional.ofNullable(connections.remove(endpoint)).ifPresent(Jedis::close);
        Optional.ofNullable(migrationConnections.remove(endpoint)).ifPresent(Jedis::close);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        connections.values().forEach(Jedis::close);
        migrationConnections.values().forEach(Jedis::close);
        connections.clear();
        migrationConnections.clear();
    }

    /** The node at an endpoint is not the node the step names: the step is stale. */
    private static final class NodeReplacedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NodeReplacedException(String message) {
            super(message);
        }
    }
}
