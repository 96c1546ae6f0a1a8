package io.qsredis.it.bench;

import io.qsredis.it.harness.ClusterKeys;
import io.qsredis.it.harness.RedisProcess;
import io.qsredis.it.harness.RedisProcesses;
import io.qsredis.topology.Endpoint;
import io.qsredis.topology.cluster.ClusterNode;
import io.qsredis.topology.cluster.ClusterPlan;
import io.qsredis.topology.cluster.ClusterPlanner;
import io.qsredis.topology.cluster.ClusterShape;
import io.qsredis.topology.cluster.NodeFlag;
import io.qsredis.topology.cluster.NodeSpec;
import io.qsredis.topology.cluster.ObservedCluster;
import io.qsredis.topology.cluster.ObservedNode;
import io.qsredis.topology.cluster.SlotRange;
import io.qsredis.topology.exec.ApplyOptions;
import io.qsredis.topology.exec.ApplyResult;
import io.qsredis.topology.exec.ClusterApplier;
import io.qsredis.topology.exec.ClusterProgressListener;
import io.qsredis.topology.exec.RedisConnectionSettings;
import io.qsredis.topology.exec.RedisConnector;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code bin/bench cluster}: our {@code cluster apply} against {@code redis-cli --cluster}, side by side
 * on this machine in one run, printed as a table with the ratios.
 * <ul>
 *   <li>Bootstrap: 6 empty nodes (up for 2.5 s, past the 2 s during which a fresh master refuses
 *       {@code cluster_state:ok}) to 3 masters with a replica each, until every node reports
 *       {@code cluster_state:ok} (ours vs {@code redis-cli --cluster create --cluster-replicas 1}); one
 *       untimed warm-up run first; with {@code cluster-node-timeout} 2 s and 0.5 s.
 *   <li>Rebalance: a 3-master cluster holding N keys, 2 empty masters added by {@code redis-cli --cluster
 *       add-node} (each once every node agrees on the configuration, as add-node demands), until balanced and {@code cluster_state:ok} everywhere (ours vs {@code redis-cli --cluster
 *       rebalance --cluster-use-empty-masters}); keys/s counts the keys that moved.
 *   <li>Planner: time to plan a fresh 1000-master cluster (2000 nodes), the rebalance of a formed
 *       1000-master cluster onto 10 more masters, and the no-op plan of a converged one (which reads all
 *       2000 views of 2000 lines), in process, median after warm-up.
 * </ul>
 * Nodes use ports 31000-31099 (bus 21000-21099, see {@link RedisProcess}); every process is killed at the end, or by a shutdown hook.
 */
public final class ClusterBenchmark {

    private static final int BASE_PORT = 31000;
    private static final long SETTLE_MILLIS = 2500;
    private static final Duration AGREEMENT = Duration.ofSeconds(30);
    private static final RedisConnector CONNECTOR = new RedisConnector(RedisConnectionSettings.defaults());

    private final int keys;
    private final int rounds;
    private final String only;
    private final List<String[]> rows = new ArrayList<>();

    private ClusterBenchmark(int keys, int rounds, String only) {
        this.keys = keys;
        this.rounds = rounds;
        this.only = only;
    }

