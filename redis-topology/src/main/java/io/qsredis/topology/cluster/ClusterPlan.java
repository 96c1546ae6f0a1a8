package io.qsredis.topology.cluster;

import org.immutables.value.Value;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The outcome of one planning pass. {@link #steps()} are to be executed in order. {@link #pending()} says
 * what Redis is still doing on its own (gossip, a failover, {@code cluster_state}); it needs only time.
 * {@link #blockers()} says what no step can fix safely; it needs a human.
 */
@Value.Immutable
public abstract class ClusterPlan {

    public abstract List<ClusterStep> steps();

    public abstract List<String> pending();

    public abstract List<ClusterBlocker> blockers();

    /** Nothing to do, nothing to wait for: the cluster has the desired shape and every node agrees. */
    public boolean converged() {
        return steps().isEmpty() && pending().isEmpty() && blockers().isEmpty();
    }

    /** Something needs a human; the steps are only the harmless repairs, if any. */
    public boolean blocked() {
        return !blockers().isEmpty();
    }

    /** The blockers' messages, joined by {@code "; "}; empty when nothing blocks. */
    public String blockerSummary() {
        return blockers().stream().map(ClusterBlocker::message).collect(Collectors.joining("; "));
    }

    /** The condition reason of the first blocker ({@link ClusterBlocker.Kind#reason()}), when something blocks. */
    public Optional<String> blockerReason() {
        return blockers().stream().findFirst().map(b -> b.kind().reason());
    }

    /** The steps of one type, in plan order. */
    public <T extends ClusterStep> List<T> stepsOf(Class<T> type) {
        return steps().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Slots the plan moves with their keys. */
    public int slotsToMove() {
        return stepsOf(ClusterStep.MigrateSlots.class).stream().mapToInt(ClusterStep.MigrateSlots::slotCount).sum();
    }

    public static ImmutableClusterPlan.Builder builder() {
        return ImmutableClusterPlan.builder();
    }
}
