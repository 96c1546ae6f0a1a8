package io.qsredis.topology.exec;

import io.qsredis.topology.cluster.ClusterPlanner;
import org.immutables.value.Value;

import java.time.Duration;

/** Tuning of {@link ClusterApplier}. */
@Value.Immutable
public abstract class ApplyOptions {

    /** The longest {@link ClusterApplier#apply} runs before it gives up. */
    @Value.Default
    public Duration timeout() {
        return Duration.ofMinutes(30);
    }

    @Value.Default
    public int slotsPerMigration() {
        return ClusterPlanner.DEFAULT_SLOTS_PER_MIGRATION;
    }

    @Value.Default
    public int migrateBatchKeys() {
        return ExecutorOptions.defaults().migrateBatchKeys();
    }

    @Value.Default
    public Duration migrateTimeout() {
        return ExecutorOptions.defaults().migrateTimeout();
    }

    /** Migration steps run at once, never two on the same node. */
    @Value.Default
    public int parallelMigrations() {
        return 2;
    }

    /** Interval between observations while Redis settles (gossip, failover, {@code cluster_state}). */
    @Value.Default
    public Duration pollInterval() {
        return Duration.ofMillis(10);
    }

    /** How long one step may wait for what Redis does by itself before the pass is planned again. */
    @Value.Default
    public Duration stepAwaitTimeout() {
        return Duration.ofSeconds(30);
    }

    public static ImmutableApplyOptions.Builder builder() {
        return ImmutableApplyOptions.builder();
    }

    public static ApplyOptions defaults() {
        return builder().build();
    }

    ExecutorOptions executorOptions() {
        return ExecutorOptions.builder()
                .migrateBatchKeys(migrateBatchKeys())
                .migrateTimeout(migrateTimeout())
                .awaitTimeout(stepAwaitTimeout())
                .pollInterval(pollInterval())
                .build();
    }

    @Value.Check
    protected void check() {
        if (parallelMigrations() < 1) {
            throw new IllegalArgumentException("parallelMigrations must be positive, got " + parallelMigrations());
        }
    }
}
