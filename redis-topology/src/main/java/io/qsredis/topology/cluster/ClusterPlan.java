package io.qsredis.topology.cluster;

import org.immutables.value.Value;

import java.util.List;

/**
 * The outcome of one planning pass. {@link #steps()} are to be executed in order. {@link #pending()} says
 * what Redis is still doing on its own (gossip, a failover, {@code cluster_state}); it needs only time.
 * {@link #blockers()} says what no step can fix safely; it needs a human.
 */
@Value.Immutable
public abstract class ClusterPlan {

    public abstract List<ClusterStep> steps();

    public abstract List<String> pending();

    public abstract List<String> blockers();

    /** Nothing to do, nothing to wait for: the cluster has the desired shape and every node agrees. */
    public boolean converged() {
        return steps().isEmpty() && pending().isEmpty() && blockers().isEmpty();
    }

    /** Slots the plan moves with their keys. */
    public int slotsToMove() {
        return steps().stream()
                .filter(ClusterStep.MigrateSlots.class::isInstance)
                .mapToInt(s -> ((ClusterStep.MigrateSlots) s).slotCount())
                .sum();
    }

    public static ImmutableClusterPlan.Builder builder() {
        return ImmutableClusterPlan.builder();
    }
}
