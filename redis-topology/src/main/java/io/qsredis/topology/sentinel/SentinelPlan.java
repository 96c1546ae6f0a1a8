package io.qsredis.topology.sentinel;

import org.immutables.value.Value;

import java.util.List;

/** What to tell the sentinels of one group; {@link #healthy()} as defined by {@link SentinelPlanner}. */
@Value.Immutable
public abstract class SentinelPlan {

    public abstract List<SentinelStep> steps();

    /** What only time fixes: a failover under way, a sentinel unreachable. */
    public abstract List<String> pending();

    public abstract boolean healthy();

    public static ImmutableSentinelPlan.Builder builder() {
        return ImmutableSentinelPlan.builder();
    }
}
