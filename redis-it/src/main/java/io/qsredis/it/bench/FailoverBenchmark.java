package io.qsredis.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Write unavailability after the master's process is killed: hand-configured stock Sentinel next to the operator on
 * the local testbed, in the same run, for Sentinel's default {@code down-after-milliseconds} (5000) and for 1000.
 * Prints a table: median (min-max) of the time from the kill to the first write that was acknowledged and kept, and
 * the acknowledged writes lost. Run with {@code bin/bench failover [runs]}.
 */
public final class FailoverBenchmark {
    static final String PASSWORD = "bench-password";
    static final Duration BUDGET = Duration.ofSeconds(60);

    /** A Sentinel-watched master group to measure. */
    interface Subject extends AutoCloseable {
        WriteProbe.Outage killMasterAndMeasure();

        @Override
        void close();
    }

    private FailoverBenchmark() {}

    public static void main(String[] args) throws Exception {
        // The table is the output; the operator's own log would drown it (set the property to see it).
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path work = Files.createTempDirectory("qs-redis-failover-bench");
        List<String> rows = new ArrayList<>();
        rows.add(String.format(Locale.ROOT, "%-16s %-22s %8s %22s %10s", "down-after (ms)", "setup", "runs", "unavailable ms median (min-max)", "acked+lost"));
        for (long downAfter : List.of(5000L, 1000L)) {
            rows.add(row(downAfter, "stock Sentinel", measure(runs, () -> stock(work.resolve("stock-" + downAfter), downAfter))));
            rows.add(row(downAfter, "operator (testbed)", measure(runs, () -> operator(downAfter))));
        }
        System.out.println();
        rows.forEach(System.out::println);
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
            public WriteProbe.Outage killMasterAndMeasure() {
                return FailoverTrial.run(StockSentinelGroup.GROUP, group.sentinelAddresses(), PASSWORD, group::killMaster, BUDGET);
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
            public WriteProbe.Outage killMasterAndMeasure() {
                return FailoverTrial.run(OperatorSentinelGroup.GROUP, group.sentinelAddresses(), PASSWORD, group::killMaster, BUDGET);
            }

            @Override
            public void close() {
                group.close();
            }
        };
    }

    interface SubjectFactory {
        Subject create() throws Exception;
    }

    private static List<WriteProbe.Outage> measure(int runs, SubjectFactory factory) throws Exception {
        List<WriteProbe.Outage> outages = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            try (Subject subject = factory.create()) {
                WriteProbe.Outage outage = subject.killMasterAndMeasure();
                System.out.println("  run " + (run + 1) + ": " + outage);
                outages.add(outage);
            }
        }
        return outages;
    }

    private static String row(long downAfter, String setup, List<WriteProbe.Outage> outages) {
        List<Long> millis = outages.stream().map(WriteProbe.Outage::unavailable).flatMap(Optional::stream)
                .map(Duration::toMillis).sorted(Comparator.naturalOrder()).toList();
        int lost = outages.stream().mapToInt(o -> o.lostBeforeKill() + o.lostAfterKill()).sum();
        String figure = millis.isEmpty() ? "no failover within " + BUDGET.toSeconds() + " s"
                : millis.get(millis.size() / 2) + " (" + millis.get(0) + "-" + millis.get(millis.size() - 1) + ")"
                        + (millis.size() < outages.size() ? " " + (outages.size() - millis.size()) + " timed out" : "");
        return String.format(Locale.ROOT, "%-16d %-22s %8d %22s %10d", downAfter, setup, outages.size(), figure, lost);
    }
}
