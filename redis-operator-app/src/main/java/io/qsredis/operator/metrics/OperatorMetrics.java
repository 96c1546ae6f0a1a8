package io.qsredis.operator.metrics;

import io.qsredis.operator.loop.ResourceKey;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.IntSupplier;

/**
 * The operator's metrics in the Prometheus text format (version 0.0.4): reconciles, errors and pass durations per
 * kind; per custom resource whether it is healthy, how often its master changed and how many replicas it has.
 * Per-resource series disappear when the resource does.
 */
public final class OperatorMetrics {
    private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private static final class Histogram {
        final AtomicLong[] counts = new AtomicLong[BUCKETS.length];
        final AtomicLong count = new AtomicLong();
        final DoubleAdder sum = new DoubleAdder();

        Histogram() {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new AtomicLong();
            }
        }

        void observe(double seconds) {
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    counts[i].incrementAndGet();
                }
            }
            count.incrementAndGet();
            sum.add(seconds);
        }
    }

    private record ResourceState(boolean healthy, long masterChanges, int replicas) {}

    private final Map<String, AtomicLong> reconciles = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private final Map<String, Histogram> durations = new ConcurrentHashMap<>();
    private final Map<ResourceKey, ResourceState> resources = new ConcurrentHashMap<>();
    private volatile IntSupplier queueDepth = () -> 0;
    private volatile boolean leader;

    /** Counts one pass over a resource of {@code kind}, failed or not, and how long it took. */
    public void reconciled(String kind, Duration took, boolean failed) {
        reconciles.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        if (failed) {
            errors.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        }
        durations.computeIfAbsent(kind, k -> new Histogram()).observe(took.toNanos() / 1e9);
    }

    /** What the last pass observed of a resource. */
    public void observed(ResourceKey key, boolean healthy, int replicas) {
        resources.merge(key, new ResourceState(healthy, 0, replicas),
                (old, now) -> new ResourceState(healthy, old.masterChanges(), replicas));
    }

    /** A master change the operator saw (a failover, by Sentinel or by the operator). */
    public void masterChanged(ResourceKey key) {
        resources.merge(key, new ResourceState(false, 1, 0),
                (old, now) -> new ResourceState(old.healthy(), old.masterChanges() + 1, old.replicas()));
    }

    public void forget(ResourceKey key) {
        resources.remove(key);
    }

    public void queueDepth(IntSupplier depth) {
        this.queueDepth = depth;
    }

    public void leader(boolean isLeader) {
        this.leader = isLeader;
    }

    /** Every series, in the Prometheus text exposition format. */
    public String scrape() {
        StringBuilder out = new StringBuilder();
        header(out, "redis_operator_reconcile_total", "counter", "Reconcile passes per kind.");
        new TreeMap<>(reconciles).forEach((kind, n) -> sample(out, "redis_operator_reconcile_total", "kind", kind, n.get()));
        header(out, "redis_operator_reconcile_errors_total", "counter", "Reconcile passes that failed, per kind.");
        new TreeMap<>(errors).forEach((kind, n) -> sample(out, "redis_operator_reconcile_errors_total", "kind", kind, n.get()));
        header(out, "redis_operator_reconcile_duration_seconds", "histogram", "Duration of reconcile passes, per kind.");
        new TreeMap<>(durations).forEach((kind, h) -> {
            for (int i = 0; i < BUCKETS.length; i++) {
                out.append("redis_operator_reconcile_duration_seconds_bucket{kind=\"").append(escape(kind))
                        .append("\",le=\"").append(number(BUCKETS[i])).append("\"} ").append(h.counts[i].get()).append('\n');
            }
            out.append("redis_operator_reconcile_duration_seconds_bucket{kind=\"").append(escape(kind)).append("\",le=\"+Inf\"} ")
                    .append(h.count.get()).append('\n');
            sample(out, "redis_operator_reconcile_duration_seconds_sum", "kind", kind, h.sum.sum());
            sample(out, "redis_operator_reconcile_duration_seconds_count", "kind", kind, h.count.get());
        });
        Map<String, ResourceState> sorted = new TreeMap<>();
        resources.forEach((key, state) -> sorted.put(labels(key), state));
        header(out, "redis_operator_resource_healthy", "gauge", "1 when the resource's last pass found it healthy (Ready), else 0.");
        sorted.forEach((labels, s) -> out.append("redis_operator_resource_healthy{").append(labels).append("} ").append(s.healthy() ? 1 : 0).append('\n'));
        header(out, "redis_operator_master_changes_total", "counter", "Master changes the operator observed per resource since it started.");
        sorted.forEach((labels, s) -> out.append("redis_operator_master_changes_total{").append(labels).append("} ").append(s.masterChanges()).append('\n'));
        header(out, "redis_operator_replicas", "gauge", "Replicas connected to the master (Redis pods) or Sentinels up (Sentinel pods), per resource.");
        sorted.forEach((labels, s) -> out.append("redis_operator_replicas{").append(labels).append("} ").append(s.replicas()).append('\n'));
        header(out, "redis_operator_queue_depth", "gauge", "Keys waiting in the work queue.");
        out.append("redis_operator_queue_depth ").append(queueDepth.getAsInt()).append('\n');
        header(out, "redis_operator_leader", "gauge", "1 while this process holds the leader lease.");
        out.append("redis_operator_leader ").append(leader ? 1 : 0).append('\n');
        return out.toString();
    }

    private static String labels(ResourceKey key) {
        return "kind=\"" + escape(key.kind()) + "\",namespace=\"" + escape(key.namespace()) + "\",name=\"" + escape(key.name()) + "\"";
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String label, String value, double sample) {
        out.append(name).append('{').append(label).append("=\"").append(escape(value)).append("\"} ").append(number(sample)).append('\n');
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : String.format(Locale.ROOT, "%s", value);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
