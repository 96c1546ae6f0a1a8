package io.qsredis.topology.exec;

import org.immutables.value.Value;

import java.time.Duration;

/** Tuning of {@link ClusterExecutor}. The defaults never wait, as a reconcile pass must not. */
@Value.Immutable
public abstract class ExecutorOptions {

    /** Keys per {@code MIGRATE ... KEYS} command (and per {@code GETKEYSINSLOT}). */
    @Value.Default
    public int migrateBatchKeys() {
        return 1000;
    }

    /** The {@code timeout} argument of {@code MIGRATE}: the longest the source waits on the target. */
    @Value.Default
    public Duration migrateTimeout() {
        return Duration.ofSeconds(10);
    }

    /**
     * How long a step may wait for a precondition that Redis reaches by itself (a node learning another
     * by gossip, a failover completing). Zero: never wait, answer {@link StepResult.Status#WAITING}.
     */
    @Value.Default
    public Duration awaitTimeout() {
        return Duration.ZERO;
    }

    /** Interval between two checks while waiting. */
    @Value.Default
    public Duration pollInterval() {
        return Duration.ofMillis(10);
    }

    public static ImmutableExecutorOptions.Builder builder() {
        return ImmutableExecutorOptions.builder();
    }

    public static ExecutorOptions defaults() {
        return builder().build();
    }

    @Value.Check
    protected void check() {
        if (migrateBatchKeys() < 1) {
            throw new IllegalArgumentException("migrateBatchKeys must be positive, got " + migrateBatchKeys());
        }
    }
}
