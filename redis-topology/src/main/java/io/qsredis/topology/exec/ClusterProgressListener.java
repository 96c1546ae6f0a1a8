package io.qsredis.topology.exec;

import io.qsredis.topology.cluster.ClusterPlan;
import io.qsredis.topology.cluster.ClusterStep;

/**
 * Hears what the executor and {@link ClusterApplier} do. Called on the thread that runs the step, which
 * for {@link ClusterApplier} may be one of several migration threads: implementations must be thread-safe
 * and quick.
 */
public interface ClusterProgressListener {

    ClusterProgressListener NONE = new ClusterProgressListener() {};

    /** A pass planned: what it will do, or why it waits. */
    default void planned(ClusterPlan plan) {}

    default void stepFinished(ClusterStep step, StepResult result) {}

    /** Some slots of a migration step are done; called once per pipelined batch of slots. */
    default void slotsMigrated(ClusterStep.MigrateSlots step, int slots, long keys) {}
}
