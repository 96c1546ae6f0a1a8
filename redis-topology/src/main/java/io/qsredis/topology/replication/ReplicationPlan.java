package io.qsredis.topology.replication;

import io.qsredis.topology.Endpoint;
import org.immutables.value.Value;

import java.util.List;
import java.util.Optional;

/** Which node is the master, on whose word, and the steps that make every live node agree. */
@Value.Immutable
public abstract class ReplicationPlan {

    public enum Authority {
        /** A live majority of the sentinels names the master. */
        SENTINEL_MAJORITY,
        /** No sentinel majority: the live node with the highest replication offset. */
        HIGHEST_OFFSET,
        /**
         * A majority names a master no live node is and cannot fail it over: the live node with the highest offset,
         * which the Sentinels are then told to monitor.
         */
        TAKEN_OVER,
        /** No node can be reached. */
        NONE
    }

    public abstract Optional<Endpoint> master();

    public abstract Authority authority();

    /** Why this master, in words fit for an Event. */
    public abstract String reason();

    public abstract List<ReplicationStep> steps();

    /** What waits on Redis or Sentinel: an unreachable master, a failover under way. */
    public abstract List<String> pending();

    /** Hazards found, and the steps withheld because of them. */
    public abstract List<String> warnings();

    public static ImmutableReplicationPlan.Builder builder() {
        return ImmutableReplicationPlan.builder();
    }
}
