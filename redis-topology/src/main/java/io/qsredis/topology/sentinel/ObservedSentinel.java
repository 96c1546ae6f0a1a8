package io.qsredis.topology.sentinel;

import io.qsredis.topology.Endpoint;
import org.immutables.value.Value;

import java.util.List;
import java.util.Optional;

/**
 * One sentinel as observed: unreachable, or reachable and either not monitoring the group
 * ({@link #master()} empty) or monitoring it, with the replicas and other sentinels it knows.
 */
@Value.Immutable
public abstract class ObservedSentinel {

    public abstract Endpoint endpoint();

    @Value.Default
    public boolean reachable() {
        return true;
    }

    public abstract Optional<SentinelMasterView> master();

    public abstract List<SentinelPeerView> replicas();

    public abstract List<SentinelPeerView> sentinels();

    /** It answers and monitors the master at {@code master}. */
    public boolean monitors(Endpoint master) {
        return reachable() && master().map(m -> m.address().equals(master)).orElse(false);
    }

    public static ImmutableObservedSentinel.Builder builder() {
        return ImmutableObservedSentinel.builder();
    }

    public static ObservedSentinel unreachable(Endpoint endpoint) {
        return builder().endpoint(endpoint).reachable(false).build();
    }
}
