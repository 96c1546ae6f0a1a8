package io.qsredis.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Write unavailability when a master fails, the operator on the local testbed next to what Redis does with no
 * operator, in the same run, each run of one alternating with one of the other. Run with
 * {@code bin/bench failover [RUNS] [sentinel|cluster]}.
 * <ul>
 *   <li>Sentinel: hand-configured stock Sentinel next to the operator's RedisReplication + RedisSentinel, for Sentinel's
 *       default {@code down-after-milliseconds} (5000) and for 1000; the master's process killed (SIGKILL), or frozen
 *       (SIGSTOP, thawed once Sentinel names another master and it keeps the client's writes). The longest stretch from
 *       the fault on without a write acknowledged and kept, through a {@code JedisSentinelPool}.
 *   <li>Cluster: the operator's RedisCluster of 3 masters x 1 replica next to a plain Redis Cluster of the same
 *       redis-server processes made by {@code redis-cli --cluster create}, both with {@code cluster-node-timeout}
 *       {@value #CLUSTER_NODE_TIMEOUT} ms; one master killed, frozen, or its pod deleted (the reference gets the SIGTERM
 *       a pod deletion sends). The longest stretch without a write acknowledged and kept to that master's slots, through
 *       a {@code JedisCluster}.
 * </ul>
 * Each row: median (min-max) over the runs, acknowledged writes lost (summed), the reference's median over the
 * operator's, and the target.
 */
public final class FailoverBenchmark {
    static final String PASSWORD = "bench-password";
    static final Duration BUDGET = Duration.ofSeconds(60);
    static final long CLUSTER_NODE_TIMEOUT = 5000;
    private static final long SENTINEL_CRASH_TARGET_MILLIS = 2000;
    private static final long CLUSTER_LOSS_TARGET_MILLIS = 3000;
    /** A hung master may cost its timeout (down-after, node timeout) and this much more. */
    private static final long HANG_SLACK_MILLIS = 2000;

    /** A Sentinel-watched master group to measure. */
    interface Subject extends AutoCloseable {
        WriteProbe.Outage measure(Fault fault);

        @Override
        void close();
    }

    interface Factory<T> {
        T create() throws Exception;
    }

    /** The runs of one setup: unavailability in ms per run (empty when it never ended), acknowledged writes lost. */
    record Figures(List<Optional<Long>> millis, int lost, int promoted) {
        List<Long> ended() {
            return millis.stream().flatMap(Optional::stream).sorted().toList();
        }

        int timedOut() {
            return millis.size() - ended().size();
        }

        Optional<Long> median() {
            List<Long> ended = ended();
            return ended.isEmpty() ? Optional.empty() : Optional.of(ended.get(ended.size() / 2));
        }

        /** The worst run; empty when some run never ended. */
        Optional<Long> max() {
            List<Long> ended = ended();
            return timedOut() > 0 || ended.isEmpty() ? Optional.empty() : Optional.of(ended.get(ended.size() - 1));
        }

        String figure() {
            List<Long> ended = ended();
            if (ended.isEmpty()) {
                return "never within " + BUDGET.toSeconds() + " s";
            }
            return ended.get(ended.size() / 2) + " (" + ended.get(0) + "-" + ended.get(ended.size() - 1) + ")"
                    + (timedOut() > 0 ? ", " + timedOut() + " never" : "");
        }
    }

    private FailoverBenchmark() {}

    public static void main(String[] args) throws Exception {
        // The tables are the output; the operator's own log would drown them (set the property to see it).
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        int runs = 3;
        String only = "all";
        for (String arg : args) {
            if (arg.equals("sentinel") || arg.equals("cluster")) {
                only = arg;
            } else if (arg.matches("[1-9][0-9]*")) {
                runs = Integer.parseInt(arg);
            } else {
                System.err.println("usage: bin/bench failover [RUNS] [sentinel|cluster]");
                System.exit(2);
            }
        }
        List<Runnable> tables = new ArrayList<>();
        if (!only.equals("cluster")) {
            Table sentinel = sentinel(runs, Files.createTempDirectory("qs-redis-failover-bench"));
            tables.add(() -> {
                System.out.println("Sentinel group of 3 + 3 Sentinels; client: JedisSentinelPool, " + FailoverTrial.CLIENT_TIMEOUT.toMillis()
                        + " ms timeouts; unavailable: the longest stretch from the fault on without a write acknowledged and kept; ratio: stock over operator");
                sentinel.print();
            });
        }
        if (!only.equals("sentinel")) {
            tables.add(cluster(runs));
        }
        for (Runnable table : tables) {
            System.out.println();
            table.run();
        }
    }

    // Sentinel ------------------------------------------------------------------------------------

    private static Table sentinel(int runs, Path work) throws Exception {
        Table table = new Table("down-after ms", "fault", "setup", "runs", "unavailable ms median (min-max)", "acked lost", "ratio", "target");
        for (long downAfter : List.of(5000L, 1000L)) {
            for (Fault fault : List.of(Fault.CRASH, Fault.HANG)) {
                System.out.println("Sentinel, down-after " + downAfter + " ms, " + fault.label + ":");
                List<WriteProbe.Outage> stock = new ArrayList<>();
                List<WriteProbe.Outage> operator = new ArrayList<>();
                for (int run = 1; run <= runs; run++) {
                    stock.add(sentinelRun("stock Sentinel", run, () -> stock(work.resolve("stock-" + downAfter), downAfter), fault));
                    operator.add(sentinelRun("operator", run, () -> operator(downAfter), fault));
                }
                Figures reference = sentinelFigures(stock);
                Figures ours = sentinelFigures(operator);
                long target = fault == Fault.CRASH ? SENTINEL_CRASH_TARGET_MILLIS : downAfter + HANG_SLACK_MILLIS;
                table.add(Long.toString(downAfter), fault.label, "stock Sentinel", Integer.toString(runs), reference.figure(),
                        Integer.toString(reference.lost()), "", "");
                table.add("", "", "operator (testbed)", Integer.toString(runs), ours.figure(), Integer.toString(ours.lost()), ratio(reference, ours),
                        target(ours, target, fault == Fault.CRASH));
            }
        }
        return table;
    }

    private static WriteProbe.Outage sentinelRun(String setup, int run, Factory<Subject> factory, Fault fault) throws Exception {
        try (Subject subject = factory.create()) {
            WriteProbe.Outage outage = subject.measure(fault);
            System.out.println("  " + setup + " run " + run + ": " + outage);
            return outage;
        }
    }

    private static Figures sentinelFigures(List<WriteProbe.Outage> outages) {
        return new Figures(outages.stream().map(o -> o.unavailable().map(Duration::toMillis)).toList(),
                outages.stream().mapToInt(o -> o.lostBeforeKill() + o.lostAfterKill()).sum(), 0);
    }

    private static Subject stock(Path dir, long downAfter) {
        StockSentinelGroup group;
        try {
            group = StockSentinelGroup.start(dir, PASSWORD, downAfter);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Subject() {
            @Override
            public WriteProbe.Outage measure(Fault fault) {
                FailoverTrial.Disruption disruption = fault == Fault.HANG ? group.hangMaster() : FailoverTrial.crash(group::killMaster);
                return FailoverTrial.run(StockSentinelGroup.GROUP, group.sentinelAddresses(), PASSWORD, disruption, BUDGET);
            }

            @Override
            public void close() {
                group.close();
            }
        };
    }

    private static Subject operator(long downAfter) {
        OperatorSentinelGroup group = new OperatorSentinelGroup(PASSWORD, downAfter);
        return new Subject() {
            @Override
            public WriteProbe.Outage measure(Fault fault) {
                FailoverTrial.Disruption disruption = fault == Fault.HANG ? group.hangMaster() : FailoverTrial.crash(group::killMaster);
                return FailoverTrial.run(OperatorSentinelGroup.GROUP, group.sentinelAddresses(), PASSWORD, disruption, BUDGET);
            }

            @Override
            public void close() {
                group.close();
            }
        };
    }

    // Cluster -------------------------------------------------------------------------------------

    private static Runnable cluster(int runs) throws Exception {
        Table table = new Table("fault", "setup", "runs", "unavailable ms median (min-max)", "acked lost", "shard's earlier writes lost",
                "replica took over", "ratio", "target");
        TreeSet<Long> operatorTimeouts = new TreeSet<>();
        TreeSet<Long> referenceTimeouts = new TreeSet<>();
        for (Fault fault : Fault.values()) {
            System.out.println("RedisCluster 3x1, " + fault.label + ":");
            List<ClusterFailoverTrial.Outcome> stock = new ArrayList<>();
            List<ClusterFailoverTrial.Outcome> operator = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                stock.add(clusterRun("Redis Cluster", run, () -> new StockCluster(PASSWORD, CLUSTER_NODE_TIMEOUT), fault));
                operator.add(clusterRun("operator", run, () -> new OperatorCluster(PASSWORD, CLUSTER_NODE_TIMEOUT), fault));
            }
            stock.forEach(o -> referenceTimeouts.add(o.nodeTimeoutMillis()));
            operator.forEach(o -> operatorTimeouts.add(o.nodeTimeoutMillis()));
            Figures reference = clusterFigures(stock);
            Figures ours = clusterFigures(operator);
            long target = fault == Fault.HANG ? operatorTimeouts.last() + HANG_SLACK_MILLIS : CLUSTER_LOSS_TARGET_MILLIS;
            table.add(fault.label, fault == Fault.DELETE ? "Redis Cluster (SIGTERM)" : "Redis Cluster", Integer.toString(runs), reference.figure(),
                    Integer.toString(reference.lost()), earlierLost(stock), reference.promoted() + "/" + runs, "", "");
            table.add("", "operator (testbed)", Integer.toString(runs), ours.figure(), Integer.toString(ours.lost()), earlierLost(operator),
                    ours.promoted() + "/" + runs, ratio(reference, ours), target(ours, target, fault != Fault.HANG));
        }
        return () -> {
            System.out.println("RedisCluster 3 masters x 1 replica; cluster-node-timeout as the nodes report it: operator " + operatorTimeouts
                    + " ms, Redis Cluster " + referenceTimeouts + " ms; client: JedisCluster, " + ClusterFailoverTrial.CLIENT_TIMEOUT.toMillis()
                    + " ms timeouts, one attempt per write; unavailable: that master's slots' longest stretch without a write acknowledged"
                    + " and kept; acked lost: acknowledged writes to any shard gone at the end; ratio: Redis Cluster over operator");
            table.print();
        };
    }

    private static ClusterFailoverTrial.Outcome clusterRun(String setup, int run, Factory<ClusterUnderTest> factory, Fault fault) throws Exception {
        try (ClusterUnderTest cluster = factory.create()) {
            ClusterFailoverTrial.Outcome outcome = ClusterFailoverTrial.run(cluster, fault, BUDGET);
            System.out.println("  " + setup + " run " + run + ": " + outcome);
            return outcome;
        }
    }

    /** Of the writes the shard acknowledged before the fault, how many are gone: all of them when it restarted empty. */
    private static String earlierLost(List<ClusterFailoverTrial.Outcome> outcomes) {
        return outcomes.stream().mapToInt(ClusterFailoverTrial.Outcome::shardLostBeforeFault).sum() + " of "
                + outcomes.stream().mapToInt(ClusterFailoverTrial.Outcome::shardBeforeFault).sum();
    }

    private static Figures clusterFigures(List<ClusterFailoverTrial.Outcome> outcomes) {
        return new Figures(outcomes.stream().map(o -> o.unavailable().map(Duration::toMillis)).toList(),
                outcomes.stream().mapToInt(ClusterFailoverTrial.Outcome::lost).sum(),
                (int) outcomes.stream().filter(ClusterFailoverTrial.Outcome::promoted).count());
    }

    // Plumbing ------------------------------------------------------------------------------------

    private static String ratio(Figures reference, Figures ours) {
        if (reference.median().isEmpty() || ours.median().isEmpty() || ours.median().get() == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "%.2fx", (double) reference.median().get() / ours.median().get());
    }

    /** Met when every run ended within the target ({@code below}: strictly under it). */
    private static String target(Figures ours, long millis, boolean below) {
        boolean met = ours.max().filter(max -> below ? max < millis : max <= millis).isPresent();
        return (below ? "< " : "<= ") + millis + " ms: " + (met ? "met" : "NOT met");
    }
}