    public static void main(String[] args) {
        int keys = 1_000_000;
        int rounds = 3;
        String only = "all";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--keys" -> keys = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                default -> {
                    System.err.println("usage: bin/bench cluster [--keys N] [--rounds N] [--only bootstrap|rebalance|planner]");
                    System.exit(2);
                }
            }
        }
        new ClusterBenchmark(keys, rounds, only).run();
    }

    private void run() {
        System.out.println("redis: " + redisVersion() + ", cores: " + Runtime.getRuntime().availableProcessors()
                + ", java: " + System.getProperty("java.version"));
        if (only.equals("all") || only.equals("bootstrap")) {
            bootstrap();
        }
        if (only.equals("all") || only.equals("rebalance")) {
            rebalance();
        }
        if (only.equals("all") || only.equals("planner")) {
            planner();
        }
        print();
    }

    // Bootstrap -----------------------------------------------------------------------------------

    /**
     * Redis itself keeps a new master out of {@code cluster_state:ok} for its rejoin delay (its
     * {@code cluster-node-timeout}, 0.5 s to 5 s) after it last saw itself in a minority, which lasts until
     * it serves slots: both tools wait on that floor. Measured with the tests' 2 s timeout, then with 0.5 s,
     * where what the tools themselves cost shows.
     */
    private void bootstrap() {
        // Untimed: lets the JIT compile our code path once, as redis-cli is compiled ahead of time.
        withNodes("bootstrap-warmup", 6, Map.of(), nodes -> applier().apply(ClusterShape.of(specs(nodes), 3, 1)));
        for (int nodeTimeout : new int[] {2000, 500}) {
            Map<String, String> config = Map.of("cluster-node-timeout", Integer.toString(nodeTimeout));
            List<Double> ours = new ArrayList<>();
            List<Double> theirs = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                theirs.add(withNodes("bootstrap-cli", 6, config, nodes -> timed(() -> {
                    List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
                    nodes.forEach(n -> command.add(n.endpoint().toString()));
                    command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
                    exec(command);
                    awaitOk(nodes);
                })));
                ours.add(withNodes("bootstrap-ours", 6, config, nodes -> timed(() -> {
                    ApplyResult result = applier().apply(ClusterShape.of(specs(nodes), 3, 1));
                    check(result.converged(), "apply did not converge: " + result.lastPlan());
                    awaitOk(nodes);
                })));
                System.out.printf(Locale.ROOT, "bootstrap (node timeout %d ms) round %d: ours %.2f s, redis-cli %.2f s%n",
                        nodeTimeout, round + 1, last(ours), last(theirs));
            }
            double o = median(ours);
            double t = median(theirs);
            rows.add(row("bootstrap 6 nodes to 3 masters + 3 replicas, all ok, node timeout " + nodeTimeout + " ms: wall s", o, t, t / o,
                    "no slower (2% noise): " + yes(o <= t * 1.02)));
        }
    }

    // Rebalance -----------------------------------------------------------------------------------

    private void rebalance() {
        int moves = rounds;
        List<double[]> ours = new ArrayList<>();
        List<double[]> theirs = new ArrayList<>();
        for (int round = 0; round < moves; round++) {
            theirs.add(withRebalanceSetup("rebalance-cli", nodes -> {
                double seconds = timed(() -> {
                    exec(List.of("redis-cli", "--cluster", "rebalance", nodes.get(0).endpoint().toString(), "--cluster-use-empty-masters"));
                    awaitOk(nodes);
                });
                return new double[] {seconds, keysOn(nodes.subList(3, 5))};
            }));
            ours.add(withRebalanceSetup("rebalance-ours", nodes -> {
                double seconds = timed(() -> {
                    ApplyResult result = applier().apply(ClusterShape.of(specs(nodes), 5, 0));
                    check(result.converged(), "apply did not converge: " + result.lastPlan());
                    awaitOk(nodes);
                });
                return new double[] {seconds, keysOn(nodes.subList(3, 5))};
            }));
            System.out.printf(Locale.ROOT, "rebalance round %d: ours %.2f s (%.0f keys), redis-cli %.2f s (%.0f keys)%n", round + 1,
                    last(ours)[0], last(ours)[1], last(theirs)[0], last(theirs)[1]);
        }
        double oSeconds = median(ours.stream().map(r -> r[0]).toList());
        double tSeconds = median(theirs.stream().map(r -> r[0]).toList());
        double oRate = median(ours.stream().map(r -> r[1] / r[0]).toList());
        double tRate = median(theirs.stream().map(r -> r[1] / r[0]).toList());
        rows.add(row("rebalance " + keys + " keys onto 2 empty masters: wall s", oSeconds, tSeconds, tSeconds / oSeconds, ""));
        rows.add(row("  keys moved", ours.get(0)[1], theirs.get(0)[1], Double.NaN, ""));
        rows.add(row("  keys/s", oRate, tRate, oRate / tRate, ">= 1.5x: " + yes(oRate >= 1.5 * tRate)));
    }

    /** 3 masters holding the keys, plus 2 empty masters that redis-cli added; none of it timed. */
    private double[] withRebalanceSetup(String name, NodesFunction<double[]> measure) {
        try (RedisProcesses redis = new RedisProcesses(name)) {
            List<RedisProcess> nodes = redis.start(BASE_PORT + 10, 5);
            exec(List.of("redis-cli", "--cluster", "create", nodes.get(0).endpoint().toString(), nodes.get(1).endpoint().toString(),
                    nodes.get(2).endpoint().toString(), "--cluster-yes"));
            awaitOk(nodes.subList(0, 3));
            new ClusterKeys(CONNECTOR).load(nodes.get(0).endpoint(), "bench", keys);
            // add-node and rebalance refuse a cluster whose nodes disagree, which each add-node leaves behind for a
            // few heartbeats: the second one crashed on "Nodes don't agree about configuration!".
            for (int added = 3; added < 5; added++) {
                ClusterAgreement.await(CONNECTOR, RedisProcesses.endpoints(nodes.subList(0, added)), AGREEMENT);
                exec(List.of("redis-cli", "--cluster", "add-node", nodes.get(added).endpoint().toString(), nodes.get(0).endpoint().toString()));
            }
            awaitOk(nodes);
            ClusterAgreement.await(CONNECTOR, RedisProcesses.endpoints(nodes), AGREEMENT);
            return measure.apply(nodes);
        }
    }

    private static double keysOn(List<RedisProcess> nodes) {
        long total = 0;
        for (RedisProcess node : nodes) {
            try (Jedis jedis = CONNECTOR.connect(node.endpoint())) {
                total += jedis.dbSize();
            }
        }
        return total;
    }

    // Planner -------------------------------------------------------------------------------------

    private void planner() {
        ClusterPlanner planner = new ClusterPlanner();
        List<NodeSpec> fresh = new ArrayList<>();
        List<ObservedNode> freshNodes = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            Endpoint endpoint = new Endpoint("10.0." + (i / 250) + "." + (i % 250), 6379);
            fresh.add(NodeSpec.of(endpoint));
            freshNodes.add(ObservedNode.builder().endpoint(endpoint).clusterState("fail")
                    .addView(line(id(i), endpoint, true, true, null, List.of())).build());
        }
        ObservedCluster empty = ObservedCluster.of(freshNodes);
        ClusterShape bootstrap = ClusterShape.of(fresh, 1000, 1);
        double bootstrapMs = planningMillis(() -> planner.plan(empty, bootstrap));

        ObservedCluster formed = formedCluster(1000, 20);
        List<NodeSpec> grown = formed.nodes().stream().map(n -> NodeSpec.of(n.endpoint())).toList();
        ClusterShape rebalance = ClusterShape.of(grown, 1010, 1);
        ClusterPlan plan = planner.plan(formed, rebalance);
        check(plan.blockers().isEmpty() && plan.slotsToMove() > 0, "unexpected plan " + plan.blockers());
        double rebalanceMs = planningMillis(() -> planner.plan(formed, rebalance));
        ObservedCluster converged = formedCluster(1000, 0);
        ClusterShape same = ClusterShape.of(converged.nodes().stream().map(n -> NodeSpec.of(n.endpoint())).toList(), 1000, 1);
        check(planner.plan(converged, same).converged(), "the formed cluster should be converged");
        double convergedMs = planningMillis(() -> planner.plan(converged, same));
        rows.add(row("planner: 1000 masters + 1000 replicas from empty nodes: ms", bootstrapMs, Double.NaN, Double.NaN, "< 50 ms: " + yes(bootstrapMs < 50)));
        rows.add(row("planner: 1000 -> 1010 masters, full views (" + plan.slotsToMove() + " slots): ms", rebalanceMs, Double.NaN, Double.NaN,
                "< 50 ms: " + yes(rebalanceMs < 50)));
        rows.add(row("planner: 1000 masters that agree, every view checked (no step): ms", convergedMs, Double.NaN, Double.NaN, ""));
    }

    /** A converged cluster of {@code masters} masters with one replica each, as all of them see it, plus empty nodes. */
    private static ObservedCluster formedCluster(int masters, int extra) {
        List<ClusterNode> lines = new ArrayList<>();
        List<Endpoint> endpoints = new ArrayList<>();
        int perMaster = SlotRange.SLOTS / masters;
        int remainder = SlotRange.SLOTS % masters;
        int next = 0;
        for (int m = 0; m < masters; m++) {
            int count = perMaster + (m < remainder ? 1 : 0);
            Endpoint endpoint = new Endpoint("10.1." + (m / 250) + "." + (m % 250), 6379);
            endpoints.add(endpoint);
            lines.add(line(id(m), endpoint, false, true, null, List.of(new SlotRange(next, next + count - 1))));
            next += count;
        }
        for (int r = 0; r < masters; r++) {
            Endpoint endpoint = new Endpoint("10.2." + (r / 250) + "." + (r % 250), 6379);
            endpoints.add(endpoint);
            lines.add(line(id(masters + r), endpoint, false, false, id(r), List.of()));
        }
        List<ObservedNode> nodes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            List<ClusterNode> view = new ArrayList<>(lines);
            ClusterNode mine = lines.get(i);
            EnumSet<NodeFlag> flags = EnumSet.copyOf(mine.flags());
            flags.add(NodeFlag.MYSELF);
            view.set(i, ClusterNode.builder().from(mine).flags(flags).build());
            nodes.add(ObservedNode.builder().endpoint(endpoints.get(i)).clusterState("ok").view(view).build());
        }
        for (int e = 0; e < extra; e++) {
            Endpoint endpoint = new Endpoint("10.3.0." + e, 6379);
            nodes.add(ObservedNode.builder().endpoint(endpoint).clusterState("fail")
                    .addView(line(id(3 * masters + e), endpoint, true, true, null, List.of())).build());
        }
        return ObservedCluster.of(nodes);
    }

    private static ClusterNode line(String id, Endpoint endpoint, boolean myself, boolean master, String masterId, List<SlotRange> slots) {
        EnumSet<NodeFlag> flags = EnumSet.of(master ? NodeFlag.MASTER : NodeFlag.REPLICA);
        if (myself) {
            flags.add(NodeFlag.MYSELF);
        }
        var builder = ClusterNode.builder().id(id).ip(endpoint.host()).port(endpoint.port()).busPort(endpoint.port() - RedisProcess.BUS_OFFSET)
                .flags(flags).slots(slots).configEpoch(1);
        if (masterId != null) {
            builder.masterId(masterId);
        }
        return builder.build();
    }

    private static String id(int i) {
        return String.format(Locale.ROOT, "%040x", 0x5eed0000L + i);
    }

    private static double planningMillis(Supplier<ClusterPlan> plan) {
        for (int i = 0; i < 30; i++) {
            plan.get();
        }
        double[] samples = new double[50];
        for (int i = 0; i < samples.length; i++) {
            long start = System.nanoTime();
            plan.get();
            samples[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(samples);
        return samples[samples.length / 2];
    }

    // Plumbing ------------------------------------------------------------------------------------

    private interface NodesFunction<T> {
        T apply(List<RedisProcess> nodes);
    }

    /** Fresh nodes that have been up for {@link #SETTLE_MILLIS}: a master refuses {@code cluster_state:ok} for its first 2 s. */
    private static <T> T withNodes(String name, int count, Map<String, String> config, NodesFunction<T> measure) {
        try (RedisProcesses redis = new RedisProcesses(name, config)) {
            List<RedisProcess> nodes = redis.start(BASE_PORT, count);
            sleep(SETTLE_MILLIS);
            return measure.apply(nodes);
        }
    }

    private static ClusterApplier applier() {
        return new ClusterApplier(CONNECTOR, ApplyOptions.defaults(), ClusterProgressListener.NONE);
    }

    private static List<NodeSpec> specs(List<RedisProcess> nodes) {
        return nodes.stream().map(n -> NodeSpec.of(n.endpoint())).toList();
    }

    private static double timed(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1e9;
    }

    /** Polls every node until each reports {@code cluster_state:ok} and no open slot. */
    private static void awaitOk(List<RedisProcess> nodes) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        for (RedisProcess node : nodes) {
            try (Jedis jedis = CONNECTOR.connect(node.endpoint())) {
                while (true) {
                    String info = new String((byte[]) jedis.sendCommand(Protocol.Command.CLUSTER, "INFO"), StandardCharsets.UTF_8);
                    String nodesText = new String((byte[]) jedis.sendCommand(Protocol.Command.CLUSTER, "NODES"), StandardCharsets.UTF_8);
                    if (info.contains("cluster_state:ok") && !nodesText.contains("->-") && !nodesText.contains("-<-")) {
                        break;
                    }
                    check(System.nanoTime() < deadline, node.endpoint() + " never reported cluster_state:ok");
                    sleep(5);
                }
            }
        }
    }

    private static void exec(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            check(process.waitFor(30, TimeUnit.MINUTES) && process.exitValue() == 0,
                    String.join(" ", command) + " failed:\n" + new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String redisVersion() {
        try {
            Process process = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            process.waitFor();
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void print() {
        String[] header = {"benchmark", "ours", "redis-cli", "ratio", "target"};
        int[] widths = new int[header.length];
        List<String[]> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (String[] row : all) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        System.out.println();
        for (String[] row : all) {
            StringBuilder line = new StringBuilder("| ");
            for (int i = 0; i < row.length; i++) {
                line.append(String.format(Locale.ROOT, i == 0 ? "%-" + widths[i] + "s" : "%" + widths[i] + "s", row[i])).append(" | ");
            }
            System.out.println(line.toString().trim());
            if (row == header) {
                StringBuilder rule = new StringBuilder("|");
                for (int width : widths) {
                    rule.append("-".repeat(width + 2)).append('|');
                }
                System.out.println(rule);
            }
        }
    }

    private static String[] row(String name, double ours, double theirs, double ratio, String target) {
        return new String[] {name, number(ours), number(theirs), Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2fx", ratio), target};
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        return value >= 1000 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String yes(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }

    private static <T> T last(List<T> values) {
        return values.get(values.size() - 1);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
